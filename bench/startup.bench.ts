/**
 * Start time and memory of an idle zhili on the embedded database, against a baseline measured
 * in the same run: the bare PostgreSQL cluster started and stopped by the same supervisor.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbedded } from '../packages/server/src/platform/db/embedded.ts';
import { startZhili } from '../e2e/zhili-process.ts';

function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // the process ended between listing and reading
    }
  }
  return kb / 1024;
}

/** The postmaster of `dataDir` and all its children. */
function postgresPids(dataDir: string): number[] {
  const main = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const kids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(main)], { encoding: 'utf8' })
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  return [main, ...kids];
}

const secs = (t0: number) => (performance.now() - t0) / 1000;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhili-bench-'));
const bareDir = mkdtempSync(path.join(os.tmpdir(), 'zhili-bench-bare-'));
try {
  // Baseline: the bare cluster (first start includes initdb, second is a plain start).
  let t0 = performance.now();
  let bare = await startEmbedded({ dataDir: bareDir });
  const bareFirst = secs(t0);
  await bare.stop();
  t0 = performance.now();
  bare = await startEmbedded({ dataDir: bareDir });
  const bareStart = secs(t0);
  await new Promise((r) => setTimeout(r, 2000));
  const bareRss = rssMb(postgresPids(bareDir));
  await bare.stop();

  t0 = performance.now();
  let z = await startZhili({ dataDir, env: { ZHILI_DEMO_PASSWORD: 'Bench-password-1' } });
  const first = secs(t0);
  z.proc.kill('SIGTERM');
  await z.exited;
  t0 = performance.now();
  z = await startZhili({ dataDir, env: { ZHILI_DEMO_PASSWORD: 'Bench-password-1' } });
  const restart = secs(t0);
  await fetch(`${z.url}/healthz`);
  await new Promise((r) => setTimeout(r, 3000));
  const zhiliRss = rssMb([z.proc.pid ?? 0]);
  const pgRss = rssMb(postgresPids(dataDir));
  z.proc.kill('SIGTERM');
  await z.exited;

  console.log(
    `first start (initdb + migrations + demo seed): ${first.toFixed(2)} s   [bare cluster first start ${bareFirst.toFixed(2)} s]`,
  );
  console.log(
    `start after first initialisation:             ${restart.toFixed(2)} s   [bare cluster ${bareStart.toFixed(2)} s, ratio ${(restart / bareStart).toFixed(2)}]  target < 5 s`,
  );
  console.log(
    `idle RSS zhili ${zhiliRss.toFixed(0)} MB + PostgreSQL ${pgRss.toFixed(0)} MB = ${(zhiliRss + pgRss).toFixed(0)} MB   [bare cluster ${bareRss.toFixed(0)} MB, ratio ${((zhiliRss + pgRss) / bareRss).toFixed(2)}]  target < 300 MB`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(bareDir, { recursive: true, force: true });
}
