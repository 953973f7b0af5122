import type { ImputationMethod } from '@zhili/contracts';

/**
 * Imputation of one indicator column (one value per unit). Every filled cell is reported by its
 * index so the run can flag it; a cell that cannot be filled (e.g. its whole group is missing)
 * stays NaN.
 */

/** Other years of the same indicator, for previous-year and linear imputation. */
export interface ColumnHistory {
  /** Years of `columns`, any order. */
  years: number[];
  /** One column per year, same unit order as the imputed column. */
  columns: Float64Array[];
}

/** Inputs some methods need. */
export interface ImputeContext {
  /** Group label per unit (groupMean); null = no group, left missing. */
  groups?: (string | null)[];
  /** The year imputed and the other years (previousYear, linear). */
  year?: number;
  history?: ColumnHistory;
}

/** The column with gaps filled and the indexes filled. */
export interface ImputeResult {
  values: Float64Array;
  imputed: number[];
}

function median(sorted: number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** Fill the gaps of `x` with `fill(i)`; records the indexes actually filled. */
function fillGaps(x: Float64Array, fill: (i: number) => number): ImputeResult {
  let gaps = false;
  for (let i = 0; i < x.length && !gaps; i++) gaps = x[i] !== x[i];
  if (!gaps) return { values: x, imputed: [] };
  const values = x.slice();
  const imputed: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== x[i]) {
      const v = fill(i);
      if (v === v) {
        values[i] = v;
        imputed.push(i);
      }
    }
  }
  return { values, imputed };
}

/**
 * Impute one column. `mean`/`median` use the present values of the column; `groupMean` the mean
 * of the unit's group (COINr i_mean_grp); `previousYear` the latest earlier year with a value;
 * `linear` interpolates between the nearest earlier and later observed years, or carries the
 * nearest one when only one side exists.
 */
export function imputeColumn(x: Float64Array, method: ImputationMethod, ctx: ImputeContext = {}): ImputeResult {
  switch (method) {
    case 'none':
      return { values: x, imputed: [] };
    case 'mean': {
      let s = 0;
      let c = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i] === x[i]) {
          s += x[i]!;
          c++;
        }
      }
      const m = c > 0 ? s / c : NaN;
      return fillGaps(x, () => m);
    }
    case 'median': {
      const present = Array.from(x).filter((v) => v === v);
      const m = median(present.sort((a, b) => a - b));
      return fillGaps(x, () => m);
    }
    case 'groupMean': {
      const groups = ctx.groups ?? [];
      const sum = new Map<string, [number, number]>();
      for (let i = 0; i < x.length; i++) {
        const g = groups[i];
        if (g == null || x[i] !== x[i]) continue;
        const acc = sum.get(g) ?? [0, 0];
        acc[0] += x[i]!;
        acc[1]++;
        sum.set(g, acc);
      }
      return fillGaps(x, (i) => {
        const g = groups[i];
        const acc = g == null ? undefined : sum.get(g);
        return acc ? acc[0] / acc[1] : NaN;
      });
    }
    case 'previousYear':
    case 'linear': {
      const year = ctx.year ?? NaN;
      const h = ctx.history ?? { years: [], columns: [] };
      const order = h.years.map((y, k) => ({ y, k })).sort((a, b) => a.y - b.y);
      return fillGaps(x, (i) => {
        let before: { y: number; v: number } | null = null;
        let after: { y: number; v: number } | null = null;
        for (const { y, k } of order) {
          const v = h.columns[k]![i]!;
          if (v !== v || y === year) continue;
          if (y < year) before = { y, v };
          else if (!after) after = { y, v };
        }
        if (method === 'previousYear') return before ? before.v : NaN;
        if (before && after) return before.v + ((after.v - before.v) * (year - before.y)) / (after.y - before.y);
        return before ? before.v : after ? after.v : NaN;
      });
    }
  }
}

/** Share of present (non-NaN) values per unit over the given columns. */
export function availability(columns: Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n);
  if (columns.length === 0) return out.fill(1);
  for (const c of columns) for (let i = 0; i < n; i++) if (c[i] === c[i]) out[i]!++;
  for (let i = 0; i < n; i++) out[i]! /= columns.length;
  return out;
}
