import { RunResult as RunResultSchema } from '@zhili/contracts';
import type {
  ChampionEntry,
  Framework,
  Page,
  PanelRow,
  Run,
  RunAwards,
  RunCreate,
  RunListQuery,
  RunPublished,
  RunResult,
  RunStatus,
  RunSummary,
  UnitInfo,
} from '@zhili/contracts';
import { requireAccess } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/pool.ts';
import { pgErrorCode } from '../../platform/scheduler.ts';
import { awardUnits, type AwardRules } from './awards.engine.ts';
import { runEvaluation } from './evaluation.engine.ts';
import { EvaluationErrors } from './evaluation.errors.ts';
import * as repo from './evaluation.repo.ts';
import { EvaluationEngineError } from './framework.engine.ts';
import { loadDataset, loadFramework, visibleFor } from './frameworks.service.ts';

/** The framework's award block in the shape the award engine reads. */
export function awardRulesOf(framework: Framework): AwardRules {
  const a = framework.awards;
  if (!a) return {};
  return {
    county: a.county ?? null,
    // No share means no per-county cap: every township may win.
    township: a.township ? { ...a.township, perParentCapShare: a.township.perParentCapShare ?? 1 } : null,
    champion: a.champion ?? null,
  };
}

/**
 * Computes a framework on a dataset for one year. Engine refusals (inconsistent AHP, impossible
 * geometric means…) become 400s with the engine's stable code and path.
 */
export function evaluate(
  framework: Framework,
  dataset: { units: unknown; rows: unknown },
  options: RunOptionsFor,
): RunResult {
  try {
    return runEvaluation(framework, { units: dataset.units as UnitInfo[], rows: dataset.rows as PanelRow[] }, options);
  } catch (err) {
    if (err instanceof EvaluationEngineError) {
      const detail = [{ path: err.path || 'framework', code: err.code, message: `${err.messageZh} / ${err.message}` }];
      if (err.code === 'EVAL_AHP_INCONSISTENT') throw EvaluationErrors.EVAL_AHP_INCONSISTENT(detail);
      throw EvaluationErrors.EVAL_RUN_FAILED(detail);
    }
    throw err;
  }
}
type RunOptionsFor = Parameters<typeof runEvaluation>[2];

/**
 * The result as stored and served: JSON has no NaN, so a node without a score (an indicator
 * missing and not imputed) is left out of `scores` and `contributions`, and a unit without any
 * index score is listed under `dropped` instead of `units`.
 */
export function storableResult(result: RunResult): RunResult {
  const finite = (r: Record<string, number>) =>
    Object.fromEntries(Object.entries(r).filter(([, v]) => Number.isFinite(v)));
  const dropped = [...result.dropped];
  const units = result.units.flatMap((u) => {
    if (!Number.isFinite(u.score)) {
      dropped.push({ unit: u.code, reason: 'no index score (missing data)' });
      return [];
    }
    return [{ ...u, scores: finite(u.scores), contributions: finite(u.contributions) }];
  });
  const out = { ...result, units, dropped };
  // What JSON keeps must still be a RunResult, or every later read of the run would fail.
  const check = RunResultSchema.safeParse(JSON.parse(JSON.stringify(out)));
  if (!check.success) {
    throw EvaluationErrors.EVAL_RUN_FAILED(
      check.error.issues
        .slice(0, 20)
        .map((i) => ({ path: `result.${i.path.join('.')}`, code: i.code, message: i.message })),
    );
  }
  return out;
}

/**
 * Applies the award rules. A county's township cap counts its townships in the region tree when
 * the tree knows more of them than the data (a township missing from the data still counts).
 */
