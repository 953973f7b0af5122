/**
 * The composite-indicator model that sensitivity replications evaluate, precomputed so that a
 * replication is only a column-wise aggregation and a ranking. What does not change across
 * replications — imputation, outlier treatment and normalisation, for each alternative — is done
 * once per (imputation × normalisation) alternative by `runEvaluation` itself; a replication then
 * re-weights, drops an indicator and re-aggregates those normalised columns. Pure: no I/O.
 */
import type {
  Dataset,
  Framework,
  FrameworkNode,
  Normalisation,
  RunOptions,
  RunResult,
  SensitivityAssumptions,
} from '@zhili/contracts';
import { aggregateInto, topsis } from './aggregate.engine.ts';
import type { AwardRules } from './awards.engine.ts';

/** E1's engine entry point (`evaluation.engine.ts`), injected so that the model is built the same everywhere. */
export type RunEvaluation = (framework: Framework, data: Dataset, options: RunOptions) => RunResult;

/** The assumption groups, in the order their factors are laid out. */
export type FactorGroup = 'weights' | 'normalisation' | 'aggregation' | 'imputation' | 'drop';

/** One (imputation, normalisation) alternative, precomputed: normalised columns and what goes with them. */
export interface AlternativeTable {
  /** Indicator-major: leaf[i * units + u] = normalised value of indicator i for unit u (NaN: none). */
  leaf: Float64Array;
  /** Effective weight of every node within its parent, as the run computed it. */
  weights: Float64Array;
  bonus: Float64Array;
  vetoed: Uint8Array;
}

/** Everything replications need, as plain data: structured-cloneable to worker threads. */
export interface SensitivityModel {
  units: { code: string; name: string; level: string; parent: string | null }[];
  /** Level index of each unit. */
  levelOf: Int32Array;
  levels: string[];
  /** Rank and score of each unit in the run as configured. */
  baseRank: Int32Array;
  baseScore: Float64Array;
  /** Pre-order nodes (root first); `leaf` is the indicator's row in the tables, −1 for aggregates. */
  nodes: { code: string; children: number[]; aggregation: string; leaf: number }[];
  indicatorCodes: string[];
  alternatives: { normalisation: string[]; aggregation: string[]; imputation: string[]; drop: (string | null)[] };
  /** tables[imputation * normalisation.length + normalisation]. */
  tables: AlternativeTable[];
  /** Weight multiplier half-width (0.2 = ±20 %); 0: weights are not a factor. */
  weightSpread: number;
  rankDecimals: number | null;
  awards: { rules: AwardRules; townshipsPerParent?: Record<string, number> } | null;
  /** Hypercube dimensions: each is a factor of one group (weights: one per non-root node). */
  factors: { group: FactorGroup; node?: number }[];
  /** Groups whose indices are estimated, with their factor dimensions. */
  groups: { group: FactorGroup; dims: number[] }[];
}

/** A replication's assumptions, decoded from its hypercube point. */
export interface DecodedParams {
  /** Multiplier of each node's weight (1 when weights do not vary). */
  weightFactor: Float64Array;
  normalisation: number;
  aggregation: number;
  imputation: number;
  /** Index into `alternatives.drop` (0 = drop nothing). */
  drop: number;
}

const NORMALISATIONS: Record<string, Normalisation> = {
  minmax: { method: 'minmax', range: [0, 100] },
  zscore: { method: 'zscore', mean: 50, sd: 10 },
  rank: { method: 'rank' },
  percentile: { method: 'percentile' },
};

function withNormalisation(node: FrameworkNode, method: string): FrameworkNode {
  const normalisation = NORMALISATIONS[method];
  if (!normalisation) return node;
  if (node.indicator === true) return { ...node, normalisation };
  return { ...node, children: node.children?.map((c) => withNormalisation(c, method)) };
}

function walk(node: FrameworkNode, visit: (n: FrameworkNode) => void): void {
  visit(node);
  if (node.indicator !== true) node.children?.forEach((c) => walk(c, visit));
}

