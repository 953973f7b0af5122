/**
 * E2's award rules (`awards.engine.ts`) restated over typed arrays for replications: the same
 * decisions as `awardUnits(...).awarded`, without building unit objects, sorted copies and
 * explanation strings 1,000 times over 40,000 units. A property test holds the two equal.
 * Pure: no I/O.
 */
import type { AwardRules } from './awards.engine.ts';

interface LevelOrder {
  /** Unit indices of the level. */
  units: Int32Array;
  /** Scratch: the same, best first. */
  order: Int32Array;
  /** Scratch for the counting sort by rank. */
  counts: Int32Array;
}

function capRound(value: number, mode: 'floor' | 'round' | 'ceil' | undefined): number {
  // Same epsilons as awards.engine.ts: 0.5 × 18 must not floor to 8 through binary noise.
  if (mode === 'ceil') return Math.ceil(value - 1e-9);
  if (mode === 'round') return Math.round(value);
  return Math.floor(value + 1e-9);
}

/**
 * Returns a function that, given one replication's scores, ranks and vetoes, calls `win(u)` for
 * every awarded unit — the typed-array twin of `awardUnits(result, rules, townshipsPerParent)`.
 */
export function compileAwards(
  model: { units: readonly { code: string; level: string; parent?: string | null }[] },
  rules: AwardRules,
  townshipsPerParent?: Readonly<Record<string, number>>,
): (score: Float64Array, rank: Int32Array, vetoed: Uint8Array, win: (u: number) => void) => void {
  // Ties are ordered by code, then position (the order a stable sort of the codes gives). Only
  // units of equal rank are compared, so strings are compared rarely.
  const code = (u: number) => model.units[u]!.code;
  const byCode = (x: number, y: number) => (code(x) < code(y) ? -1 : code(x) > code(y) ? 1 : x - y);
  const levelOrder = (level: string): LevelOrder => {
    const list: number[] = [];
    for (let u = 0; u < model.units.length; u++) if (model.units[u]!.level === level) list.push(u);
    const units = Int32Array.from(list);
    return { units, order: new Int32Array(units.length), counts: new Int32Array(units.length + 2) };
  };
  /** Units of the level by rank, ties by higher score then code (awards.engine.ts's `ranked`). */
  const sortLevel = (lv: LevelOrder, score: Float64Array, rank: Int32Array): Int32Array => {
    const { units, order, counts } = lv;
    const len = units.length;
    counts.fill(0);
    for (let k = 0; k < len; k++) counts[Math.min(len + 1, Math.max(0, rank[units[k]!]!))]!++;
    for (let r = 1; r < counts.length; r++) counts[r]! += counts[r - 1]!;
    for (let k = len - 1; k >= 0; k--) {
      const u = units[k]!;
      order[--counts[Math.min(len + 1, Math.max(0, rank[u]!))]!] = u;
    }
    // Equal ranks are rare (equal rounded scores): order those runs as awards.engine.ts does.
    for (let a = 0; a < len;) {
      let b = a + 1;
      while (b < len && rank[order[b]!] === rank[order[a]!]) b++;
      if (b - a > 1) {
        order.subarray(a, b).sort((x, y) => score[y]! - score[x]! || byCode(x, y));
      }
      a = b;
    }
    return order;
  };

  const county = rules.county ?? null;
  const countyLevel = county ? levelOrder(county.level) : null;
  const township = rules.township ?? null;
  const townshipLevel = township ? levelOrder(township.level) : null;
  // Township caps: parent code → slot; units whose parent has no slot can never win.
  const parentSlot = new Int32Array(model.units.length).fill(-1);
  const caps: number[] = [];
  if (township && townshipLevel) {
    // As awards.engine.ts: a cap for each parent of the run's townships, counting the larger of
    // the run's townships and the region tree's (`townshipsPerParent`).
    const counts = new Map<string, number>();
    for (const u of townshipLevel.units) {
      const p = model.units[u]!.parent;
      if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    for (const [p, c] of counts) counts.set(p, Math.max(c, townshipsPerParent?.[p] ?? 0));
    const slots = new Map<string, number>();
    for (const [parent, n] of counts) {
      slots.set(parent, caps.length);
      caps.push(capRound((township.perParentCapShare ?? 1) * n, township.capRounding));
    }
    for (const u of townshipLevel.units) {
      const p = model.units[u]!.parent;
      parentSlot[u] = p ? (slots.get(p) ?? -1) : -1;
    }
  }
  const used = new Int32Array(caps.length);

  return (score, rank, vetoed, win) => {
    if (county && countyLevel) {
      const field = sortLevel(countyLevel, score, rank);
      const len = field.length;
      const byCount = Math.max(0, Math.floor(county.excludeBottom ?? 0));
      const pct = county.excludeBottomPercent ?? 0;
      const byPercent = pct > 0 ? Math.max(1, Math.ceil((pct / 100) * len - 1e-9)) : 0;
      const cut = Math.min(len, Math.max(byCount, byPercent));
      const cutRank = cut > 0 ? rank[field[len - cut]!]! : Infinity;
      for (let k = 0; k < len; k++) {
        const u = field[k]!;
        if (rank[u]! >= cutRank || vetoed[u] === 1) continue;
        if (county.minScore != null && score[u]! < county.minScore) continue;
        win(u);
      }
    }
    if (township && townshipLevel) {
      const field = sortLevel(townshipLevel, score, rank);
      const quota = township.totalQuota ?? Infinity;
      used.fill(0);
      let awarded = 0;
      for (let k = 0; k < field.length; k++) {
        const u = field[k]!;
        if (vetoed[u] === 1) continue;
        if (township.minScore != null && score[u]! < township.minScore) continue;
        if (awarded >= quota) break;
        const slot = parentSlot[u]!;
        if (slot < 0 || used[slot]! >= caps[slot]!) continue;
        used[slot]!++;
        awarded++;
        win(u);
      }
    }
  };
}
