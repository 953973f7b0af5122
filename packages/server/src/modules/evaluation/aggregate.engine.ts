import type { Aggregation } from '@zhili/contracts';
import { EvaluationEngineError } from './framework.engine.ts';
import { newColumn } from './alloc.engine.ts';

/**
 * Column-wise aggregation of a node's children. Weights are relative; a missing child value (NaN)
 * is skipped and the remaining weights rescaled, as COINr's a_amean does. A unit with no child
 * value gets NaN.
 */

/** Weighted arithmetic mean Σ w x / Σ w over present children. */
export function arithmeticMean(cols: Float64Array[], w: number[], out = newColumn(cols[0]?.length ?? 0)): Float64Array {
  const n = out.length;
  const m = cols.length;
  let complete = true;
  for (let j = 0; j < m && complete; j++) {
    const c = cols[j]!;
    for (let i = 0; i < n; i++) {
      if (c[i] !== c[i]) {
        complete = false;
        break;
      }
    }
  }
  const ws = w.reduce((a, b) => a + b, 0);
  if (complete) {
    // Fast path: no missing values, one pass per column.
    out.fill(0);
    for (let j = 0; j < m; j++) {
      const c = cols[j]!;
      const wj = w[j]! / ws;
      for (let i = 0; i < n; i++) out[i]! += wj * c[i]!;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    let sw = 0;
    for (let j = 0; j < m; j++) {
      const v = cols[j]![i]!;
      if (v === v) {
        s += w[j]! * v;
        sw += w[j]!;
      }
    }
    out[i] = sw > 0 ? s / sw : NaN;
  }
  return out;
}

function negative(path: string, kind: string): EvaluationEngineError {
  return new EvaluationEngineError(
    'EVAL_NEGATIVE_FOR_MEAN',
    `${kind === 'geometric' ? '几何' : '调和'}平均要求非负得分（${path}）；请将标准化区间设为非负`,
    `A ${kind} mean needs non-negative scores (${path}); use a non-negative normalisation range`,
    path,
  );
}

/**
 * Weighted geometric mean exp(Σ w ln x / Σ w) or harmonic mean Σ w / Σ (w/x), over the children a
 * unit has. A zero child makes the mean 0 (its limit); negative values are refused.
 */
function nonNegativeMean(
  kind: 'geometric' | 'harmonic',
  cols: Float64Array[],
  w: number[],
  path: string,
): Float64Array {
  const geometric = kind === 'geometric';
  const n = cols[0]?.length ?? 0;
  const out = newColumn(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let sw = 0;
    let zero = false;
    for (let j = 0; j < cols.length; j++) {
      const v = cols[j]![i]!;
      if (v !== v) continue;
      if (v < 0) throw negative(path, kind);
      if (v === 0 && w[j]! > 0) zero = true;
      else if (v > 0) s += geometric ? w[j]! * Math.log(v) : w[j]! / v;
      sw += w[j]!;
    }
    out[i] = sw === 0 ? NaN : zero ? 0 : geometric ? Math.exp(s / sw) : sw / s;
  }
  return out;
}

/** Weighted geometric mean exp(Σ w ln x / Σ w); a zero child gives 0, negatives are refused. */
export function geometricMean(cols: Float64Array[], w: number[], path = ''): Float64Array {
  return nonNegativeMean('geometric', cols, w, path);
}

/** Weighted harmonic mean Σ w / Σ (w/x); a zero child gives 0, negatives are refused. */
export function harmonicMean(cols: Float64Array[], w: number[], path = ''): Float64Array {
  return nonNegativeMean('harmonic', cols, w, path);
}

/** The fixed reference points of a TOPSIS node, kept for the what-if. */
export interface TopsisModel {
  norms: number[];
  ideal: number[];
  anti: number[];
}

/**
 * TOPSIS (Hwang & Yoon 1981) with vector normalisation: r_ij = x_ij/√Σ_i x_ij², v_ij = w_j r_ij
 * (weights scaled to sum 1), ideal = max_i v_ij and anti-ideal = min_i v_ij (every child is
 * already oriented better → higher), Euclidean distances D⁺, D⁻, score = 100·D⁻/(D⁺ + D⁻).
 * Missing child values are left out of both distances. Equal distances (all units equal) give 50.
 */
export function topsis(cols: Float64Array[], w: number[]): { values: Float64Array; model: TopsisModel } {
  const n = cols[0]?.length ?? 0;
  const m = cols.length;
  const ws = w.reduce((a, b) => a + b, 0);
  const norms: number[] = [];
  const ideal: number[] = [];
  const anti: number[] = [];
  for (let j = 0; j < m; j++) {
    const c = cols[j]!;
    let ss = 0;
    for (let i = 0; i < n; i++) if (c[i] === c[i]) ss += c[i]! * c[i]!;
    const norm = Math.sqrt(ss) || 1;
    norms.push(norm);
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = 0; i < n; i++) {
      const v = (w[j]! / ws) * (c[i]! / norm);
      if (v > hi) hi = v;
      if (v < lo) lo = v;
    }
    ideal.push(hi);
    anti.push(lo);
  }
  const model = { norms, ideal, anti };
  const out = newColumn(n);
  for (let i = 0; i < n; i++) out[i] = topsisScore((j) => cols[j]![i]!, w, ws, model, m);
  return { values: out, model };
}

