import type { RunNode, UnitResult } from '@zhili/contracts';

/** The children of the index (the nodes whose parent is the root), in framework order. */
export function firstLevelNodes(nodes: RunNode[]): RunNode[] {
  const root = nodes.find((n) => n.parent === null);
  return root ? nodes.filter((n) => n.parent === root.code) : [];
}

/** A unit's peers: same level and, for units with a parent (townships), the same parent. */
export function peersOf(unit: UnitResult, units: UnitResult[]): UnitResult[] {
  return units.filter((u) => u.level === unit.level && u.parent === unit.parent && u.code !== unit.code);
}

/** The mean of a node's score over units (NaN-free: units without the score are skipped). */
export function meanScore(units: UnitResult[], node: string): number | null {
  let sum = 0;
  let n = 0;
  for (const u of units) {
    const v = u.scores[node];
    if (typeof v === 'number' && Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : null;
}

/** Indicators where the unit is furthest above (strengths) and below (weaknesses) its peers. */
export function strengthsAndWeaknesses(
  unit: UnitResult,
  peers: UnitResult[],
  indicators: string[],
  count = 3,
): { strengths: { code: string; gap: number }[]; weaknesses: { code: string; gap: number }[] } {
  const gaps = indicators.flatMap((code) => {
    const own = unit.scores[code];
    const mean = meanScore(peers, code);
    return typeof own === 'number' && mean !== null ? [{ code, gap: own - mean }] : [];
  });
  const sorted = [...gaps].sort((a, b) => b.gap - a.gap);
  return {
    strengths: sorted.filter((g) => g.gap > 0).slice(0, count),
    weaknesses: sorted
      .filter((g) => g.gap < 0)
      .reverse()
      .slice(0, count),
  };
}

/** Townships (or any children) grouped under their parent code, each group in rank order. */
export function groupByParent(units: UnitResult[], level: string): Map<string, UnitResult[]> {
  const out = new Map<string, UnitResult[]>();
  for (const u of units) {
    if (u.level !== level || !u.parent) continue;
    const list = out.get(u.parent) ?? [];
    list.push(u);
    out.set(u.parent, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.rank - b.rank);
  return out;
}
