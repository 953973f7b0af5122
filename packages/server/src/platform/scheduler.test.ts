import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { openDatabase, type Database } from './db/pool.ts';
import { Scheduler, cancelJobs, defaultBackoffMs, pruneJobs, scheduleJob, type JobHandler } from './scheduler.ts';
import { startBackgroundWork } from './background.ts';

let db: TestDatabase;
/** A second pool on the same database: stands in for a second zhili process. */
let other: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  other = openDatabase(db.url, { max: 5 });
  await db.db.execute(
    sql`create table job_runs (job_id uuid not null, worker text not null, at timestamptz default now())`,
  );
});
afterAll(async () => {
  await other.close();
  await db.drop();
});
beforeEach(async () => {
  await db.db.execute(sql`delete from jobs`);
  await db.db.execute(sql`delete from job_runs`);
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(20);
  }
}

async function jobStates(): Promise<Record<string, number>> {
  const res = await db.db.execute<{ state: string; n: number }>(
    sql`select state, count(*)::int as n from jobs group by state`,
  );
  return Object.fromEntries(res.rows.map((r) => [r.state, r.n]));
}

const quiet = { onError: () => undefined };

describe('scheduler', () => {
  it('runs every job exactly once across two schedulers polling the same database', async () => {
    for (let i = 0; i < 200; i++) await scheduleJob(db.db, { kind: 'test.record', payload: { i } });
    const record =
      (worker: string): JobHandler =>
      async (job, deps) => {
        await sleep(Math.random() * 5);
        await deps.db.execute(sql`insert into job_runs (job_id, worker) values (${job.id}, ${worker})`);
      };
    const a = new Scheduler({
      db: db.db,
      handlers: { 'test.record': record('a') },
      workerId: 'a',
      pollMs: 10,
      batch: 8,
    });
    const b = new Scheduler({
      db: other.db,
      handlers: { 'test.record': record('b') },
      workerId: 'b',
      pollMs: 10,
      batch: 8,
    });
    a.start();
    b.start();
    await waitFor(async () => (await jobStates()).done === 200);
    await Promise.all([a.stop(), b.stop()]);

    const runs = await db.db.execute<{ total: number; distinct_jobs: number }>(
      sql`select count(*)::int as total, count(distinct job_id)::int as distinct_jobs from job_runs`,
    );
    expect(runs.rows[0]).toEqual({ total: 200, distinct_jobs: 200 });
    // Both processes really competed for the same rows.
    const workers = await db.db.execute<{ worker: string }>(sql`select distinct worker from job_runs order by 1`);
    expect(workers.rows.map((r) => r.worker)).toEqual(['a', 'b']);
    const attempts = await db.db.execute<{ max: number }>(sql`select max(attempts)::int as max from jobs`);
    expect(attempts.rows[0]?.max).toBe(1);
  });

  it('retries a failing job with backoff, then marks it dead with the last error', async () => {
    const seen: number[] = [];
    const sut = new Scheduler({
      db: db.db,
      handlers: {
        'test.fail': async (job) => {
          seen.push(job.attempts);
          throw new Error(`boom ${job.attempts}`);
        },
      },
      pollMs: 10,
      backoffMs: () => 30,
      ...quiet,
    });
    const { id } = await scheduleJob(db.db, { kind: 'test.fail', maxAttempts: 3 });
    sut.start();
    await waitFor(async () => (await jobStates()).dead === 1);
    await sut.stop();
    expect(seen).toEqual([1, 2, 3]);
    const row = await db.db.execute<{ attempts: number; last_error: string; locked_by: string | null }>(
      sql`select attempts, last_error, locked_by from jobs where id = ${id}`,
    );
    expect(row.rows[0]).toEqual({ attempts: 3, last_error: 'boom 3', locked_by: null });
  });

  it('waits the backoff before retrying and succeeds on a later attempt', async () => {
    let calls = 0;
    const sut = new Scheduler({
      db: db.db,
      handlers: {
        'test.flaky': async () => {
          calls += 1;
          if (calls < 2) throw new Error('not yet');
        },
      },
      pollMs: 10,
      backoffMs: () => 60_000,
      ...quiet,
    });
    const { id } = await scheduleJob(db.db, { kind: 'test.flaky' });
    expect(await sut.runDue()).toBe(1);
    expect(await sut.runDue()).toBe(0); // not due for a minute
    const pending = await db.db.execute<{ state: string; delay: number }>(
      sql`select state, extract(epoch from run_at - now())::int as delay from jobs where id = ${id}`,
    );
    expect(pending.rows[0]?.state).toBe('pending');
    expect(pending.rows[0]?.delay).toBeGreaterThan(50);
    await db.db.execute(sql`update jobs set run_at = now() where id = ${id}`);
    expect(await sut.runDue()).toBe(1);
    expect(await jobStates()).toEqual({ done: 1 });
    expect(calls).toBe(2);
  });

  it('reclaims a job whose worker died once its lease expires, and buries one on its last attempt', async () => {
    const ran: string[] = [];
    await db.db.execute(sql`
      insert into jobs (kind, payload, run_at, state, attempts, max_attempts, locked_by, locked_until) values
        ('test.orphan', '{"n":1}', now() - interval '1 minute', 'running', 1, 5, 'ghost', now() - interval '1 second'),
        ('test.orphan', '{"n":2}', now() - interval '1 minute', 'running', 5, 5, 'ghost', now() - interval '1 second'),
        ('test.orphan', '{"n":3}', now() - interval '1 minute', 'running', 1, 5, 'alive', now() + interval '1 minute')`);
    const sut = new Scheduler({
      db: db.db,
      handlers: { 'test.orphan': async (job) => void ran.push(JSON.stringify(job.payload)) },
    });
    expect(await sut.runDue()).toBe(2);
    expect(ran).toEqual(['{"n":1}']);
    const rows = await db.db.execute<{ n: number; state: string; attempts: number; locked_by: string | null }>(
      sql`select (payload->>'n')::int as n, state, attempts, locked_by from jobs order by 1`,
    );
    expect(rows.rows).toEqual([
      { n: 1, state: 'done', attempts: 2, locked_by: null },
      { n: 2, state: 'dead', attempts: 6, locked_by: null },
      { n: 3, state: 'running', attempts: 1, locked_by: 'alive' },
    ]);
  });

  it('keeps renewing the lease of a long job so no other process takes it over', async () => {
    let runs = 0;
    const slow: JobHandler = async () => {
      runs += 1;
      await sleep(900);
    };
    const a = new Scheduler({ db: db.db, handlers: { 'test.slow': slow }, pollMs: 20, leaseMs: 300 });
    const b = new Scheduler({ db: other.db, handlers: { 'test.slow': slow }, pollMs: 20, leaseMs: 300 });
    await scheduleJob(db.db, { kind: 'test.slow' });
    a.start();
    b.start();
    await waitFor(async () => (await jobStates()).done === 1);
    await Promise.all([a.stop(), b.stop()]);
    expect(runs).toBe(1);
  });

  it('stop() waits for in-flight jobs to finish', async () => {
    const sut = new Scheduler({
      db: db.db,
      handlers: { 'test.slow': async () => sleep(300) },
      pollMs: 10,
    });
    await scheduleJob(db.db, { kind: 'test.slow' });
    sut.start();
    await waitFor(async () => (await jobStates()).running === 1);
    await sut.stop();
    expect(await jobStates()).toEqual({ done: 1 });
  });

  it('claims only kinds it has handlers for', async () => {
    await scheduleJob(db.db, { kind: 'test.known' });
    await scheduleJob(db.db, { kind: 'test.unknown' });
    const sut = new Scheduler({ db: db.db, handlers: { 'test.known': async () => undefined } });
    expect(await sut.runDue()).toBe(1);
    expect(await jobStates()).toEqual({ done: 1, pending: 1 });
  });
});