export async function decideAwards(db: Tx, framework: Framework, result: RunResult): Promise<RunAwards> {
  const rules = awardRulesOf(framework);
  let perParent: Record<string, number> | undefined;
  if (rules.township) {
    const level = rules.township.level;
    const inRun: Record<string, number> = {};
    for (const u of result.units) if (u.level === level && u.parent) inRun[u.parent] = (inRun[u.parent] ?? 0) + 1;
    const inTree = await repo.childCounts(db, Object.keys(inRun), 'township');
    perParent = Object.fromEntries(Object.entries(inRun).map(([p, n]) => [p, Math.max(n, inTree[p] ?? 0)]));
  }
  const out = awardUnits(result, rules, perParent);
  return {
    awarded: [...out.awarded],
    counties: out.counties,
    townships: out.townships,
    caps: out.caps,
    champion: out.champion,
    explanation: out.explanation,
  };
}

function presentHead(row: repo.RunHead): RunSummary {
  return {
    id: row.id,
    frameworkCode: row.frameworkCode,
    frameworkVersion: row.frameworkVersion,
    regionCode: row.regionCode,
    datasetId: row.datasetId,
    year: row.year,
    version: row.version,
    status: row.status as RunStatus,
    options: row.options as Record<string, unknown>,
    unitCount: row.unitCount,
    champion: row.champion,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    publishedBy: row.publishedBy,
  };
}

/** The API shape of a run with its result and awards. */
export function presentRun(row: repo.RunRow): Run {
  const result = row.result as RunResult;
  const awards = row.awards as RunAwards;
  return {
    ...presentHead({ ...row, unitCount: result.units.length, champion: awards.champion }),
    result,
    awards,
  };
}

/** The run row, 404 when missing. No access check: callers do it. */
export async function loadRun(ctx: Ctx, id: string): Promise<repo.RunRow> {
  const row = await repo.findRun(ctx.db, id);
  if (!row) throw EvaluationErrors.EVAL_RUN_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  return row;
}

/**
 * Runs a framework (latest version unless given) on a dataset for a year and stores the result
 * as a draft: version n+1 of that framework and year.
 */
export async function createRun(ctx: Ctx, input: RunCreate): Promise<Run> {
  await requireAccess(ctx, 'evaluation.write');
  const framework = await loadFramework(ctx, input.framework, input.version);
  await requireAccess(ctx, 'evaluation.write', { regionCode: framework.regionCode });
  const dataset = await loadDataset(ctx, input.dataset);
  if (dataset.frameworkCode !== framework.code) {
    throw EvaluationErrors.EVAL_DATASET_MISMATCH([
      { path: 'body.dataset', code: 'mismatch', message: `dataset is for ${dataset.frameworkCode}` },
    ]);
  }
  if (!(dataset.years as number[]).includes(input.year)) {
    throw EvaluationErrors.EVAL_NO_DATA_FOR_YEAR([
      {
        path: 'body.year',
        code: 'no_data',
        message: `years in the dataset: ${(dataset.years as number[]).join(', ')}`,
      },
    ]);
  }
  const def = framework.definition as Framework;
  const options = { ...input.options, year: input.year };
  const result = storableResult(evaluate(def, dataset, options));
  return ctx.db.transaction(async (tx) => {
    const awards = await decideAwards(tx, def, result);
    const row = await repo.insertRunVersion(tx, {
      frameworkCode: framework.code,
      frameworkVersion: framework.version,
      regionCode: framework.regionCode,
      datasetId: dataset.id,
      year: input.year,
      options,
      result,
      awards,
      status: 'draft',
      createdBy: ctx.actor.name,
    });
    await recordAudit(ctx, tx, {
      action: 'evaluation.run.create',
      entity: 'eval_run',
      entityId: row.id,
      after: {
        framework: `${row.frameworkCode}@${row.frameworkVersion}`,
        dataset: row.datasetId,
        year: row.year,
        version: row.version,
        units: result.units.length,
        champion: awards.champion,
        awarded: awards.awarded,
      },
    });
    return presentRun(row);
  });
}

