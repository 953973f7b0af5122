import { recordAudit } from '../../platform/audit.ts';
import { systemCtx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { RecurringTask } from '../../platform/scheduler.ts';
import * as repo from './cases.repo.ts';
import { sweepStep } from './lifecycle.engine.ts';

/**
 * The statutory-clock sweep: cases whose `clock_check_at` has come are warned (80 % of the limit)
 * or breached (the limit passed), each once, with a timeline event and an audit entry. Limits
 * are counted in days, so a sweep a minute is plenty. Rows are taken with SKIP LOCKED, so
 * several processes may sweep at once; state lives in the table, so restarts lose nothing.
 */
export async function sweepCaseClocks(
  db: Db,
  now = new Date(),
  limit = 500,
): Promise<{ warned: number; breached: number }> {
  const ctx = systemCtx(db, 'mediation-clock-sweep');
  return db.transaction(async (tx) => {
    let warned = 0;
    let breached = 0;
    for (const row of await repo.dueClocks(tx, now, limit)) {
      const step = sweepStep(
        {
          dueAt: row.clockDueAt,
          warnAt: row.clockWarnAt,
          warnedAt: row.clockWarnedAt,
          breachedAt: row.clockBreachedAt,
          stoppedAt: row.clockStoppedAt,
        },
        now,
      );
      if (step.kind === 'none') {
        await repo.setClock(tx, row.id, { clockCheckAt: step.nextCheckAt });
        continue;
      }
      const warn = step.kind === 'warn';
      await repo.setClock(
        tx,
        row.id,
        warn ? { clockWarnedAt: now, clockCheckAt: step.nextCheckAt } : { clockBreachedAt: now, clockCheckAt: null },
      );
      await repo.insertEvent(tx, {
        caseId: row.id,
        at: now,
        action: warn ? 'clock_warning' : 'clock_breach',
        actorName: '系统',
        note: warn
          ? `距法定调解期限（${row.timeLimitDays} 天）届满不足 20%`
          : `已超过法定调解期限（${row.timeLimitDays} 天）`,
        data: { dueAt: row.clockDueAt.toISOString() },
      });
      await recordAudit(ctx, tx, {
        action: warn ? 'mediation.case.clock_warning' : 'mediation.case.clock_breach',
        entity: 'mediation_case',
        entityId: row.id,
        after: { number: row.number, dueAt: row.clockDueAt.toISOString() },
      });
      if (warn) warned += 1;
      else breached += 1;
    }
    return { warned, breached };
  });
}

/** The module's recurring task. */
export const caseClockSweep: RecurringTask = {
  name: 'mediation.case-clocks',
  intervalMs: 60_000,
  run: ({ db }) => sweepCaseClocks(db),
};
