import type { Dataset, UnitInfo } from '@zhili/contracts';

/**
 * The columnar form of a dataset: one Float64Array per (year, indicator) over `units`, NaN for a
 * missing value. 40,000 units × 28 indicators is 28 arrays per year instead of 1.12 M row objects,
 * which the engine would otherwise scan (and the garbage collector trace) on every run. Pure.
 */
export interface ColumnarDataset {
  units: UnitInfo[];
  /** The years held, parallel to `columns`. */
  years: number[];
  /** Per year: indicator (or denominator) code → column over `units` (NaN = missing). */
  columns: Record<string, Float64Array>[];
}

/** Either form the engine accepts. */
export type AnyDataset = Dataset | ColumnarDataset;

/** Is this the columnar form? */
export function isColumnar(data: AnyDataset): data is ColumnarDataset {
  return (data as Partial<ColumnarDataset>).columns !== undefined;
}

/**
 * Rows → columns, once. Same reading as the engine's own row scan: a row for an unknown unit is
 * ignored, a null value leaves the cell as it was, a later value for the same cell wins, and a
 * duplicated unit code refers to its first occurrence (the engine drops the later ones).
 */
export function toColumnar(data: Dataset): ColumnarDataset {
  const n = data.units.length;
  const unitIndex = new Map<string, number>();
  data.units.forEach((u, i) => {
    if (!unitIndex.has(u.code)) unitIndex.set(u.code, i);
  });
  const years: number[] = [];
  const columns: Record<string, Float64Array>[] = [];
  const byYear = new Map<number, Record<string, Float64Array>>();
  // Rows usually come grouped by unit and year: remember the last lookups.
  let lastUnit = '';
  let lastIndex: number | undefined;
  let lastYear = NaN;
  let cols: Record<string, Float64Array> | undefined;
  for (const r of data.rows) {
    if (r.unit !== lastUnit) {
      lastUnit = r.unit;
      lastIndex = unitIndex.get(r.unit);
    }
    if (lastIndex === undefined || r.value === null) continue;
    if (r.year !== lastYear || !cols) {
      lastYear = r.year;
      cols = byYear.get(r.year);
      if (!cols) {
        cols = Object.create(null) as Record<string, Float64Array>;
        byYear.set(r.year, cols);
        years.push(r.year);
        columns.push(cols);
      }
    }
    (cols[r.indicator] ??= new Float64Array(n).fill(NaN))[lastIndex] = r.value;
  }
  return { units: data.units, years, columns };
}

/**
 * The columns the engine reads, for the run year and (when asked) every other year: `codes`
 * order, each over `data.units`, a NaN column where the dataset has none. The columns are the
 * dataset's own arrays: the engine copies before it writes.
 */
export function columnsFromColumnar(
  data: ColumnarDataset,
  codes: string[],
  year: number,
  withHistory: boolean,
): { current: Float64Array[]; history: Map<number, Float64Array[]> } {
  const n = data.units.length;
  let empty: Float64Array | null = null;
  const pickYear = (cols: Record<string, Float64Array> | undefined) =>
    codes.map((c) => {
      const col = cols && Object.prototype.hasOwnProperty.call(cols, c) ? cols[c] : undefined;
      if (col) {
        if (col.length !== n) throw new RangeError(`column ${c} has ${col.length} values for ${n} units`);
        return col;
      }
      return (empty ??= new Float64Array(n).fill(NaN));
    });
  const at = data.years.indexOf(year);
  const current = pickYear(at >= 0 ? data.columns[at] : undefined);
  const history = new Map<number, Float64Array[]>();
  if (withHistory) {
    data.years.forEach((y, k) => {
      if (y !== year && !history.has(y)) history.set(y, pickYear(data.columns[k]));
    });
  }
  return { current, history };
}

/** Where each unit code first occurs, and which positions repeat an earlier code. */
export interface UnitIndex {
  index: Map<string, number>;
  /** 1 at a position whose code already occurred earlier (that unit is dropped). */
  duplicate: Uint8Array;
  /** The codes the index was built from, to check it still fits the array. */
  codes: string[];
}

// Keyed by the units array: a dataset evaluated again (what-if, sensitivity, the bench) need not
// hash 40,000 codes again. Checked against the codes on every use, so an edited array rebuilds.
const unitIndexCache = new WeakMap<readonly UnitInfo[], UnitIndex>();

/** The unit index of `units`, cached while the array's codes stay the same. */
export function unitIndexOf(units: readonly UnitInfo[]): UnitIndex {
  const cached = unitIndexCache.get(units);
  if (cached && cached.codes.length === units.length) {
    let same = true;
    for (let i = 0; i < units.length && same; i++) same = cached.codes[i] === units[i]!.code;
    if (same) return cached;
  }
  const index = new Map<string, number>();
  const duplicate = new Uint8Array(units.length);
  const codes = new Array<string>(units.length);
  for (let i = 0; i < units.length; i++) {
    const code = units[i]!.code;
    codes[i] = code;
    if (index.has(code)) duplicate[i] = 1;
    else index.set(code, i);
  }
  const built = { index, duplicate, codes };
  unitIndexCache.set(units, built);
  return built;
}