/** Runs in the caller's scope (without results), newest year first. */
export async function listRuns(ctx: Ctx, query: RunListQuery): Promise<Page<RunSummary>> {
  await requireAccess(ctx, 'evaluation.read');
  const { items, total } = await repo.listRuns(
    ctx.db,
    { framework: query.framework, year: query.year, status: query.status, visible: visibleFor(ctx) },
    query,
  );
  return { items: items.map(presentHead), total, page: query.page, pageSize: query.pageSize };
}

export async function getRun(ctx: Ctx, id: string): Promise<Run> {
  await requireAccess(ctx, 'evaluation.read');
  const row = await loadRun(ctx, id);
  await requireAccess(ctx, 'evaluation.read', { regionCode: row.regionCode });
  return presentRun(row);
}

/**
 * Publishes a draft: its awards become official and the champion is appended to the roll. Only
 * one run per framework and year is ever published (the roll is never rewritten): a second
 * publish of the same run, or of another version of that year, is refused with 409.
 */
export async function publishRun(ctx: Ctx, id: string): Promise<RunPublished> {
  await requireAccess(ctx, 'evaluation.publish');
  const found = await loadRun(ctx, id);
  await requireAccess(ctx, 'evaluation.publish', { regionCode: found.regionCode });
  try {
    return await ctx.db.transaction(async (tx) => {
      const run = (await repo.lockRun(tx, id))!;
      if (run.status === 'published') {
        throw EvaluationErrors.EVAL_RUN_ALREADY_PUBLISHED([
          { path: 'params.id', code: 'published', message: `published ${run.publishedAt?.toISOString() ?? ''}` },
        ]);
      }
      const other = await repo.publishedRun(tx, run.frameworkCode, run.year);
      if (other) throw yearPublished(other.version);
      const published = await repo.markPublished(tx, id, ctx.actor.name);
      const awards = run.awards as RunAwards;
      const champion = awards.champion
        ? (run.result as RunResult).units.find((u) => u.code === awards.champion)
        : undefined;
      if (champion) {
        await repo.appendChampion(tx, {
          frameworkCode: run.frameworkCode,
          regionCode: run.regionCode,
          year: run.year,
          unitCode: champion.code,
          unitName: champion.name,
          score: champion.score,
          runId: run.id,
          publishedAt: published.publishedAt!,
        });
      }
      await recordAudit(ctx, tx, {
        action: 'evaluation.run.publish',
        entity: 'eval_run',
        entityId: id,
        before: { status: run.status },
        after: {
          status: 'published',
          framework: `${run.frameworkCode}@${run.frameworkVersion}`,
          year: run.year,
          version: run.version,
          champion: champion?.code ?? null,
          awarded: awards.awarded,
        },
      });
      return {
        id,
        status: 'published' as const,
        publishedAt: published.publishedAt!.toISOString(),
        champion: champion?.code ?? null,
      };
    });
  } catch (err) {
    // Two versions of one year published at the same moment: the unique index lets one through.
    // (eval_runs_published_uq is the only unique index a publish can hit.)
    if (pgErrorCode(err) === '23505') throw yearPublished(null);
    throw err;
  }
}

const yearPublished = (version: number | null) =>
  EvaluationErrors.EVAL_YEAR_ALREADY_PUBLISHED([
    {
      path: 'params.id',
      code: 'year_published',
      message: version === null ? 'another run of this year was published' : `version ${version} is published`,
    },
  ]);

/** The champion roll of a framework, oldest year first. */
export async function listChampions(ctx: Ctx, frameworkCode: string): Promise<ChampionEntry[]> {
  await requireAccess(ctx, 'evaluation.read');
  const framework = await loadFramework(ctx, frameworkCode);
  await requireAccess(ctx, 'evaluation.read', { regionCode: framework.regionCode });
  const rows = await repo.listChampions(ctx.db, frameworkCode);
  return rows.map((r) => ({
    year: r.year,
    unitCode: r.unitCode,
    unitName: r.unitName,
    score: r.score,
    runId: r.runId,
    publishedAt: r.publishedAt.toISOString(),
  }));
}
