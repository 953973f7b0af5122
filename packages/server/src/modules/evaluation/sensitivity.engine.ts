/**
 * Uncertainty and sensitivity analysis of an evaluation (COINr's `get_sensitivity`, done
 * quasi-randomly and in parallel): replications over the chosen assumptions laid out as a
 * Saltelli (2010) design on a Sobol' sequence; for each unit its median rank, 5th–95th percentile
 * rank interval and award probability; Sobol' first-order and total-effect indices of each
 * assumption group with bootstrap intervals. Pure: no I/O (worker threads live in
 * `sensitivity.worker.ts`, which calls `runReplications` on slices).
 */
import {
  SensitivitySettings,
  type Dataset,
  type Framework,
  type ReplicationParams,
  type RunOptions,
  type SensitivityResult,
  type SensitivitySettingsInput,
} from '@zhili/contracts';
import { awardUnits, type RankedUnit } from './awards.engine.ts';
import { compileAwards } from './sensitivity-awards.engine.ts';
import {
  ModelEvaluator,
  buildSensitivityModel,
  decodeParams,
  type DecodedParams,
  type RunEvaluation,
  type SensitivityModel,
} from './sensitivity-model.engine.ts';
import {
  addBlock,
  blockSize,
  designPoints,
  designReplications,
  mergeRowSums,
  newRowSums,
  saltelliDesign,
  sobolIndices,
  type SaltelliDesign,
  type SobolRowSums,
} from './sobol.engine.ts';

export { buildSensitivityModel, type RunEvaluation, type SensitivityModel } from './sensitivity-model.engine.ts';

/** Who is awarded, given one replication's ranked units (E2's `awardUnits(...).awarded` fits). */
export type AwardFn = (units: readonly RankedUnit[]) => Set<string>;

/** A prepared analysis: the model, its design and the settings. Plain data (worker-safe). */
export interface SensitivityPlan {
  model: SensitivityModel;
  design: SaltelliDesign;
  settings: SensitivitySettings;
}

/** What a slice of replications [from, to) produced. Slices cover whole Saltelli blocks. */
export interface ReplicationSlice {
  from: number;
  to: number;
  /** Row-major: ranks[(r − from) * units + u]. */
  ranks: Int32Array;
  /** Replications of the slice in which each unit was awarded. */
  awardCounts: Int32Array;
  /** Sobol' row sums of the slice's base rows (other rows zero). */
  sums: SobolRowSums;
}

/** Builds the model (one `runEvaluation` per imputation × normalisation alternative) and the design. */
export function planSensitivity(
  framework: Framework,
  data: Dataset,
  options: RunOptions,
  settingsInput: SensitivitySettingsInput,
  runEvaluation: RunEvaluation,
  townshipsPerParent?: Record<string, number>,
): SensitivityPlan {
  const settings = SensitivitySettings.parse(settingsInput);
  const model = buildSensitivityModel(
    framework,
    data,
    options,
    settings.assumptions,
    runEvaluation,
    townshipsPerParent,
  );
  const design = saltelliDesign(
    model.factors.length,
    model.groups.map((g) => g.dims),
    settings.replications,
    settings.seed,
  );
  return { model, design, settings };
}

/** Marks the framework's own rules, which replications apply over typed arrays instead. */
const FRAMEWORK_RULES = Symbol('framework award rules');

/**
 * The framework's own award rules as an `AwardFn` (E2's `awardUnits`), or null when it has none.
 * `runReplications` recognises it and runs the typed-array twin (`sensitivity-awards.engine.ts`).
 */
export function frameworkAward(model: SensitivityModel): AwardFn | null {
  const awards = model.awards;
  if (!awards) return null;
  const fn: AwardFn = (units) => awardUnits({ units }, awards.rules, awards.townshipsPerParent).awarded;
  return Object.assign(fn, { [FRAMEWORK_RULES]: true });
}

/** Splits the replications into `parts` slices of whole blocks (for worker threads). */
export function sliceReplications(design: SaltelliDesign, parts: number): [number, number][] {
  const bs = blockSize(design);
  const out: [number, number][] = [];
  for (let p = 0; p < parts; p++) {
    const from = Math.floor((design.n * p) / parts) * bs;
    const to = Math.floor((design.n * (p + 1)) / parts) * bs;
    if (to > from) out.push([from, to]);
  }
  return out;
}

