import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentSummary, Page } from '@zhili/contracts';
import { CLI, loginClient, startZhili, type ZhiliProcess } from './zhili-process.ts';

const PASSWORD = 'Simulate-test-2026';
const HANDLERS =
  'grid.xincheng,grid.huqian,community.xincheng,community.baisha,dept.zhifa,dept.gongan,dept.zhujian,dept.shijian';

/** Runs the built CLI and collects its output. */
function runCli(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

/** `zhili incidents simulate` against a started zhili: incidents arrive and move through their life. */
describe('zhili incidents simulate', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhili-simulate-'));
  let server: ZhiliProcess | undefined;

  afterAll(async () => {
    if (server && server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('feeds incidents and handler actions through the API and prints a summary', async () => {
    server = await startZhili({ dataDir, env: { ZHILI_DEMO_PASSWORD: PASSWORD, ZHILI_DEMO_SIMULATE: '0' } });
    const dispatcher = await loginClient(server.url, 'dispatcher.longgang', PASSWORD);
    const before = (await (await dispatcher.call('GET', '/api/incidents?pageSize=1')).json()) as Page<IncidentSummary>;

    const { code, out } = await runCli([
      'incidents',
      'simulate',
      '--url',
      server.url,
      '--username',
      'dispatcher.longgang',
      '--password',
      PASSWORD,
      '--handlers',
      HANDLERS,
      '--rate',
      '4',
      '--duration',
      '8',
      '--speedup',
      '200',
      '--seed',
      '7',
    ]);
    console.log(out);
    expect(code, out).toBe(0);
    expect(out).toMatch(/intake\s+\d+\/\d+ ok/);
    expect(out).toMatch(/p50 [\d.]+ ms, p99 [\d.]+ ms/);

    const after = (await (await dispatcher.call('GET', '/api/incidents?pageSize=100')).json()) as Page<IncidentSummary>;
    expect(after.total - before.total).toBeGreaterThanOrEqual(10);
    // The simulator's incidents moved on: some were responded/dispatched/accepted by the handlers.
    const fresh = after.items.slice(0, after.total - before.total);
    const actions = new Set<string>();
    for (const s of fresh) {
      const d = (await (await dispatcher.call('GET', `/api/incidents/${s.id}`)).json()) as IncidentDetail;
      for (const e of d.timeline) actions.add(e.action);
    }
    expect(actions).toContain('receive');
    expect(actions).toContain('accept');
    expect([...actions].some((a) => a === 'respond' || a === 'dispatch')).toBe(true);
    expect([...actions].some((a) => a === 'resolve' || a === 'arrive')).toBe(true);
  }, 300_000);
});