/**
 * Builds the model: one `runEvaluation` for each (imputation × normalisation) alternative, whose
 * normalised indicator columns, effective weights, bonus points and vetoes become a table.
 */
export function buildSensitivityModel(
  framework: Framework,
  data: Dataset,
  options: RunOptions,
  assumptions: SensitivityAssumptions,
  runEvaluation: RunEvaluation,
  townshipsPerParent?: Record<string, number>,
): SensitivityModel {
  const base = runEvaluation(framework, data, options);
  const units = base.units.map((u) => ({ code: u.code, name: u.name, level: u.level, parent: u.parent }));
  const unitIndex = new Map(units.map((u, i) => [u.code, i]));
  const levels = [...new Set(units.map((u) => u.level))];
  const specs = new Map<string, FrameworkNode>();
  walk(framework.index, (n) => specs.set(n.code, n));

  const nodes: SensitivityModel['nodes'] = [];
  const indicatorCodes: string[] = [];
  const addNode = (n: FrameworkNode): number => {
    const i = nodes.length;
    const leaf = n.indicator === true ? indicatorCodes.push(n.code) - 1 : -1;
    nodes.push({ code: n.code, children: [], aggregation: n.aggregation, leaf });
    if (n.indicator !== true) for (const c of n.children ?? []) nodes[i]!.children.push(addNode(c));
    return i;
  };
  addNode(framework.index);

  const allIndicators = indicatorCodes.slice();
  const dropList =
    assumptions.dropIndicator === true
      ? allIndicators
      : Array.isArray(assumptions.dropIndicator)
        ? assumptions.dropIndicator.filter((c) => allIndicators.includes(c))
        : [];
  const alternatives = {
    normalisation: assumptions.normalisation?.length ? [...new Set(assumptions.normalisation)] : ['framework'],
    aggregation: assumptions.aggregation?.length ? [...new Set(assumptions.aggregation)] : ['framework'],
    imputation: assumptions.imputation?.length ? [...new Set(assumptions.imputation)] : ['framework'],
    drop: [null, ...dropList] as (string | null)[],
  };

  const nUnits = units.length;
  const tables: AlternativeTable[] = [];
  for (const imputation of alternatives.imputation) {
    for (const normalisation of alternatives.normalisation) {
      const fw =
        normalisation === 'framework'
          ? framework
          : { ...framework, index: withNormalisation(framework.index, normalisation) };
      const opts: RunOptions =
        imputation === 'framework'
          ? options
          : {
              ...options,
              imputation: {
                method: imputation as NonNullable<RunOptions['imputation']>['method'],
                groupBy: options.imputation?.groupBy,
              },
            };
      const run = imputation === 'framework' && normalisation === 'framework' ? base : runEvaluation(fw, data, opts);
      const table: AlternativeTable = {
        leaf: new Float64Array(indicatorCodes.length * nUnits).fill(NaN),
        weights: new Float64Array(nodes.length),
        bonus: new Float64Array(nUnits),
        vetoed: new Uint8Array(nUnits),
      };
      const weightOf = new Map(run.nodes.map((n) => [n.code, n.weight]));
      nodes.forEach((n, i) => (table.weights[i] = weightOf.get(n.code) ?? specs.get(n.code)?.weight ?? 1));
      for (const u of run.units) {
        const ui = unitIndex.get(u.code);
        if (ui === undefined) continue;
        table.bonus[ui] = u.bonus;
        table.vetoed[ui] = u.vetoed ? 1 : 0;
        indicatorCodes.forEach((code, li) => {
          const v = u.scores[code];
          if (typeof v === 'number' && Number.isFinite(v)) table.leaf[li * nUnits + ui] = v;
        });
      }
      tables.push(table);
    }
  }

  const weightSpread = (assumptions.weights?.percent ?? 0) / 100;
  const factors: SensitivityModel['factors'] = [];
  const groups: SensitivityModel['groups'] = [];
  const addGroup = (group: FactorGroup, dims: { group: FactorGroup; node?: number }[]) => {
    if (dims.length === 0) return;
    groups.push({ group, dims: dims.map((_, i) => factors.length + i) });
    factors.push(...dims);
  };
  if (weightSpread > 0)
    addGroup(
      'weights',
      nodes.slice(1).map((_, i) => ({ group: 'weights' as const, node: i + 1 })),
    );
  if (alternatives.normalisation.length > 1) addGroup('normalisation', [{ group: 'normalisation' }]);
  if (alternatives.aggregation.length > 1) addGroup('aggregation', [{ group: 'aggregation' }]);
  if (alternatives.imputation.length > 1) addGroup('imputation', [{ group: 'imputation' }]);
  if (alternatives.drop.length > 1) addGroup('drop', [{ group: 'drop' }]);

  return {
    units,
    levelOf: Int32Array.from(units, (u) => levels.indexOf(u.level)),
    levels,
    baseRank: Int32Array.from(base.units, (u) => u.rank),
    baseScore: Float64Array.from(base.units, (u) => u.score),
    nodes,
    indicatorCodes,
    alternatives,
    tables,
    weightSpread,
    rankDecimals: framework.rankDecimals ?? null,
    awards: framework.awards
      ? { rules: framework.awards, ...(townshipsPerParent ? { townshipsPerParent } : {}) }
      : null,
    factors,
    groups,
  };
}

