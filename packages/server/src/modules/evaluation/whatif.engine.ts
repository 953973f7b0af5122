import type { Dataset, Framework, RunOptions, RunResult } from '@zhili/contracts';
import { aggregateOne } from './aggregate.engine.ts';
import { EvaluationEngineError } from './framework.engine.ts';
import { evaluateModel, type EvaluationModel, type LevelModel } from './pipeline.engine.ts';
import { roundTo } from './rank.engine.ts';

/** What one indicator alone must become for the unit to reach the target rank. */
export interface Improvement {
  indicator: string;
  /** Current value (denominated raw value), null when missing. */
  from: number | null;
  /** Value needed (for rank/percentile normalisation: the value to exceed). */
  to: number;
  /** to − from (negative for a lower-is-better indicator); 0 when already at the target rank. */
  change: number;
  /** Normalised score needed for the indicator. */
  score: number;
}

function locate(model: EvaluationModel, unit: string): { m: LevelModel; i: number } {
  for (const m of model.levels) {
    const i = m.units.findIndex((u) => u.code === unit);
    if (i >= 0) return { m, i };
  }
  throw new EvaluationEngineError(
    'EVAL_UNIT_NOT_FOUND',
    `单位 ${unit} 不在本次评价结果中`,
    `Unit ${unit} is not in this run`,
    'unit',
  );
}

/** The unit's index score (with bonus) when indicator node `leaf` has normalised value `v`. */
function scoreWith(m: LevelModel, i: number, leaf: number, v: number): number {
  const nodes = m.compiled.nodes;
  let child = leaf;
  let value = v;
  while (nodes[child]!.parent >= 0) {
    const p = nodes[child]!.parent;
    const xs = nodes[p]!.children.map((c) => (c === child ? value : m.scores[c]![i]!));
    value = aggregateOne(nodes[p]!.spec.aggregation, xs, m.weights[p]!, m.topsis[p] ?? undefined);
    child = p;
  }
  return value + m.bonus[i]!;
}

/** d score/d value along an all-arithmetic path with every sibling present, else null. */
function arithmeticSlope(m: LevelModel, i: number, leaf: number): number | null {
  const nodes = m.compiled.nodes;
  let c = 1;
  for (let child = leaf; nodes[child]!.parent >= 0; child = nodes[child]!.parent) {
    const p = nodes[child]!.parent;
    if (nodes[p]!.spec.aggregation !== 'arithmetic') return null;
    if (nodes[p]!.children.some((k) => m.scores[k]![i] !== m.scores[k]![i])) return null;
    c *= m.weights[p]![nodes[p]!.children.indexOf(child)]!;
  }
  return c;
}

/**
 * For unit `unit` and target rank `k` (within its level): for each indicator alone, the raw value
 * needed to reach rank k, or null if even the best possible value of that indicator is not enough.
 * Normalisation parameters (min/max, goalposts, others' values) are held fixed. An all-arithmetic
 * path is solved in closed form; other aggregations by bisection on the normalised value.
 */
