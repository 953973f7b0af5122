import type { ImputationMethod } from '@zhili/contracts';
import { copyColumn, newColumn } from './alloc.engine.ts';

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
  /** The same groups numbered by `groupIdsOf(groups)`, when the caller imputes many columns. */
  groupIds?: GroupIds;
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

/** Group labels numbered densely (−1: no group); see `ImputeContext.groupIds`. */
export interface GroupIds {
  ids: Int32Array;
  count: number;
}

/** Number the group labels once, for every column of a run. */
export function groupIdsOf(groups: readonly (string | null)[]): GroupIds {
  const n = groups.length;
  const ids = new Int32Array(n);
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (g == null) ids[i] = -1;
    else {
      let id = seen.get(g);
      if (id === undefined) seen.set(g, (id = seen.size));
      ids[i] = id;
    }
  }
  return { ids, count: seen.size };
}

/** Fill the gaps of `x` with `fill(i)`; records the indexes actually filled. */
function fillGaps(x: Float64Array, fill: (i: number) => number): ImputeResult {
  let gaps = false;
  for (let i = 0; i < x.length && !gaps; i++) gaps = x[i] !== x[i];
  if (!gaps) return { values: x, imputed: [] };
  const values = copyColumn(x);
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
      // A run numbers its groups once (`groupIds`); a lone call numbers them here.
      const { ids, count } = ctx.groupIds ?? groupIdsOf(ctx.groups ?? []);
      const sum = newColumn(count);
      const n = newColumn(count);
      for (let i = 0; i < x.length; i++) {
        const g = ids[i]!;
        if (g < 0 || x[i] !== x[i]) continue;
        sum[g]! += x[i]!;
        n[g]!++;
      }
      return fillGaps(x, (i) => {
        const g = ids[i]!;
        return g >= 0 && n[g]! > 0 ? sum[g]! / n[g]! : NaN;
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
  const out = newColumn(n);
  if (columns.length === 0) return out.fill(1);
  for (const c of columns) for (let i = 0; i < n; i++) if (c[i] === c[i]) out[i]!++;
  for (let i = 0; i < n; i++) out[i]! /= columns.length;
  return out;
}
