import { newColumn, newIntColumn } from './alloc.engine.ts';

/**
 * Competition ranking ("1224"): the rank of a value is 1 + the number of values strictly greater.
 * With `decimals` set, values are rounded half away from zero first (UNDP ranks the HDI on 3
 * decimals). NaN values get rank 0 (unranked).
 */

/** Round half away from zero to `decimals`, robust to binary representation (0.1235 → 0.124). */
export function roundTo(v: number, decimals: number): number {
  const f = 10 ** decimals;
  // toPrecision(15) strips the representation error before deciding the half.
  const scaled = Number((Math.abs(v) * f).toPrecision(15));
  return (Math.sign(v) * Math.round(scaled)) / f;
}

/** Competition ranks of `values` (higher is better). */
export function competitionRanks(values: ArrayLike<number>, decimals?: number | null): Int32Array {
  const n = values.length;
  let key: ArrayLike<number> = values;
  if (decimals != null) {
    const rounded = newColumn(n);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      rounded[i] = v !== v ? v : roundTo(v, decimals);
    }
    key = rounded;
  }
  // Native typed-array sort (ascending, NaN last), then rank = 1 + count of keys strictly
  // greater, found by binary search: no comparator callbacks, O(n log n).
  const sorted = newColumn(n);
  sorted.set(key);
  sorted.sort();
  let m = n;
  while (m > 0 && sorted[m - 1] !== sorted[m - 1]) m--;
  const out = newIntColumn(n);
  for (let i = 0; i < n; i++) {
    const v = key[i]!;
    if (v !== v) continue;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = 1 + m - lo;
  }
  return out;
}
