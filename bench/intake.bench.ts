/**
 * Sustained incident intake through HTTP — the whole intake (validation, access, category and
 * region, rule, incident, timeline, clocks, audit, idempotency) — against a baseline measured in
 * the same run: a bare Fastify + pg endpoint inserting one row of its own table
 * (bench/intake-bare.ts).
 *
 * zhili runs as production runs it: the built `zhili start` in its own process (one Node
 * process, its pool of 10, the clock sweep and outbox running beside it). The bare endpoint is
 * its own process too, on the same PostgreSQL. This process only generates load (node:http,
 * keep-alive), on the same 2-core machine. Both get realistic Longgang bodies, an API key and a
 * fresh Idempotency-Key per request.
 *
 * Database: the embedded cluster (default), or a fresh database on ZHILI_BENCH_DATABASE_URL.
 * ZHILI_BENCH_RATE (1000/s), ZHILI_BENCH_SECONDS (20), ZHILI_BENCH_SAT_SECONDS (10),
 * ZHILI_BENCH_CONCURRENCY (64); ZHILI_BENCH_PROFILE=dir writes a CPU profile of zhili there
 * (bench/intake-profiler.mjs).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import pg from 'pg';
import { startEmbedded } from '../packages/server/src/platform/db/embedded.ts';
import { loginClient, startZhili } from '../e2e/zhili-process.ts';
import { generateIntake } from '../demo/incidents-templates.ts';
import { seededRandom } from '../demo/incidents-data.ts';
import { DEFAULT_CLOCK_TARGETS, PRIORITIES, type CategoryInput } from '@zhili/contracts';
import { clusterCpuMs, postmasterPid, processCpuMs } from './proc-cpu.ts';
import { LoadTarget, describe, fixedRate, quantile, saturate, throughput, type LoadRequest } from './intake-load.ts';

const RATE = Number(process.env.ZHILI_BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.ZHILI_BENCH_SECONDS ?? 20);
const SAT_SECONDS = Number(process.env.ZHILI_BENCH_SAT_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.ZHILI_BENCH_CONCURRENCY ?? 64);
const PASSWORD = 'Bench-password-1';

/** Starts the bare endpoint (bundled on the fly, npm packages external) and waits for its URL. */
async function startBare(databaseUrl: string) {
  const outfile = path.resolve('node_modules/.cache/zhili-bench/intake-bare.mjs');
  await esbuild.build({
    entryPoints: [path.resolve('bench/intake-bare.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const proc = spawn(process.execPath, [outfile], {
    env: { ...process.env, BARE_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`bare endpoint exited (${code})`)));
  });
  return {
    url,
    pid: proc.pid ?? 0,
    stop: () => new Promise<void>((r) => (proc.kill('SIGTERM'), proc.once('exit', () => r()))),
  };
}

/**
 * Sets every demo category's respond, dispatch and on-site targets an hour out. The bench files
 * tens of thousands of incidents nobody answers; with the 1-2-20 targets their clocks would breach
 * a minute later, in the middle of the next phase, and that phase would measure the sweeper's
 * escalations as much as the intake. Breach handling has its own bench (clocks.bench.ts).
 */
async function clocksAnHourOut(admin: Awaited<ReturnType<typeof loginClient>>): Promise<void> {
  const res = await admin.call('GET', '/api/incident-categories?pageSize=200');
  const page = (await res.json()) as { items: (CategoryInput & { createdAt: string; updatedAt: string })[] };
  for (const { createdAt: _c, updatedAt: _u, ...category } of page.items) {
    const clocks = Object.fromEntries(
      PRIORITIES.map((p) => {
        const t = category.clocks[p] ?? DEFAULT_CLOCK_TARGETS;
        return [p, { ...t, respondSeconds: 3600, dispatchSeconds: 3600, onSiteSeconds: 3600 }];
      }),
    );
    const put = await admin.call('PUT', `/api/incident-categories/${category.code}`, { ...category, clocks });
    if (put.status !== 200) throw new Error(`category ${category.code}: ${put.status} ${await put.text()}`);
  }
}

/** Realistic bodies, cycled; each request gets its own Idempotency-Key. */
function requests(apiKey: string, phase: string): (i: number) => LoadRequest {
  const rng = seededRandom(7);
  const bodies = Array.from({ length: 1000 }, () => JSON.stringify(generateIntake(rng).body));
  return (i) => ({
    path: '/api/incidents',
    headers: { authorization: `Bearer ${apiKey}`, 'idempotency-key': `bench-${phase}-${i}` },
    body: bodies[i % bodies.length] ?? '{}',
  });
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhili-bench-intake-'));
const adminUrl = process.env.ZHILI_BENCH_DATABASE_URL;
const dbName = `zhili_bench_${randomBytes(4).toString('hex')}`;
let externalUrl: string | undefined;
if (adminUrl) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  externalUrl = u.toString();
}
const profileDir = process.env.ZHILI_BENCH_PROFILE ? path.resolve(process.env.ZHILI_BENCH_PROFILE) : null;
if (profileDir) mkdirSync(profileDir, { recursive: true });

