import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { startServer, type AppDeps, type Config } from '@zhili/server';
import { seedDemo } from '../../../../demo/seed.ts';
import { INCIDENT_DEMO_ACCOUNTS } from '../../../../demo/seed-incidents-config.ts';
import { configFrom } from '../context.ts';
import { runSimulation } from './incidents-simulate.ts';

interface StartOpts {
  port?: number;
  host?: string;
  dataDir?: string;
  demo: boolean;
  simulateRate?: number;
}

/** Demo mode's default simulator rate: one incident every 20 s keeps the board alive, not busy. */
const DEMO_SIMULATE_RATE = 0.05;

/**
 * In demo mode, runs `zhili incidents simulate` inside the server against its own API as the
 * Longgang dispatcher and the incident handlers, until the server stops. Rate: --simulate-rate,
 * else ZHILI_DEMO_SIMULATE, else one incident every 20 s; 0 turns it off.
 */
function startDemoSimulation(url: string, password: string, rate: number): AbortController {
  const abort = new AbortController();
  const log = (line: string) => process.stdout.write(`[simulate] ${line}\n`);
  runSimulation({
    url,
    credentials: { username: 'dispatcher.longgang', password },
    handlers: INCIDENT_DEMO_ACCOUNTS.map((a) => ({ username: a.username, password })),
    rate,
    durationS: 0,
    adopt: true,
    signal: abort.signal,
    progressEveryMs: 0,
    log,
  }).catch((err: unknown) => log(`stopped: ${err instanceof Error ? err.message : String(err)}`));
  return abort;
}

/**
 * The demo password: ZHILI_DEMO_PASSWORD, else the one generated at first start (kept in the
 * data dir so the printed accounts stay true across restarts), else a new random one.
 */
function demoPassword(config: Config): string {
  if (config.demoPassword) return config.demoPassword;
  const file = path.join(config.dataDir, 'demo-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = `Zl-${randomBytes(9).toString('base64url')}9`;
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('启动 zhili 服务 / start the server (embedded PostgreSQL unless DATABASE_URL is set)')
    .option('-p, --port <port>', 'HTTP port (default: PORT or 3000)', (v) => Number.parseInt(v, 10))
    .option('--host <host>', 'bind address (default: HOST or 0.0.0.0)')
    .option('--data-dir <dir>', 'data directory (default: ZHILI_DATA_DIR or ./data)')
    .option('--no-demo', 'do not load the demo data on first start')
    .option(
      '--simulate-rate <n>',
      'demo mode: simulated incidents per second (default ZHILI_DEMO_SIMULATE or 0.05; 0 = off)',
      (v) => Number.parseFloat(v),
    )
    .action(async (opts: StartOpts) => {
      const config = configFrom(opts);
      const t0 = Date.now();
      let demoAccounts: { username: string; role: string; scope: string }[] = [];
      let password = '';
      const server = await startServer(config, {
        log: (line) => process.stdout.write(`[postgres] ${line}\n`),
        beforeListen: async (deps: AppDeps) => {
          if (!opts.demo) return;
          password = demoPassword(config);
          demoAccounts = (await seedDemo(deps, { password })).accounts;
        },
      });
      const lines = [
        '',
        `  治理 zhili is running at ${server.url.replace('127.0.0.1', 'localhost')}  (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
        `  database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${path.join(config.dataDir, 'pg')}`}`,
        `  API docs: ${server.url}/api/docs`,
      ];
      if (demoAccounts.length > 0) {
        lines.push('', `  Demo accounts (password: ${password}):`);
        for (const a of demoAccounts) lines.push(`    ${a.username.padEnd(22)} ${a.role.padEnd(17)} ${a.scope}`);
      }
      const simulateRate = opts.simulateRate ?? Number(process.env.ZHILI_DEMO_SIMULATE ?? DEMO_SIMULATE_RATE);
      const simulating = demoAccounts.length > 0 && simulateRate > 0;
      if (simulating)
        lines.push('', `  Simulating incidents in 龙港市 at ${simulateRate}/s (--simulate-rate 0 turns it off)`);
      process.stdout.write(`${lines.join('\n')}\n\n`);
      const simulation = simulating ? startDemoSimulation(server.url, password, simulateRate) : null;
      const shutdown = (signal: string) => {
        simulation?.abort();
        process.stdout.write(`\n${signal}: stopping zhili…\n`);
        server.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`stop failed: ${String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
