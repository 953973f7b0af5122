import type { UnitInfo } from '@zhili/contracts';
import type { AwardRules } from './awards.engine.ts';
import type { EvaluationModel } from './pipeline.engine.ts';
import { compileAwards } from './sensitivity-awards.engine.ts';

/** Who wins, read straight from the column-wise model (no per-unit objects). */
export interface ModelAwards {
  /** The ranked units of every level, in model order (units without a score left out). */
  units: readonly UnitInfo[];
  score: Float64Array;
  rank: Int32Array;
  vetoed: Uint8Array;
  /** 1 for an awarded unit, parallel to `units`. */
  awarded: Uint8Array;
  champion: string | null;
}

/**
 * The award decisions of `awardUnits(materialiseResult(model), rules, townshipsPerParent)` —
 * awarded set and champion — computed over typed arrays (`compileAwards`), for runs too large to
 * build a result object per unit first. A property test holds the two equal.
 */
export function awardModel(
  model: EvaluationModel,
  rules: AwardRules,
  townshipsPerParent?: Readonly<Record<string, number>>,
): ModelAwards {
  // The result leaves out units without a score (NaN total); so must the award field.
  let count = 0;
  let complete = true;
  for (const m of model.levels) {
    for (let i = 0; i < m.total.length; i++) {
      if (m.total[i] === m.total[i]) count++;
      else complete = false;
    }
  }
  const single = model.levels.length === 1 && complete ? model.levels[0]! : null;
  let units: readonly UnitInfo[];
  let score: Float64Array;
  let rank: Int32Array;
  const vetoed = new Uint8Array(count);
  if (single) {
    // The common case: one level, every unit scored — no copy at all.
    units = single.units;
    score = single.total;
    rank = single.ranks;
    for (let i = 0; i < count; i++) if (single.vetoReasons[i] != null) vetoed[i] = 1;
  } else {
    const list: UnitInfo[] = [];
    score = new Float64Array(count);
    rank = new Int32Array(count);
    for (const m of model.levels) {
      for (let i = 0; i < m.total.length; i++) {
        if (m.total[i] !== m.total[i]) continue;
        const k = list.length;
        list.push(m.units[i]!);
        score[k] = m.total[i]!;
        rank[k] = m.ranks[i]!;
        if (m.vetoReasons[i] != null) vetoed[k] = 1;
      }
    }
    units = list;
  }
  const awarded = new Uint8Array(count);
  compileAwards({ units }, rules, townshipsPerParent)(score, rank, vetoed, (u) => (awarded[u] = 1));
  return { units, score, rank, vetoed, awarded, champion: champion(units, score, rank, vetoed, awarded, rules) };
}

/** As awardUnits: the best rank-1 unit of the champion level (higher score, then lower code). */
function champion(
  units: readonly UnitInfo[],
  score: Float64Array,
  rank: Int32Array,
  vetoed: Uint8Array,
  awarded: Uint8Array,
  rules: AwardRules,
): string | null {
  if (!rules.champion) return null;
  const level = rules.champion.level;
  const mustWin = rules.county?.level === level;
  let best = -1;
  for (let u = 0; u < units.length; u++) {
    if (rank[u] !== 1 || units[u]!.level !== level) continue;
    if (vetoed[u] === 1 || (mustWin && awarded[u] !== 1)) continue;
    if (best < 0 || score[u]! > score[best]! || (score[u] === score[best] && units[u]!.code < units[best]!.code))
      best = u;
  }
  return best < 0 ? null : units[best]!.code;
}