const zhili = await startZhili({
  dataDir,
  // First start seeds the demo (categories, accounts): slow on a busy shared machine.
  timeoutMs: 600_000,
  env: {
    ZHILI_DEMO_PASSWORD: PASSWORD,
    ZHILI_DEMO_SIMULATE: '0',
    LOG_LEVEL: 'warn',
    ...(externalUrl ? { DATABASE_URL: externalUrl } : {}),
    ...(profileDir
      ? { NODE_OPTIONS: `--import ${path.resolve('bench/intake-profiler.mjs')}`, ZHILI_PROFILE_DIR: profileDir }
      : {}),
  },
});
// The bare endpoint shares zhili's PostgreSQL: the same database, or the embedded cluster joined.
const joined = externalUrl ? null : await startEmbedded({ dataDir });
const databaseUrl = externalUrl ?? joined?.url ?? '';
const bare = await startBare(databaseUrl);
try {
  const admin = await loginClient(zhili.url, 'admin', PASSWORD);
  const created = await admin.call('POST', '/api/apikeys', {
    name: 'intake bench',
    role: 'dispatcher',
    regionCode: '330383',
  });
  if (created.status !== 201) throw new Error(`API key: ${created.status} ${await created.text()}`);
  const { key } = (await created.json()) as { key: string };

  await clocksAnHourOut(admin);

  const z = new LoadTarget(zhili.url);
  const b = new LoadTarget(bare.url);
  // Warm both (JIT, pools, caches), then interleave so drift hits them alike.
  const zWarm = await fixedRate(z, 'warm-up', 200, 3, requests(key, 'warm'));
  await fixedRate(b, 'warm-up', 200, 3, requests(key, 'warm'));
  const zFixed = await fixedRate(z, `zhili intake @ ${RATE}/s`, RATE, SECONDS, requests(key, 'fixed'));
  const bFixed = await fixedRate(b, `bare insert  @ ${RATE}/s`, RATE, SECONDS, requests(key, 'fixed'));
  // CPU per request under saturation: the app's process and (embedded) the whole PostgreSQL cluster.
  const pm = externalUrl ? null : postmasterPid(path.join(dataDir, 'pg'));
  const cpu = (pid: number) => ({ app: processCpuMs(pid), db: pm ? clusterCpuMs(pm) : Number.NaN });
  const zBefore = cpu(zhili.proc.pid ?? 0);
  const zSat = await saturate(
    z,
    `zhili intake, ${CONCURRENCY} clients`,
    CONCURRENCY,
    SAT_SECONDS,
    requests(key, 'sat'),
  );
  const zAfter = cpu(zhili.proc.pid ?? 0);
  const bAppBefore = processCpuMs(bare.pid);
  const bSat = await saturate(
    b,
    `bare insert,  ${CONCURRENCY} clients`,
    CONCURRENCY,
    SAT_SECONDS,
    requests(key, 'sat'),
  );
  const bAfter = cpu(bare.pid);
  const bBefore = { app: bAppBefore, db: zAfter.db };
  const perRequest = (before: typeof zBefore, after: typeof zBefore, ok: number, appBefore = before.app) => ({
    app: (after.app - appBefore) / ok,
    db: (after.db - before.db) / ok,
  });
  z.close();
  b.close();

  const check = new pg.Client({ connectionString: databaseUrl });
  await check.connect();
  const { rows } = await check.query<{ n: number }>(
    `select count(*)::int as n from incidents where coalesce(source_ref, '') not like 'demo-seed-%'`,
  );
  await check.end();

  console.log(
    `database: ${externalUrl ? `${new URL(adminUrl ?? '').host} (${dbName})` : 'embedded PostgreSQL'}; load generator in this process, keep-alive`,
  );
  for (const r of [zFixed, bFixed, zSat, bSat]) console.log(`  ${describe(r)}`);
  const ratio = (a: number, c: number) => (c > 0 ? a / c : Number.NaN).toFixed(2);
  console.log(
    `fixed rate: zhili ${throughput(zFixed).toFixed(0)}/s p99 ${quantile(zFixed, 0.99).toFixed(1)} ms (goal ≥ 1000/s, p99 ≤ 50 ms); ratio to bare ${ratio(throughput(zFixed), throughput(bFixed))}`,
  );
  console.log(
    `saturation: zhili ${throughput(zSat).toFixed(0)}/s vs bare ${throughput(bSat).toFixed(0)}/s, ratio ${ratio(throughput(zSat), throughput(bSat))} (goal ≥ 0.5)`,
  );
  const zc = perRequest(zBefore, zAfter, zSat.ok);
  const bc = perRequest(bBefore, bAfter, bSat.ok);
  const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : `${v.toFixed(2)} ms`);
  console.log(
    `CPU per request at saturation: zhili ${ms(zc.app)} + PostgreSQL ${ms(zc.db)}; bare ${ms(bc.app)} + PostgreSQL ${ms(bc.db)}; ` +
      `cost ratio bare/zhili ${ratio(bc.app + bc.db, zc.app + zc.db)} (the throughput ratio a CPU-bound quiet machine would show, load generator aside)`,
  );
  console.log(`incidents stored by the bench: ${rows[0]?.n ?? 0}; acknowledged: ${zWarm.ok + zFixed.ok + zSat.ok}`);
} finally {
  await bare.stop();
  zhili.proc.kill('SIGTERM');
  await zhili.exited;
  await joined?.stop();
  if (adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  rmSync(dataDir, { recursive: true, force: true });
  if (profileDir) console.log(`cpu profile of zhili in ${profileDir}`);
}
