import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, loginClient, startZhili, type ZhiliProcess } from './zhili-process.ts';

const PASSWORD = 'Crash-test-2026';

/** SIGKILLs zhili and its PostgreSQL during writes; every acknowledged write must survive. */
describe('crash safety on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhili-crash-'));
  let server: ZhiliProcess | undefined;

  afterAll(async () => {
    if (server && server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write across SIGKILL of zhili and PostgreSQL, and leaves no orphan', async () => {
    server = await startZhili({ dataDir, env: { ZHILI_DEMO_PASSWORD: PASSWORD } });
    const admin = await loginClient(server.url, 'admin', PASSWORD);
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `crash-${w}-${i}`;
        try {
          const res = await admin.call('POST', '/api/organizations', { name, type: 'company', regionCode: '330383' });
          if (res.status === 201) acknowledged.push(name);
        } catch {
          return; // connection reset by the kill
        }
      }
    };
    const writers = Array.from({ length: 6 }, (_, w) => writer(w));
    // Kill mid-stream, once a good number of writes have been acknowledged (machines here are slow and shared).
    for (const t0 = Date.now(); acknowledged.length < 60 && Date.now() - t0 < 60_000;) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const postmasterPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    server.proc.kill('SIGKILL');
    process.kill(postmasterPid, 'SIGKILL');
    stop = true;
    await server.exited;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThan(20);

    server = await startZhili({ dataDir, env: { ZHILI_DEMO_PASSWORD: PASSWORD } });
    const again = await loginClient(server.url, 'admin', PASSWORD);
    const found = new Set<string>();
    for (let page = 1; ; page++) {
      const res = await again.call('GET', `/api/organizations?q=crash-&pageSize=500&page=${page}`);
      const body = (await res.json()) as { items: { name: string }[]; total: number };
      for (const o of body.items) found.add(o.name);
      if (body.items.length < 500) break;
    }
    const lost = acknowledged.filter((n) => !found.has(n));
    expect(lost).toEqual([]);

    // A graceful stop takes PostgreSQL down with zhili.
    const pid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(pid)).toBe(false);
  }, 240_000);
});