/** One unit's TOPSIS closeness (×100) against fixed reference points. */
export function topsisScore(
  value: (j: number) => number,
  w: number[],
  ws: number,
  model: TopsisModel,
  m: number,
): number {
  let dp = 0;
  let dm = 0;
  let any = false;
  for (let j = 0; j < m; j++) {
    const x = value(j);
    if (x !== x) continue;
    any = true;
    const v = (w[j]! / ws) * (x / model.norms[j]!);
    dp += (model.ideal[j]! - v) ** 2;
    dm += (v - model.anti[j]!) ** 2;
  }
  if (!any) return NaN;
  const a = Math.sqrt(dp);
  const b = Math.sqrt(dm);
  return a + b > 0 ? (100 * b) / (a + b) : 50;
}

/** Aggregate child columns with the node's method. */
export function aggregateColumns(method: Aggregation, cols: Float64Array[], w: number[], path = ''): Float64Array {
  switch (method) {
    case 'arithmetic':
      return arithmeticMean(cols, w);
    case 'geometric':
      return geometricMean(cols, w, path);
    case 'harmonic':
      return harmonicMean(cols, w, path);
    case 'topsis':
      return topsis(cols, w).values;
  }
}

/** The same aggregation for a single unit (the what-if re-scores one unit at a time). */
export function aggregateOne(method: Aggregation, xs: number[], w: number[], model?: TopsisModel): number {
  const cols = xs.map((x) => Float64Array.of(x));
  if (method === 'topsis' && model) {
    return topsisScore(
      (j) => xs[j]!,
      w,
      w.reduce((a, b) => a + b, 0),
      model,
      xs.length,
    );
  }
  return aggregateColumns(method, cols, w)[0]!;
}

/**
 * Weighted aggregation of child columns, column by column (sequential memory), over the children
 * a unit has: missing values are skipped and the remaining weights renormalised, as COINr and the
 * run do. Geometric and harmonic means of a child score ≤ 0 give 0 — the run refuses negatives,
 * but a replication (say z-scores under a geometric mean) must not stop the analysis.
 * `sumW` is scratch of the output's length.
 */
export function aggregateInto(
  method: string,
  cols: Float64Array[],
  ws: number[],
  out: Float64Array,
  sumW: Float64Array = new Float64Array(out.length),
): void {
  const n = out.length;
  out.fill(0);
  sumW.fill(0);
  const geometric = method === 'geometric';
  const harmonic = method === 'harmonic';
  for (let c = 0; c < cols.length; c++) {
    const w = ws[c]!;
    if (!(w > 0)) continue;
    const col = cols[c]!;
    if (geometric) {
      // ln 0 = −∞ carries a zero child through to exp(−∞) = 0; negatives count as zero.
      for (let u = 0; u < n; u++) {
        const s = col[u]!;
        if (s !== s) continue;
        out[u]! += w * (s > 0 ? Math.log(s) : -Infinity);
        sumW[u]! += w;
      }
    } else if (harmonic) {
      for (let u = 0; u < n; u++) {
        const s = col[u]!;
        if (s !== s) continue;
        out[u]! += s > 0 ? w / s : Infinity;
        sumW[u]! += w;
      }
    } else {
      for (let u = 0; u < n; u++) {
        const s = col[u]!;
        if (s !== s) continue;
        out[u]! += w * s;
        sumW[u]! += w;
      }
    }
  }
  for (let u = 0; u < n; u++) {
    const sw = sumW[u]!;
    const a = out[u]!;
    out[u] = sw === 0 ? NaN : geometric ? Math.exp(a / sw) : harmonic ? sw / a : a / sw;
  }
}
