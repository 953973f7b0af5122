import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from './db/pool.ts';

/** What a job handler is given: `attempts` counts this run (1 on the first). */
export interface JobInfo {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
}

/**
 * Runs one job. Throwing schedules a retry (exponential backoff) until `maxAttempts`, then the
 * job is 'dead'. Handlers must be idempotent: a process that dies mid-job leaves it to be
 * reclaimed and run again once its lease expires.
 */
export type JobHandler = (job: JobInfo, deps: { db: Db }) => Promise<void>;

/** A sweep run every `intervalMs` by whichever process wins its advisory lock. */
export interface RecurringTask {
  name: string;
  intervalMs: number;
  run: (deps: { db: Db }) => Promise<unknown>;
}

export interface ScheduleJobInput {
  kind: string;
  payload?: unknown;
  /** When the job becomes due; default: now (by the database clock). */
  runAt?: Date;
  /** With a key, a second pending job of the same kind and key is not created. */
  dedupeKey?: string | null;
  maxAttempts?: number;
}

/** Walks an error's `cause` chain (drizzle wraps pg errors) for a PostgreSQL SQLSTATE. */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Queues a job inside the caller's transaction, so it exists exactly when the change that asked
 * for it does. Returns the job id; `created` is false when a pending job with the same kind and
 * `dedupeKey` already existed (its id is returned and its `runAt` is left alone).
 */
export async function scheduleJob(tx: Tx, input: ScheduleJobInput): Promise<{ id: string; created: boolean }> {
  const payload = JSON.stringify(input.payload ?? {});
  const runAt = input.runAt ? sql`${input.runAt.toISOString()}::timestamptz` : sql`now()`;
  const maxAttempts = input.maxAttempts ?? 5;
  if (input.dedupeKey == null) {
    const res = await tx.execute<{ id: string }>(sql`
      insert into jobs (kind, payload, run_at, max_attempts)
      values (${input.kind}, ${payload}::jsonb, ${runAt}, ${maxAttempts}) returning id`);
    return { id: res.rows[0]!.id, created: true };
  }
  // The pending twin may be claimed between our insert and select: then insert again.
  for (let i = 0; i < 5; i++) {
    const res = await tx.execute<{ id: string }>(sql`
      insert into jobs (kind, payload, run_at, max_attempts, dedupe_key)
      values (${input.kind}, ${payload}::jsonb, ${runAt}, ${maxAttempts}, ${input.dedupeKey})
      on conflict (kind, dedupe_key) where state = 'pending' do nothing
      returning id`);
    if (res.rows[0]) return { id: res.rows[0].id, created: true };
    const existing = await tx.execute<{ id: string }>(sql`
      select id from jobs where kind = ${input.kind} and dedupe_key = ${input.dedupeKey} and state = 'pending'`);
    if (existing.rows[0]) return { id: existing.rows[0].id, created: false };
  }
  throw new Error(`scheduleJob: could not queue ${input.kind}/${input.dedupeKey}`);
}

/** Cancels the pending jobs of `kind` with `dedupeKey` (a running one finishes). Returns how many. */
export async function cancelJobs(tx: Tx, kind: string, dedupeKey: string): Promise<number> {
  const res = await tx.execute(sql`
    update jobs set state = 'cancelled', finished_at = now()
    where kind = ${kind} and dedupe_key = ${dedupeKey} and state = 'pending'`);
  return res.rowCount ?? 0;
}

/** Deletes finished (done/cancelled) jobs older than `olderThanMs`; dead ones stay for inspection. */
export async function pruneJobs(db: Tx, olderThanMs = 7 * 24 * 3600_000): Promise<number> {
  const res = await db.execute(sql`
    delete from jobs where state in ('done', 'cancelled')
      and finished_at < now() - make_interval(secs => ${olderThanMs / 1000})`);
  return res.rowCount ?? 0;
}

