import type { Normalisation, Transform } from '@zhili/contracts';
import { nanColumn, newColumn } from './alloc.engine.ts';

/**
 * Column-wise normalisation. Every method maps better → higher: with direction −1 the column is
 * negated first (as COINr does), so min-max becomes (max − x)/(max − min). NaN stays NaN.
 */

/** Apply a framework transform in place order: caps first, then natural log. */
export function applyTransform(x: Float64Array, t: Transform | undefined): Float64Array {
  if (!t || (!t.log && t.capMin === null && t.capMax === null)) return x;
  const out = newColumn(x.length);
  const lo = t.capMin ?? -Infinity;
  const hi = t.capMax ?? Infinity;
  for (let i = 0; i < x.length; i++) {
    let v = x[i]!;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    out[i] = t.log ? Math.log(v) : v;
  }
  return out;
}

/**
 * The linear map a normalisation applied to one column: `score = clamp(offset + slope·x)` on the
 * transformed value x. Kept so the what-if can invert it. Null for rank-based methods.
 */
export interface LinearMap {
  offset: number;
  slope: number;
  /** Bounds of the score (the output range when capped), ±Infinity when unbounded. */
  lo: number;
  hi: number;
}

/** Result of normalising one column. */
export interface NormalisedColumn {
  values: Float64Array;
  linear: LinearMap | null;
}

function minMaxOf(x: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** Competition-free fractional ranks (1 = lowest; ties share the average rank); NaN stays NaN. */
export function fractionalRanks(x: Float64Array): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) idx.push(i);
  idx.sort((a, b) => x[a]! - x[b]!);
  const out = nanColumn(x.length);
  for (let s = 0; s < idx.length;) {
    let e = s;
    while (e + 1 < idx.length && x[idx[e + 1]!] === x[idx[s]!]) e++;
    const r = (s + e) / 2 + 1;
    for (let j = s; j <= e; j++) out[idx[j]!] = r;
    s = e + 1;
  }
  return out;
}

/**
 * Normalise one column. `x` is the (treated, transformed) indicator column; `direction` 1 or −1.
 * For goalposts with a log transform, pass `logGoalposts` so min/max are logged too (HDI income).
 */
export function normaliseColumn(
  x: Float64Array,
  spec: Normalisation,
  direction: 1 | -1,
  logGoalposts = false,
): NormalisedColumn {
  const n = x.length;
  const out = newColumn(n);
  switch (spec.method) {
    case 'minmax': {
      const [l, u] = spec.range;
      // COINr multiplies by the direction, then min-maxes: keep the same floating-point path.
      const [min, max] = minMaxOf(x);
      const lo = direction === 1 ? min : -max;
      const span = max - min;
      if (!(span > 0)) {
        // A constant column carries no information: everyone gets the middle of the range.
        for (let i = 0; i < n; i++) out[i] = x[i] === x[i] ? (l + u) / 2 : NaN;
        return { values: out, linear: { offset: (l + u) / 2, slope: 0, lo: l, hi: u } };
      }
      const k = (u - l) / span;
      for (let i = 0; i < n; i++) out[i] = ((direction * x[i]! - lo) / span) * (u - l) + l;
      return {
        values: out,
        linear: { offset: l - lo * k, slope: direction * k, lo: Math.min(l, u), hi: Math.max(l, u) },
      };
    }
    case 'zscore': {
      let s = 0;
      let c = 0;
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        if (v === v) {
          s += v;
          c++;
        }
      }
      const mean = s / c;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        if (v === v) ss += (v - mean) * (v - mean);
      }
      // Sample sd (n − 1), as R's sd() and COINr's n_zscore.
      const sd = Math.sqrt(ss / (c - 1));
      const k = sd > 0 ? (direction * spec.sd) / sd : 0;
      const offset = spec.mean - k * mean;
      for (let i = 0; i < n; i++) out[i] = offset + k * x[i]!;
      return { values: out, linear: { offset, slope: k, lo: -Infinity, hi: Infinity } };
    }
    case 'goalposts': {
      const [l, u] = spec.range;
      const gmin = logGoalposts ? Math.log(spec.min) : spec.min;
      const gmax = logGoalposts ? Math.log(spec.max) : spec.max;
      const a = direction === 1 ? gmin : gmax;
      const b = direction === 1 ? gmax : gmin;
      for (let i = 0; i < n; i++) {
        let f = (x[i]! - a) / (b - a);
        if (spec.cap) f = f < 0 ? 0 : f > 1 ? 1 : f;
        out[i] = l + f * (u - l);
      }
      const k = (u - l) / (b - a);
      return {
        values: out,
        linear: {
          offset: l - a * k,
          slope: k,
          lo: spec.cap ? Math.min(l, u) : -Infinity,
          hi: spec.cap ? Math.max(l, u) : Infinity,
        },
      };
    }
    case 'target': {
      const [l, u] = spec.range;
      // Distance to target: the share of the target reached (direction 1) or not exceeded
      // (direction −1: target/x), capped at 1 once the target is met.
      let linear: LinearMap | null = null;
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        let f = direction === 1 ? v / spec.target : v > 0 ? spec.target / v : 1;
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        out[i] = v === v ? l + f * (u - l) : NaN;
      }
      if (direction === 1) linear = { offset: l, slope: (u - l) / spec.target, lo: Math.min(l, u), hi: Math.max(l, u) };
      return { values: out, linear };
    }
    case 'rank': {
      const y = newColumn(n);
      for (let i = 0; i < n; i++) y[i] = direction * x[i]!;
      return { values: fractionalRanks(y), linear: null };
    }
    case 'percentile': {
      const y = newColumn(n);
      let c = 0;
      for (let i = 0; i < n; i++) {
        y[i] = direction * x[i]!;
        if (y[i] === y[i]) c++;
      }
      const r = fractionalRanks(y);
      // (rank − 0.5)/count·100 counts the others strictly below plus half the ties (incl. itself).
      for (let i = 0; i < n; i++) out[i] = c > 0 ? ((r[i]! - 0.5) / c) * 100 : NaN;
      return { values: out, linear: null };
    }
  }
}

/** Min-max a column onto [0,1] ignoring direction (used by entropy/CRITIC weighting). */
export function minMax01(x: Float64Array): Float64Array {
  const [min, max] = minMaxOf(x);
  const out = newColumn(x.length);
  const span = max - min;
  for (let i = 0; i < x.length; i++) out[i] = span > 0 ? (x[i]! - min) / span : 0;
  return out;
}