/**
 * Runs replications [from, to) (block-aligned). `award` defaults to the framework's rules; pass
 * null to skip awards. `onProgress(done)` is called every `progressEvery` replications.
 */
export function runReplications(
  plan: SensitivityPlan,
  from: number,
  to: number,
  opts: { award?: AwardFn | null; onProgress?: (done: number) => void; progressEvery?: number } = {},
): ReplicationSlice {
  const { model, design } = plan;
  const bs = blockSize(design);
  if (from % bs !== 0 || to % bs !== 0) throw new RangeError('replication slices must cover whole blocks');
  const n = model.units.length;
  const k = design.k;
  const chosen = opts.award === undefined ? frameworkAward(model) : opts.award;
  const fast =
    chosen && FRAMEWORK_RULES in chosen && model.awards
      ? compileAwards(model, model.awards.rules, model.awards.townshipsPerParent)
      : null;
  const award = fast ? null : chosen;
  const points = designPoints(design, from, to);
  const evaluator = new ModelEvaluator(model);
  const ranks = new Int32Array((to - from) * n);
  const awardCounts = new Int32Array(n);
  const sums = newRowSums(design.n, design.groups.length);
  const score = new Float64Array(n);
  const outputs = Array.from({ length: bs }, () => new Float64Array(n));
  const ranked: RankedUnit[] = model.units.map((u) => ({ ...u, score: 0, rank: 0, vetoed: false }));
  const indexOf = new Map(model.units.map((u, i) => [u.code, i]));
  const params = decodeParams(model, new Float64Array(k));
  const every = opts.progressEvery ?? Math.max(bs, Math.ceil((to - from) / 100));
  const byScore = plan.settings.sobolOutput === 'score';
  // A unit may win under two rules of the same level: count it once per replication.
  const lastWin = new Int32Array(n).fill(-1);
  let current = -1;
  const win = (u: number) => {
    if (lastWin[u] === current) return;
    lastWin[u] = current;
    awardCounts[u]!++;
  };

  for (let r = from; r < to; r++) {
    decodeParams(model, points.subarray((r - from) * k, (r - from + 1) * k), params);
    const rank = ranks.subarray((r - from) * n, (r - from + 1) * n);
    evaluator.evaluate(params, score, rank);
    current = r;
    if (fast || award) {
      const table = model.tables[params.imputation * model.alternatives.normalisation.length + params.normalisation]!;
      if (fast) fast(score, rank, table.vetoed, win);
      else if (award) {
        for (let u = 0; u < n; u++) {
          const unit = ranked[u]!;
          unit.score = score[u]!;
          unit.rank = rank[u]!;
          unit.vetoed = table.vetoed[u] === 1;
        }
        for (const code of award(ranked)) {
          const u = indexOf.get(code);
          if (u !== undefined) win(u);
        }
      }
    }
    const pos = r % bs;
    const out = outputs[pos]!;
    // Outputs are centred on the base run's value: any constant keeps the estimators unbiased,
    // and one near the mean removes most of their variance (SALib standardises for the same reason).
    // A unit without a score (no data at all) contributes no variance rather than NaN.
    for (let u = 0; u < n; u++) {
      const f = byScore ? score[u]! - model.baseScore[u]! : rank[u]! - model.baseRank[u]!;
      out[u] = Number.isNaN(f) ? 0 : f;
    }
    if (pos === bs - 1) addBlock(sums, (r - pos) / bs, outputs[0]!, outputs[1]!, outputs.slice(2));
    if (opts.onProgress && ((r + 1 - from) % every === 0 || r + 1 === to)) opts.onProgress(r + 1 - from);
  }
  return { from, to, ranks, awardCounts, sums };
}