const pick = (u: number, n: number): number => Math.min(n - 1, Math.floor(u * n));

/** Decodes a hypercube point (one coordinate per factor) into assumptions. */
export function decodeParams(model: SensitivityModel, point: ArrayLike<number>, out?: DecodedParams): DecodedParams {
  const p = out ?? {
    weightFactor: new Float64Array(model.nodes.length),
    normalisation: 0,
    aggregation: 0,
    imputation: 0,
    drop: 0,
  };
  p.weightFactor.fill(1);
  p.normalisation = p.aggregation = p.imputation = p.drop = 0;
  const alt = model.alternatives;
  model.factors.forEach((f, d) => {
    const u = point[d]!;
    switch (f.group) {
      case 'weights':
        p.weightFactor[f.node!] = 1 + model.weightSpread * (2 * u - 1);
        break;
      case 'normalisation':
        p.normalisation = pick(u, alt.normalisation.length);
        break;
      case 'aggregation':
        p.aggregation = pick(u, alt.aggregation.length);
        break;
      case 'imputation':
        p.imputation = pick(u, alt.imputation.length);
        break;
      case 'drop':
        p.drop = pick(u, alt.drop.length);
        break;
    }
  });
  return p;
}

/**
 * Evaluates replications of one model. Scratch columns, column views and per-node child lists
 * are allocated once per evaluator, so a replication allocates nothing (GC was a third of the
 * time before).
 */
export class ModelEvaluator {
  private readonly model: SensitivityModel;
  private readonly nodeScores: Float64Array[];
  private readonly w: Float64Array;
  private readonly sorted: Float64Array[];
  private readonly keys: Float64Array[];
  private readonly byLevel: Int32Array[];
  private readonly dropNode: Int32Array;
  /** views[table][node]: the node's column (a leaf's slice of the table, or its scratch column). */
  private readonly views: Float64Array[][];
  private readonly childCols: Float64Array[][];
  private readonly childWeights: number[][];
  private readonly sumW: Float64Array;
  /** Whether the last replication had tied ranks within a level. */
  tied = false;

