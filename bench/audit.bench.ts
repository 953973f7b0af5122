/**
 * Audit write throughput: 8 concurrent writers, each committing one audit row per transaction
 * (what a busy API does), first alone (baseline), then with the production sealer (every 1 s)
 * and with a sealer that never pauses (worst case). Writers take no lock, so the ratios show
 * what chaining costs them. Ends with a full verify of the chain.
 *
 * Database: ZHILI_BENCH_DATABASE_URL / ZHILI_TEST_DATABASE_URL (a server where we may create a
 * database), else a throw-away embedded cluster.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbedded, type EmbeddedCluster } from '../packages/server/src/platform/db/embedded.ts';
import { openDatabase, type Database } from '../packages/server/src/platform/db/pool.ts';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { recordAudit, sealAudit, verifyAudit } from '../packages/server/src/platform/audit.ts';
import { systemCtx } from '../packages/server/src/platform/context.ts';
import { Scheduler } from '../packages/server/src/platform/scheduler.ts';
import { auditSealer } from '../packages/server/src/modules/audit/audit.jobs.ts';

const WRITERS = 8;
const SECONDS = Number(process.env.ZHILI_BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.ZHILI_BENCH_ROUNDS ?? 3);

async function writeFor(database: Database, ms: number): Promise<number> {
  const ctx = systemCtx(database.db, 'bench');
  const until = performance.now() + ms;
  let written = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        await database.db.transaction((tx) =>
          recordAudit(ctx, tx, {
            action: 'incident.dispatch',
            entity: 'incident',
            entityId: `${w}-${i}`,
            before: { state: 'accepted' },
            after: { state: 'dispatched', department: '吴兴区城管局', dueInMinutes: 20 },
          }),
        );
        written++;
      }
    }),
  );
  return written / (ms / 1000);
}

let cluster: EmbeddedCluster | undefined;
let tmp: string | undefined;
let adminUrl = process.env.ZHILI_BENCH_DATABASE_URL ?? process.env.ZHILI_TEST_DATABASE_URL;
if (!adminUrl) {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'zhili-bench-audit-'));
  cluster = await startEmbedded({ dataDir: tmp });
  adminUrl = cluster.url;
}
const name = `zhili_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const database = openDatabase(url.toString(), { max: WRITERS + 4 });
try {
  // Bundled, the bench cannot locate migrations from its own URL; run.mjs starts it at the repo root.
  await migrate(database.db, { migrationsFolder: path.resolve('packages/server/migrations') });
  await writeFor(database, 1000); // warm up connections and caches
  while ((await sealAudit(database.db)) > 0);

  const sealAll = async () => {
    while ((await sealAudit(database.db)) > 0);
  };
  const withScheduler = async () => {
    const scheduler = new Scheduler({ db: database.db }).every(
      auditSealer.name,
      auditSealer.intervalMs,
      auditSealer.run,
    );
    scheduler.start();
    const rate = await writeFor(database, SECONDS * 1000);
    await scheduler.stop();
    return rate;
  };
  const withBusy = async () => {
    let sealing = true;
    const busySealer = (async () => {
      while (sealing) await sealAudit(database.db);
    })();
    const rate = await writeFor(database, SECONDS * 1000);
    sealing = false;
    await busySealer;
    return rate;
  };
  // Rounds interleave the three setups so drift (other load, cache warm-up) hits them alike.
  const rates = { baseline: [] as number[], withSealer: [] as number[], withBusySealer: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    rates.baseline.push(await writeFor(database, SECONDS * 1000));
    await sealAll();
    rates.withSealer.push(await withScheduler());
    await sealAll();
    rates.withBusySealer.push(await withBusy());
    await sealAll();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const baseline = mean(rates.baseline);
  const withSealer = mean(rates.withSealer);
  const withBusySealer = mean(rates.withBusySealer);

  const t0 = performance.now();
  const report = await verifyAudit(database.db);
  const verifySecs = (performance.now() - t0) / 1000;

  const f = (n: number) => n.toFixed(0).padStart(7);
  console.log(
    `audit inserts/s, ${WRITERS} writers, one row per transaction, mean of ${ROUNDS} rounds of ${SECONDS} s:`,
  );
  console.log(`  no sealer (baseline)        ${f(baseline)}`);
  console.log(`  sealer every 1 s            ${f(withSealer)}   ratio ${(withSealer / baseline).toFixed(2)}`);
  console.log(`  sealer never pausing        ${f(withBusySealer)}   ratio ${(withBusySealer / baseline).toFixed(2)}`);
  console.log(
    `verify: ${report.ok ? 'ok' : 'BROKEN'}, ${report.checked} rows in ${verifySecs.toFixed(2)} s (${f(report.checked / verifySecs)} rows/s)`,
  );
  if (!report.ok) process.exitCode = 1;
} finally {
  await database.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  await cluster?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
