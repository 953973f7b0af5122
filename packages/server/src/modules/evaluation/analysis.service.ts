import { SensitivityResult as SensitivityResultSchema } from '@zhili/contracts';
import type {
  Framework,
  PanelRow,
  RunResult,
  SensitivityCreate,
  SensitivityJob,
  SensitivityResult,
  SensitivitySettings,
  UnitInfo,
} from '@zhili/contracts';
import { requireAccess } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/pool.ts';
import { scheduleJob } from '../../platform/scheduler.ts';
import { runEvaluation } from './evaluation.engine.ts';
import { EvaluationErrors } from './evaluation.errors.ts';
import * as repo from './evaluation.repo.ts';
import { loadDataset, loadFramework } from './frameworks.service.ts';
import { loadRun } from './runs.service.ts';
import {
  frameworkAward,
  planSensitivity,
  runReplications,
  sliceReplications,
  summariseSensitivity,
} from './sensitivity.engine.ts';

/** Job kind of a sensitivity analysis (handler in evaluation.jobs.ts). */
export const SENSITIVITY_JOB = 'evaluation.sensitivity';

function present(row: repo.SensitivityRow): SensitivityJob {
  const settings = row.assumptions as SensitivitySettings;
  return {
    id: row.id,
    runId: row.runId,
    status: row.status as SensitivityJob['status'],
    progress: row.progress,
    replications: row.replications,
    assumptions: settings.assumptions ?? {},
    result: (row.result as SensitivityResult | null) ?? null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Queues a Monte Carlo sensitivity analysis of a run; progress and result land in its row. */
export async function startSensitivity(ctx: Ctx, runId: string, input: SensitivityCreate): Promise<{ id: string }> {
  await requireAccess(ctx, 'evaluation.write');
  const run = await loadRun(ctx, runId);
  await requireAccess(ctx, 'evaluation.write', { regionCode: run.regionCode });
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertSensitivity(tx, {
      runId,
      regionCode: run.regionCode,
      replications: input.replications,
      assumptions: input,
      createdBy: ctx.actor.name,
    });
    await scheduleJob(tx, { kind: SENSITIVITY_JOB, payload: { id: row.id }, maxAttempts: 2 });
    await recordAudit(ctx, tx, {
      action: 'evaluation.sensitivity.start',
      entity: 'eval_sensitivity',
      entityId: row.id,
      after: { runId, settings: input },
    });
    return { id: row.id };
  });
}

export async function getSensitivity(ctx: Ctx, id: string): Promise<SensitivityJob> {
  await requireAccess(ctx, 'evaluation.read');
  const row = await repo.findSensitivity(ctx.db, id);
  if (!row) throw EvaluationErrors.EVAL_SENSITIVITY_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  await requireAccess(ctx, 'evaluation.read', { regionCode: row.regionCode });
  return present(row);
}

/** Slices per analysis: progress is stored after each, and the event loop breathes between them. */
const SLICES = 20;

/**
 * Computes one queued analysis (the job handler). Idempotent: a rerun after a crash starts over
 * and overwrites progress and result. The caller's access was checked when it was queued.
 */
export async function computeSensitivity(db: Db, id: string): Promise<void> {
  const row = await repo.findSensitivity(db, id);
  if (!row || row.status === 'done') return;
  await repo.updateSensitivity(db, id, { status: 'running', progress: 0, error: null });
  const ctx = systemCtx(db, `sensitivity:${id}`);
  try {
    const run = await loadRun(ctx, row.runId);
    const framework = await loadFramework(ctx, run.frameworkCode, run.frameworkVersion);
    const dataset = await loadDataset(ctx, run.datasetId);
    const result = run.result as RunResult;
    const caps = (run.awards as { caps?: Record<string, { units: number }> }).caps ?? {};
    const perParent = Object.fromEntries(Object.entries(caps).map(([p, c]) => [p, c.units]));
    const plan = planSensitivity(
      framework.definition as Framework,
      { units: dataset.units as UnitInfo[], rows: dataset.rows as PanelRow[] },
      { ...(run.options as object), year: result.year },
      row.assumptions as SensitivitySettings,
      runEvaluation,
      Object.keys(perParent).length ? perParent : undefined,
    );
    const award = frameworkAward(plan.model);
    const parts = sliceReplications(plan.design, SLICES);
    const total = parts.length ? parts[parts.length - 1]![1] : 0;
    const slices = [];
    for (const [from, to] of parts) {
      slices.push(runReplications(plan, from, to, { award }));
      await repo.updateSensitivity(db, id, { progress: total ? to / total : 1 });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const summary = summariseSensitivity(plan, slices, { awards: award !== null });
    // Stored as JSON (NaN becomes null): refuse here what could not be served later.
    const check = SensitivityResultSchema.safeParse(JSON.parse(JSON.stringify(summary)));
    if (!check.success) {
      const issue = check.error.issues[0]!;
      throw new Error(`result not storable at ${issue.path.join('.')}: ${issue.message}`);
    }
    await repo.updateSensitivity(db, id, { status: 'done', progress: 1, result: summary, finishedAt: new Date() });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await repo.updateSensitivity(db, id, { status: 'failed', error: message.slice(0, 4000), finishedAt: new Date() });
  }
}