/** 10 s, 20 s, 40 s … capped at one hour. */
export function defaultBackoffMs(attempts: number): number {
  return Math.min(3600_000, 10_000 * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}

export interface SchedulerOptions {
  db: Db;
  /** Job handlers by kind; this process claims only kinds it can run. */
  handlers?: Record<string, JobHandler>;
  /** Names this process in `jobs.locked_by`; default host:pid:random. */
  workerId?: string;
  /** How often to look for due jobs when idle (default 1000 ms). */
  pollMs?: number;
  /** Most jobs this process runs at once (default 10). */
  batch?: number;
  /** How long a claim lasts without a heartbeat before another process may take the job over. */
  leaseMs?: number;
  /** Delay before retry number `attempts + 1` (default {@link defaultBackoffMs}). */
  backoffMs?: (attempts: number) => number;
  onError?: (err: unknown, context: string) => void;
}

type ClaimedJob = {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
};

interface RecurringEntry {
  task: RecurringTask;
  timer?: NodeJS.Timeout;
  active?: Promise<void>;
}

/** Advisory-lock key pair for a recurring task: a fixed namespace and 32 bits of its name's hash. */
const RECURRING_LOCK_NAMESPACE = 71_402_202;
function recurringLockKey(name: string): number {
  return createHash('sha256').update(name).digest().readInt32BE(0);
}

const MAX_ERROR_LENGTH = 4000;
function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  return text.slice(0, MAX_ERROR_LENGTH);
}

/**
 * Runs due jobs and recurring sweeps. Every process may run one: jobs are claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease, so each runs once; a job whose process died is reclaimed
 * when its lease expires, so work survives restarts.
 */
export class Scheduler {
  readonly workerId: string;
  private readonly db: Db;
  private readonly handlers: Record<string, JobHandler>;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly backoffMs: (attempts: number) => number;
  private readonly onError: (err: unknown, context: string) => void;
  private readonly inflight = new Map<string, { attempts: number; done: Promise<void> }>();
  private readonly recurring = new Map<string, RecurringEntry>();
  private started = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(opts: SchedulerOptions) {
    this.db = opts.db;
    this.handlers = { ...opts.handlers };
    this.workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.pollMs = opts.pollMs ?? 1000;
    this.batch = opts.batch ?? 10;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.backoffMs = opts.backoffMs ?? defaultBackoffMs;
    this.onError = opts.onError ?? ((err, context) => console.error(`[scheduler ${this.workerId}] ${context}:`, err));
  }

  /** Starts polling for jobs and running the recurring tasks. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    this.loop = this.pollLoop();
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
    for (const entry of this.recurring.values()) this.arm(entry, 0);
    return this;
  }

  /**
   * Runs `run` every `intervalMs` in whichever process wins the task's advisory lock; the others
   * skip that turn. With N processes it may run up to N times per interval, so use it for
   * idempotent sweeps and {@link scheduleJob} for work that must happen once.
   */
  every(name: string, intervalMs: number, run: RecurringTask['run']): this {
    if (this.recurring.has(name)) throw new Error(`recurring task ${name} registered twice`);
    const entry: RecurringEntry = { task: { name, intervalMs, run } };
    this.recurring.set(name, entry);
    if (this.started && !this.stopping) this.arm(entry, 0);
    return this;
  }

  /** Claims the jobs due now (up to `batch`) and waits for them: for tests and the CLI. */
  async runDue(): Promise<number> {
    const started = await this.claimAndStart(this.batch);
    await Promise.allSettled(started);
    return started.length;
  }