export function improvementsFor(model: EvaluationModel, unit: string, k: number): Record<string, Improvement | null> {
  const { m, i } = locate(model, unit);
  const dec = model.framework.rankDecimals;
  const key = (v: number) => (dec == null ? v : roundTo(v, dec));
  const others = Array.from(m.total)
    .filter((_, j) => j !== i)
    .map(key)
    .filter((v) => v === v)
    .sort((a, b) => b - a);
  const target = k - 1 < others.length ? others[Math.max(0, k - 1)]! : -Infinity;
  const out: Record<string, Improvement | null> = {};
  m.compiled.indicators.forEach((leaf, j) => {
    const spec = m.compiled.nodes[leaf]!.spec;
    const prep = m.prep[j]!;
    const cur = m.scores[leaf]![i]!;
    const rawV = m.raw[j]![i]!;
    const from = rawV === rawV ? rawV : null;
    if (key(m.total[i]!) >= target) {
      out[spec.code] = { indicator: spec.code, from, to: from ?? NaN, change: 0, score: cur };
      return;
    }
    const norm = spec.normalisation.method;
    const count = m.units.length;
    const best = prep.linear ? prep.linear.hi : norm === 'rank' ? count : 100;
    if (!(scoreWith(m, i, leaf, best) >= target)) {
      out[spec.code] = null;
      return;
    }
    const slope = arithmeticSlope(m, i, leaf);
    let need: number;
    if (slope !== null && slope > 0) need = cur + (target - m.total[i]!) / slope;
    else {
      let lo = cur === cur ? cur : prep.linear ? prep.linear.lo : 0;
      let hi = best;
      if (!Number.isFinite(hi)) hi = lo + 1e6;
      for (let it = 0; it < 100; it++) {
        const mid = (lo + hi) / 2;
        if (scoreWith(m, i, leaf, mid) >= target) hi = mid;
        else lo = mid;
      }
      need = hi;
    }
    const to = invert(m, j, i, need);
    if (to === null) {
      out[spec.code] = null;
      return;
    }
    out[spec.code] = { indicator: spec.code, from, to, change: from === null ? NaN : to - from, score: need };
  });
  return out;
}

/** The raw (denominated) value whose normalised score is `s`, holding the normalisation fixed. */
function invert(m: LevelModel, j: number, i: number, s: number): number | null {
  const leaf = m.compiled.indicators[j]!;
  const spec = m.compiled.nodes[leaf]!.spec;
  const prep = m.prep[j]!;
  let t: number;
  if (prep.linear) {
    if (prep.linear.slope === 0) return null;
    t = (s - prep.linear.offset) / prep.linear.slope;
  } else {
    // Rank-based: the value of the other unit that must be passed to earn rank/percentile `s`.
    const n = m.units.length;
    const rank = spec.normalisation.method === 'rank' ? s : (s / 100) * n + 0.5;
    const col = m.prepared[j]!;
    const others = Array.from(col)
      .filter((v, u) => u !== i && v === v)
      .map((v) => spec.direction * v)
      .sort((a, b) => a - b);
    t = spec.direction * (others[Math.min(others.length - 1, Math.max(0, Math.ceil(rank) - 2))] ?? NaN);
  }
  if (spec.transform?.log) t = Math.exp(t);
  if (prep.treat === 'log') t = Math.exp(t) + prep.logMin - prep.logShift;
  return t === t ? t : null;
}

/** Convenience: evaluate, then `improvementsFor`. */
export function whatIf(framework: Framework, data: Dataset, options: RunOptions, unit: string, k: number) {
  return improvementsFor(evaluateModel(framework, data, options), unit, k);
}

/** One unit's change against the previous result. Rank change > 0 means it moved up. */
export interface UnitChange {
  code: string;
  score: number;
  previousScore: number | null;
  scoreChange: number | null;
  rank: number;
  previousRank: number | null;
  rankChange: number | null;
  /** Node code → score change (nodes present in both). */
  scores: Record<string, number>;
}

/** Compare two run results (e.g. this year's and last year's) unit by unit. */
export function changeVsPrevious(current: RunResult, previous: RunResult): UnitChange[] {
  const prev = new Map(previous.units.map((u) => [`${u.level}\u0000${u.code}`, u]));
  return current.units.map((u) => {
    const p = prev.get(`${u.level}\u0000${u.code}`);
    const scores: Record<string, number> = {};
    if (p) for (const [code, v] of Object.entries(u.scores)) if (code in p.scores) scores[code] = v - p.scores[code]!;
    return {
      code: u.code,
      score: u.score,
      previousScore: p ? p.score : null,
      scoreChange: p ? u.score - p.score : null,
      rank: u.rank,
      previousRank: p ? p.rank : null,
      rankChange: p ? p.rank - u.rank : null,
      scores,
    };
  });
}