function quantile(sorted: Int32Array, p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The assumptions of replication r, by name (what the result keeps for inspection). */
export function replicationParams(
  model: SensitivityModel,
  point: ArrayLike<number>,
  scratch?: DecodedParams,
): ReplicationParams {
  const p = decodeParams(model, point, scratch);
  const alt = model.alternatives;
  const out: ReplicationParams = {
    normalisation: alt.normalisation[p.normalisation]!,
    aggregation: alt.aggregation[p.aggregation]!,
    imputation: alt.imputation[p.imputation]!,
    drop: alt.drop[p.drop] ?? null,
  };
  if (model.weightSpread > 0) {
    out.weights = {};
    for (let i = 1; i < model.nodes.length; i++) out.weights[model.nodes[i]!.code] = p.weightFactor[i]!;
  }
  return out;
}

/**
 * Combines slices (any order, together covering every replication) into the result: per-unit
 * rank statistics (linear-interpolated percentiles, as numpy's default) and award probability,
 * Sobol' indices per assumption group, every replication's parameters.
 */
export function summariseSensitivity(
  plan: SensitivityPlan,
  slices: ReplicationSlice[],
  opts: { awards?: boolean } = {},
): SensitivityResult {
  const { model, design, settings } = plan;
  const total = designReplications(design);
  const n = model.units.length;
  const ordered = [...slices].sort((a, b) => a.from - b.from);
  const covered = ordered.reduce((s, x) => s + (x.to - x.from), 0);
  if (covered !== total) throw new RangeError(`slices cover ${covered} of ${total} replications`);
  const bs = blockSize(design);

  const sums = newRowSums(design.n, design.groups.length);
  const awardCounts = new Int32Array(n);
  for (const s of ordered) {
    mergeRowSums(sums, s.sums, s.from / bs, s.to / bs);
    for (let u = 0; u < n; u++) awardCounts[u]! += s.awardCounts[u]!;
  }
  const withAwards = opts.awards ?? model.awards !== null;
  const column = new Int32Array(total);
  const units = model.units.map((unit, u) => {
    let r = 0;
    for (const s of ordered) for (let i = 0; i < s.to - s.from; i++) column[r++] = s.ranks[i * n + u]!;
    column.sort();
    return {
      code: unit.code,
      name: unit.name,
      level: unit.level,
      baseRank: model.baseRank[u]!,
      medianRank: quantile(column, 0.5),
      rankInterval: [quantile(column, 0.05), quantile(column, 0.95)] as [number, number],
      awardProbability: withAwards ? awardCounts[u]! / total : null,
    };
  });

  const points = designPoints(design, 0, total);
  const k = design.k;
  const scratch = decodeParams(model, new Float64Array(k));
  const replications = Array.from({ length: total }, (_, r) => {
    const params = replicationParams(model, points.subarray(r * k, (r + 1) * k), scratch);
    if (!settings.keepRanks) return { params };
    const slice = ordered.find((s) => r >= s.from && r < s.to)!;
    const ranks: Record<string, number> = {};
    model.units.forEach((unit, u) => (ranks[unit.code] = slice.ranks[(r - slice.from) * n + u]!));
    return { params, ranks };
  });

  const indices = design.groups.length
    ? sobolIndices(sums, { bootstrap: settings.bootstrap, seed: settings.seed })
    : [];
  return {
    replications,
    units,
    sobol: indices.map((s, i) => ({ factor: model.groups[i]!.group, ...s })),
    method: {
      design: `Saltelli (2010) A/B/A_B^(i) on a Sobol' sequence (Joe–Kuo directions, digital shift seed ${design.seed}), ${bs} runs per base row`,
      first: 'Saltelli (2010): V_i = 1/N Σ f(B)(f(A_B^i) − f(A))',
      total: 'Jansen (1999): V_Ti = 1/2N Σ (f(A) − f(A_B^i))²',
      output: settings.sobolOutput,
      baseRows: design.n,
      bootstrap: settings.bootstrap,
      seed: settings.seed,
    },
  };
}

/**
 * The whole analysis on the calling thread. For long runs prefer `runSensitivityInWorkers`
 * (same result for the same seed). `award` overrides the framework's rules (null: none).
 */
export function runSensitivity(
  framework: Framework,
  data: Dataset,
  options: RunOptions,
  settings: SensitivitySettingsInput,
  deps: {
    runEvaluation: RunEvaluation;
    award?: AwardFn | null;
    townshipsPerParent?: Record<string, number>;
    onProgress?: (done: number, total: number) => void;
  },
): SensitivityResult {
  const plan = planSensitivity(framework, data, options, settings, deps.runEvaluation, deps.townshipsPerParent);
  const total = designReplications(plan.design);
  const award = deps.award === undefined ? frameworkAward(plan.model) : deps.award;
  const onProgress = deps.onProgress;
  const slice = runReplications(plan, 0, total, {
    award,
    ...(onProgress ? { onProgress: (done: number) => onProgress(done, total) } : {}),
  });
  return summariseSensitivity(plan, [slice], { awards: award !== null });
}