describe('scheduleJob dedupe and cancelJobs', () => {
  it('keeps one pending job per kind and key, even when scheduled concurrently', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        db.db.transaction((tx) => scheduleJob(tx, { kind: 'test.remind', dedupeKey: 'incident:1', payload: {} })),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    // Another key and another kind are separate.
    expect((await scheduleJob(db.db, { kind: 'test.remind', dedupeKey: 'incident:2' })).created).toBe(true);
    expect((await scheduleJob(db.db, { kind: 'test.other', dedupeKey: 'incident:1' })).created).toBe(true);
    expect(await jobStates()).toEqual({ pending: 3 });
  });

  it('lets a new job be queued once the pending one ran or was cancelled', async () => {
    const first = await scheduleJob(db.db, { kind: 'test.remind', dedupeKey: 'k' });
    const sut = new Scheduler({ db: db.db, handlers: { 'test.remind': async () => undefined } });
    await sut.runDue();
    const second = await scheduleJob(db.db, { kind: 'test.remind', dedupeKey: 'k' });
    expect(second.created).toBe(true);
    expect(second.id).not.toBe(first.id);
    expect(await cancelJobs(db.db, 'test.remind', 'k')).toBe(1);
    expect(await cancelJobs(db.db, 'test.remind', 'k')).toBe(0);
    expect((await scheduleJob(db.db, { kind: 'test.remind', dedupeKey: 'k' })).created).toBe(true);
    expect(await jobStates()).toEqual({ done: 1, cancelled: 1, pending: 1 });
  });

  it('a job scheduled in a rolled-back transaction never exists', async () => {
    await expect(
      db.db.transaction(async (tx) => {
        await scheduleJob(tx, { kind: 'test.remind', dedupeKey: 'rollback' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await jobStates()).toEqual({});
  });

  it('prunes finished jobs older than the cut-off and keeps dead ones', async () => {
    await db.db.execute(sql`
      insert into jobs (kind, run_at, state, finished_at) values
        ('a', now(), 'done', now() - interval '8 days'),
        ('a', now(), 'cancelled', now() - interval '8 days'),
        ('a', now(), 'done', now()),
        ('a', now(), 'dead', now() - interval '8 days')`);
    expect(await pruneJobs(db.db)).toBe(2);
    expect(await jobStates()).toEqual({ done: 1, dead: 1 });
  });
});

describe('recurring tasks', () => {
  it('never runs one task in two processes at once', async () => {
    const spans: { start: number; end: number }[] = [];
    const run = async () => {
      const start = Date.now();
      await sleep(60);
      spans.push({ start, end: Date.now() });
    };
    const a = new Scheduler({ db: db.db, pollMs: 1000 }).every('test.tick', 10, run).start();
    const b = new Scheduler({ db: other.db, pollMs: 1000 }).every('test.tick', 10, run).start();
    await sleep(700);
    await Promise.all([a.stop(), b.stop()]);
    expect(spans.length).toBeGreaterThan(3);
    spans.sort((x, y) => x.start - y.start);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });

  it('startBackgroundWork wires module jobs and recurring sweeps, and refuses a kind twice', async () => {
    let swept = 0;
    let ran = 0;
    const modules = [
      {
        name: 'm1',
        jobs: { 'test.m1': async () => void (ran += 1) },
        recurring: [{ name: 'test.sweep', intervalMs: 20, run: async () => void (swept += 1) }],
      },
    ];
    await scheduleJob(db.db, { kind: 'test.m1' });
    const sut = startBackgroundWork({ database: db }, modules, { pollMs: 10 });
    await waitFor(async () => ran === 1 && swept >= 2);
    await sut.stop();
    expect(() => startBackgroundWork({ database: db }, [...modules, { ...modules[0]!, name: 'm2' }])).toThrow(
      /two handlers/,
    );
  });
});

describe('defaultBackoffMs', () => {
  it('grows from 10 s, never shrinks and never exceeds an hour', () => {
    expect(defaultBackoffMs(1)).toBe(10_000);
    expect(defaultBackoffMs(2)).toBe(20_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        const d = defaultBackoffMs(n);
        return d >= 10_000 && d <= 3600_000 && defaultBackoffMs(n + 1) >= d;
      }),
    );
  });
});
