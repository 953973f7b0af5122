import type { AppDeps, ZhiliModule } from './module.ts';
import { Scheduler, pruneJobs, type JobHandler, type SchedulerOptions } from './scheduler.ts';

/** What the server holds on to: stop() finishes in-flight jobs and sweeps. */
export interface BackgroundWork {
  readonly workerId: string;
  stop(): Promise<void>;
}

/**
 * The background work of one zhili process: every module's job handlers and recurring sweeps
 * (audit sealing, outbox delivery, session pruning…) plus pruning of old finished jobs. Every
 * process may run it; jobs and sweeps are claimed through the database, never run twice at once.
 */
export function startBackgroundWork(
  deps: Pick<AppDeps, 'database'>,
  modules: readonly ZhiliModule[],
  opts: Omit<SchedulerOptions, 'db' | 'handlers'> = {},
): BackgroundWork {
  const handlers: Record<string, JobHandler> = {};
  for (const m of modules) {
    for (const [kind, handler] of Object.entries(m.jobs ?? {})) {
      if (handlers[kind]) throw new Error(`job kind ${kind} has two handlers (module ${m.name})`);
      handlers[kind] = handler;
    }
  }
  const scheduler = new Scheduler({ ...opts, db: deps.database.db, handlers });
  for (const m of modules) {
    for (const t of m.recurring ?? []) scheduler.every(t.name, t.intervalMs, t.run);
  }
  scheduler.every('platform.prune-jobs', 3600_000, ({ db }) => pruneJobs(db));
  return scheduler.start();
}
