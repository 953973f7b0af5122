import type { Framework, RunOptions, RunResult, UnitResult } from '@zhili/contracts';
import type { AnyDataset } from './columnar.engine.ts';
import { frameworkNodes } from './framework.engine.ts';
import { evaluateModel, type EvaluationModel, type LevelModel } from './pipeline.engine.ts';

export { EvaluationEngineError } from './framework.engine.ts';
export { evaluateModel, type EvaluationModel, type LevelModel } from './pipeline.engine.ts';
export { toColumnar, type AnyDataset, type ColumnarDataset } from './columnar.engine.ts';
export { awardModel, type ModelAwards } from './model-awards.engine.ts';

/**
 * Each indicator's contribution to the index score, per unit: the root's score is shared among
 * children in proportion to w_c·x_c (present children only), recursively. For arithmetic nodes
 * this is exactly w_c·x_c/Σw, so contributions sum to the index score (without bonus); for the
 * other aggregations it is the same proportional split of the node's score.
 */
export function contributionColumns(m: LevelModel): Float64Array[] {
  const nodes = m.compiled.nodes;
  const n = m.units.length;
  const share: Float64Array[] = new Array<Float64Array>(nodes.length);
  share[0] = m.scores[0]!.slice();
  for (let ni = 0; ni < nodes.length; ni++) {
    const node = nodes[ni]!;
    if (node.indicator) continue;
    const w = m.weights[ni]!;
    const parent = share[ni]!;
    const denom = new Float64Array(n);
    node.children.forEach((c, j) => {
      const x = m.scores[c]!;
      for (let i = 0; i < n; i++) if (x[i] === x[i]) denom[i]! += w[j]! * x[i]!;
    });
    node.children.forEach((c, j) => {
      const x = m.scores[c]!;
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const d = denom[i]!;
        col[i] = x[i] === x[i] && d !== 0 ? (parent[i]! * w[j]! * x[i]!) / d : 0;
      }
      share[c] = col;
    });
  }
  return m.compiled.indicators.map((k) => share[k]!);
}

/** Turn the column-wise model into the per-unit result (sorted by level, then rank). */
export function materialiseResult(model: EvaluationModel): RunResult {
  const units: UnitResult[] = [];
  const dropped = [...model.dropped];
  for (const m of model.levels) {
    const nodes = m.compiled.nodes;
    const indCodes = m.compiled.indicators.map((k) => nodes[k]!.code);
    const contrib = contributionColumns(m);
    const order = Array.from(m.units.keys()).sort(
      (a, b) => m.ranks[a]! - m.ranks[b]! || (m.units[a]!.code < m.units[b]!.code ? -1 : 1),
    );
    for (const i of order) {
      const u = m.units[i]!;
      if (m.total[i] !== m.total[i]) {
        // No value at all for this unit (and nothing imputed): it cannot be scored.
        dropped.push({ unit: u.code, reason: 'no indicator value' });
        continue;
      }
      const scores: Record<string, number> = {};
      for (let k = 0; k < nodes.length; k++) {
        // Missing nodes are left out rather than NaN (JSON has no NaN).
        const v = m.scores[k]![i]!;
        if (v === v) scores[nodes[k]!.code] = v;
      }
      const raw: Record<string, number | null> = {};
      const contributions: Record<string, number> = {};
      for (let k = 0; k < indCodes.length; k++) {
        const v = m.raw[k]![i]!;
        raw[indCodes[k]!] = v === v ? v : null;
        contributions[indCodes[k]!] = contrib[k]![i]!;
      }
      const reasons = m.vetoReasons[i];
      units.push({
        code: u.code,
        name: u.name,
        level: u.level,
        parent: u.parent ?? null,
        score: m.total[i]!,
        rank: m.ranks[i]!,
        scores,
        raw,
        contributions,
        vetoed: reasons != null,
        vetoReasons: reasons ?? [],
        bonus: m.bonus[i]!,
      });
    }
  }
  // Effective weights: from the first level where the node is evaluated.
  const nodes = frameworkNodes(model.framework).map(({ node, parent }) => {
    let weight = node.weight;
    for (const m of model.levels) {
      const c = m.compiled.byCode.get(node.code);
      if (!c) continue;
      weight = c.parent < 0 ? 1 : m.weights[c.parent]![m.compiled.nodes[c.parent]!.children.indexOf(c.index)]!;
      break;
    }
    return { code: node.code, name: node.name, parent, indicator: node.indicator === true, weight };
  });
  return { year: model.year, units, nodes, imputed: model.imputed, treated: model.treated, dropped };
}

/**
 * Evaluate `data` (panel rows or the columnar form, same results) for `options.year` with `framework`: scores at every node, bonus, veto, ranks
 * per level, contributions. Pure and synchronous; throws EvaluationEngineError on refused input
 * (AHP CR ≥ 0.1, negative values under a geometric/harmonic mean, no evaluable unit).
 */
export function runEvaluation(framework: Framework, data: AnyDataset, options: RunOptions): RunResult {
  return materialiseResult(evaluateModel(framework, data, options));
}
