import { copyColumn, newColumn } from './alloc.engine.ts';

/**
 * Outlier treatment exactly as COINr's `Treat()` with its defaults: winsorise while the column
 * fails the skew/kurtosis test, up to `maxPoints`; if it still fails, apply COINr's `log_CT` to
 * the ORIGINAL column instead (COINr's `combine_treat = FALSE`). Missing values (NaN) are ignored.
 */

/** Sample skewness and excess kurtosis of the present values, in two passes. */
export function shapeOf(x: ArrayLike<number>): { skew: number; kurt: number } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v === v) {
      n++;
      sum += v;
    }
  }
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v === v) {
      const d = v - mean;
      const d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
    }
  }
  // COINr skew(): e1071 type 2 (Excel SKEW); kurt(): e1071 type 2 (Excel KURT). NaN below 3/4 points.
  const skew = n < 3 ? NaN : (((Math.sqrt(n) * m3) / Math.pow(m2, 1.5)) * Math.sqrt(n * (n - 1))) / (n - 2);
  const r = (n * m4) / (m2 * m2);
  const kurt = n < 4 ? NaN : (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
  return { skew, kurt };
}

/** Sample skewness as COINr `skew()` (e1071 type 2, as Excel). NaN when n < 3 or constant. */
export function skewness(x: ArrayLike<number>): number {
  return shapeOf(x).skew;
}

/** Sample excess kurtosis as COINr `kurt()` (e1071 type 2, as Excel). NaN when n < 4 or constant. */
export function kurtosis(x: ArrayLike<number>): number {
  return shapeOf(x).kurt;
}

/** Thresholds of the skew/kurtosis test. */
export interface TreatOptions {
  maxPoints?: number;
  skewThreshold?: number;
  kurtThreshold?: number;
  logFallback?: boolean;
}

/** COINr `check_SkewKurt`: passes when |skew| < s OR kurtosis < k; null when undefined (NaN). */
export function passesSkewKurt(x: ArrayLike<number>, skewThreshold = 2, kurtThreshold = 3.5): boolean | null {
  return passes(shapeOf(x), skewThreshold, kurtThreshold);
}

function passes(sh: { skew: number; kurt: number }, skewThreshold: number, kurtThreshold: number): boolean | null {
  const pass = Math.abs(sh.skew) < skewThreshold || sh.kurt < kurtThreshold;
  // R: NA | TRUE is TRUE, NA | FALSE is NA.
  if (pass) return true;
  return sh.skew !== sh.skew || sh.kurt !== sh.kurt ? null : false;
}

/** What was done to one column. */
export interface TreatResult {
  values: Float64Array;
  method: 'none' | 'winsorise' | 'log';
  /** Points winsorised (as COINr counts them), or the number of values log-transformed. */
  points: number;
  /** Indexes of the points changed by winsorisation (empty for log/none). */
  winsorised: number[];
}

/**
 * COINr `winsorise()`: replace the max (positive skew) or min (negative skew) point(s) by the next
 * value, repeatedly. Faithful to COINr's counting: `nwin` is the size of the LAST high set plus the
 * last low set (ties accumulate, so on one side it counts every point moved).
 */
export function winsorise(
  input: ArrayLike<number>,
  maxPoints = 5,
  skewThreshold = 2,
  kurtThreshold = 3.5,
): { values: Float64Array; points: number; changed: number[]; passes: boolean | null } {
  const x = input instanceof Float64Array ? copyColumn(input) : Float64Array.from(input);
  let shape = shapeOf(x);
  let passing = passes(shape, skewThreshold, kurtThreshold);
  let imax: number[] = [];
  let imin: number[] = [];
  let nwin = 0;
  const changed = new Set<number>();
  // R's `!NA` is NA and `while (NA)` errors; COINr's Treat returns the column untouched then.
  if (passing === null) return { values: x, points: 0, changed: [], passes: null };
  while (!passing && nwin < maxPoints) {
    // The direction is the skew of the current column, which the last check just computed.
    const sign = shape.skew >= 0 ? 1 : -1;
    // One pass: the extreme value (its positions) and the next distinct value.
    let ext = -Infinity;
    let next = -Infinity;
    let idx: number[] = [];
    for (let i = 0; i < x.length; i++) {
      const v = sign * x[i]!;
      if (v !== v) continue;
      if (v > ext) {
        next = ext;
        ext = v;
        idx = [i];
      } else if (v === ext) idx.push(i);
      else if (v > next) next = v;
    }
    if (!Number.isFinite(next)) break; // every value equal: nothing left to move
    for (const i of idx) {
      x[i] = sign * next;
      changed.add(i);
    }
    if (sign === 1) imax = idx;
    else imin = idx;
    nwin = imax.length + imin.length;
    shape = shapeOf(x);
    passing = passes(shape, skewThreshold, kurtThreshold);
    if (passing === null) break;
  }
  return { values: x, points: nwin, changed: [...changed], passes: passing };
}

/** COINr `log_CT`: log(x − min + 0.01·(max − min)). */
export function logCT(input: ArrayLike<number>): { values: Float64Array; min: number; shift: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < input.length; i++) {
    const v = input[i]!;
    if (v === v) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const shift = 0.01 * (max - min);
  const out = newColumn(input.length);
  for (let i = 0; i < input.length; i++) out[i] = Math.log(input[i]! - min + shift);
  return { values: out, min, shift };
}

/** COINr `Treat.numeric` with winsorise as f1 and log_CT as f2, `combine_treat = FALSE`. */
export function treatColumn(
  x: Float64Array,
  opts: TreatOptions = {},
): TreatResult & { logMin?: number; logShift?: number } {
  const s = opts.skewThreshold ?? 2;
  const k = opts.kurtThreshold ?? 3.5;
  const first = passesSkewKurt(x, s, k);
  if (first !== false) return { values: x, method: 'none', points: 0, winsorised: [] };
  const w = winsorise(x, opts.maxPoints ?? 5, s, k);
  if (w.passes === null) return { values: x, method: 'none', points: 0, winsorised: [] };
  if (w.passes || opts.logFallback === false) {
    return { values: w.values, method: 'winsorise', points: w.points, winsorised: w.changed };
  }
  const l = logCT(x);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) n++;
  return { values: l.values, method: 'log', points: n, winsorised: [], logMin: l.min, logShift: l.shift };
}