  constructor(model: SensitivityModel) {
    this.model = model;
    const n = model.units.length;
    this.nodeScores = model.nodes.map((node) => (node.leaf < 0 ? new Float64Array(n) : new Float64Array(0)));
    this.w = new Float64Array(model.nodes.length);
    this.sumW = new Float64Array(n);
    this.byLevel = model.levels.map((_, l) =>
      Int32Array.from(model.units.keys()).filter((u) => model.levelOf[u] === l),
    );
    this.sorted = this.byLevel.map((ix) => new Float64Array(ix.length));
    this.keys = this.byLevel.map((ix) => new Float64Array(ix.length));
    const leafNode = new Map(model.nodes.map((node, i) => [node.code, i]));
    this.dropNode = Int32Array.from(model.alternatives.drop, (c) => (c === null ? -1 : (leafNode.get(c) ?? -1)));
    this.views = model.tables.map((t) =>
      model.nodes.map((node, i) =>
        node.leaf >= 0 ? t.leaf.subarray(node.leaf * n, (node.leaf + 1) * n) : this.nodeScores[i]!,
      ),
    );
    this.childCols = model.nodes.map((node) => node.children.map(() => new Float64Array(0)));
    this.childWeights = model.nodes.map((node) => node.children.map(() => 0));
  }

  /** Writes every unit's index score (bonus included) and its competition rank within its level. */
  evaluate(p: DecodedParams, score: Float64Array, rank: Int32Array): void {
    const m = this.model;
    const nUnits = m.units.length;
    const t = p.imputation * m.alternatives.normalisation.length + p.normalisation;
    const table = m.tables[t]!;
    const views = this.views[t]!;
    const aggAlt = m.alternatives.aggregation[p.aggregation]!;
    const dropped = this.dropNode[p.drop]!;
    for (let i = 0; i < m.nodes.length; i++) this.w[i] = i === dropped ? 0 : table.weights[i]! * p.weightFactor[i]!;
    // Reverse pre-order visits every child before its parent: aggregate bottom-up.
    for (let i = m.nodes.length - 1; i >= 0; i--) {
      const node = m.nodes[i]!;
      if (node.leaf >= 0) continue;
      const cols = this.childCols[i]!;
      const ws = this.childWeights[i]!;
      node.children.forEach((c, k) => {
        cols[k] = views[c]!;
        ws[k] = this.w[c]!;
      });
      const agg = aggAlt === 'framework' ? node.aggregation : aggAlt;
      if (agg === 'topsis') this.topsisByLevel(cols, ws, this.nodeScores[i]!);
      else aggregateInto(agg, cols, ws, this.nodeScores[i]!, this.sumW);
    }
    const root = this.nodeScores[0]!;
    for (let u = 0; u < nUnits; u++) score[u] = root[u]! + table.bonus[u]!;
    this.rank(score, rank);
  }

  /** TOPSIS's reference points are per level (as the run computes them): E1's `topsis` on each. */
  private topsisByLevel(cols: Float64Array[], ws: number[], out: Float64Array): void {
    for (const ix of this.byLevel) {
      const sub = cols.map((c) => Float64Array.from(ix, (u) => c[u]!));
      const values = topsis(sub, ws).values;
      ix.forEach((u, k) => (out[u] = values[k]!));
    }
  }

  /** Competition ranks ("1224") per level on the score rounded to `rankDecimals`; NaN ranks last. */
  private rank(score: Float64Array, rank: Int32Array): void {
    const scale = this.model.rankDecimals === null ? 0 : 10 ** this.model.rankDecimals;
    this.tied = false;
    for (let l = 0; l < this.byLevel.length; l++) {
      const ix = this.byLevel[l]!;
      const sorted = this.sorted[l]!;
      const keys = this.keys[l]!;
      const len = ix.length;
      for (let k = 0; k < len; k++) {
        const s = score[ix[k]!]!;
        keys[k] = s !== s ? -Infinity : scale ? Math.round(s * scale) / scale : s;
      }
      // rank = 1 + number of strictly better keys = 1 + (len − upper bound of the key).
      sorted.set(keys);
      sorted.sort();
      for (let k = 1; k < len; k++) if (sorted[k] === sorted[k - 1]) this.tied = true;
      for (let k = 0; k < len; k++) {
        const s = keys[k]!;
        let lo = 0;
        let hi = len;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (sorted[mid]! <= s) lo = mid + 1;
          else hi = mid;
        }
        rank[ix[k]!] = 1 + len - lo;
      }
    }
  }
}