  /** Stops claiming, then waits for in-flight jobs and sweeps to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const entry of this.recurring.values()) clearTimeout(entry.timer);
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inflight.values()].map((j) => j.done));
    await Promise.allSettled([...this.recurring.values()].flatMap((e) => (e.active ? [e.active] : [])));
    clearInterval(this.heartbeat);
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopping) {
      const room = this.batch - this.inflight.size;
      let claimed = 0;
      if (room > 0) {
        try {
          claimed = (await this.claimAndStart(room)).length;
        } catch (err) {
          this.onError(err, 'claiming jobs');
        }
      }
      if (this.stopping) break;
      if (claimed > 0 && claimed === room && this.inflight.size < this.batch) continue;
      await this.sleep(this.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async claimAndStart(limit: number): Promise<Promise<void>[]> {
    const kinds = Object.keys(this.handlers);
    if (kinds.length === 0 || limit <= 0) return [];
    // A running job whose lease expired belongs to a process that died: take it over.
    const res = await this.db.execute<ClaimedJob>(sql`
      with due as (
        select id from jobs
        where kind = any(${sql.param(kinds)}::text[])
          and ((state = 'pending' and run_at <= now()) or (state = 'running' and locked_until < now()))
        order by run_at
        limit ${limit}
        for update skip locked
      )
      update jobs j set state = 'running', locked_by = ${this.workerId},
        locked_until = now() + make_interval(secs => ${this.leaseMs / 1000}), attempts = j.attempts + 1
      from due where j.id = due.id
      returning j.id, j.kind, j.payload, j.attempts, j.max_attempts`);
    return res.rows.map((job) => {
      const done = this.runJob(job).finally(() => {
        this.inflight.delete(job.id);
        this.wake?.();
      });
      this.inflight.set(job.id, { attempts: job.attempts, done });
      return done;
    });
  }

  private async runJob(job: ClaimedJob): Promise<void> {
    // `attempts` was raised by the claim and fences every update below: if our lease expired and
    // another process reclaimed the job, its attempts differ and our late writes change nothing.
    const mine = sql`id = ${job.id} and state = 'running' and attempts = ${job.attempts}`;
    try {
      if (job.attempts > job.max_attempts) {
        await this.db.execute(sql`
          update jobs set state = 'dead', finished_at = now(), locked_by = null, locked_until = null,
            last_error = coalesce(last_error || ' / ', '') || 'lease expired on the last attempt (worker died?)'
          where ${mine}`);
        return;
      }
      const handler = this.handlers[job.kind]!;
      try {
        await handler({ id: job.id, kind: job.kind, payload: job.payload, attempts: job.attempts }, { db: this.db });
      } catch (err) {
        await this.recordFailure(job, errorText(err));
        return;
      }
      await this.db.execute(sql`
        update jobs set state = 'done', finished_at = now(), locked_by = null, locked_until = null
        where ${mine}`);
    } catch (err) {
      // The database failed us; the lease will expire and the job will be retried.
      this.onError(err, `job ${job.kind} ${job.id}`);
    }
  }

  private async recordFailure(job: ClaimedJob, message: string): Promise<void> {
    const mine = sql`id = ${job.id} and state = 'running' and attempts = ${job.attempts}`;
    if (job.attempts >= job.max_attempts) {
      await this.db.execute(sql`
        update jobs set state = 'dead', finished_at = now(), locked_by = null, locked_until = null,
          last_error = ${message}
        where ${mine}`);
      return;
    }
    const delaySecs = Math.max(0, this.backoffMs(job.attempts)) / 1000;
    try {
      await this.db.execute(sql`
        update jobs set state = 'pending', run_at = now() + make_interval(secs => ${delaySecs}),
          locked_by = null, locked_until = null, last_error = ${message}
        where ${mine}`);
    } catch (err) {
      if (pgErrorCode(err) !== '23505') throw err;
      // A newer pending job with the same dedupe key was queued meanwhile: it replaces this retry.
      await this.db.execute(sql`
        update jobs set state = 'cancelled', finished_at = now(), locked_by = null, locked_until = null,
          last_error = ${`${message} (superseded by a newer pending job)`}
        where ${mine}`);
    }
  }

  /** Extends the lease of every job this process is running, so long jobs are not taken over. */
  private async renewLeases(): Promise<void> {
    if (this.inflight.size === 0) return;
    const ids = [...this.inflight.keys()];
    try {
      await this.db.execute(sql`
        update jobs set locked_until = now() + make_interval(secs => ${this.leaseMs / 1000})
        where id = any(${sql.param(ids)}::uuid[]) and state = 'running' and locked_by = ${this.workerId}`);
    } catch (err) {
      this.onError(err, 'renewing leases');
    }
  }

  private arm(entry: RecurringEntry, delayMs: number): void {
    entry.timer = setTimeout(() => {
      entry.active = this.runRecurring(entry.task).finally(() => {
        entry.active = undefined;
        if (!this.stopping) this.arm(entry, entry.task.intervalMs);
      });
    }, delayMs);
  }

  private async runRecurring(task: RecurringTask): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        // Transaction-scoped: released on commit, on error, and when a dead process's connection drops.
        const res = await tx.execute<{ ok: boolean }>(
          sql`select pg_try_advisory_xact_lock(${RECURRING_LOCK_NAMESPACE}, ${recurringLockKey(task.name)}) as ok`,
        );
        if (!res.rows[0]?.ok) return;
        await task.run({ db: this.db });
      });
    } catch (err) {
      this.onError(err, `recurring task ${task.name}`);
    }
  }
}

/** Creates and starts a scheduler. */
export function startScheduler(opts: SchedulerOptions): Scheduler {
  return new Scheduler(opts).start();
}
