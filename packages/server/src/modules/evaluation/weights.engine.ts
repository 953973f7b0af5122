import { EvaluationEngineError } from './framework.engine.ts';
import { minMax01 } from './normalise.engine.ts';

/**
 * Saaty's random consistency index RI(n) (Saaty 1980, n = 1…15), the table most software uses.
 * RI(1) = RI(2) = 0: matrices of order ≤ 2 are always consistent.
 */
export const RANDOM_INDEX: readonly number[] = [
  0, 0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/** AHP weights and their consistency. */
export interface AhpResult {
  weights: number[];
  lambdaMax: number;
  /** CI = (λmax − n)/(n − 1). */
  ci: number;
  /** CR = CI/RI(n); 0 for n ≤ 2. */
  cr: number;
}

/**
 * AHP: principal right eigenvector of the pairwise matrix by power iteration (normalised to sum 1),
 * λmax as the mean of (A·w)_i / w_i, CR = CI/RI. Refuses CR ≥ 0.1 (`EVAL_AHP_INCONSISTENT`).
 */
export function ahpWeights(matrix: number[][], path = 'pairwise', maxCr = 0.1): AhpResult {
  const n = matrix.length;
  if (n === 0 || matrix.some((r) => r.length !== n)) {
    throw new EvaluationEngineError(
      'EVAL_AHP_SHAPE',
      'AHP 判断矩阵必须是方阵',
      'The AHP pairwise matrix must be square',
      path,
    );
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = matrix[i]![j]!;
      if (!(a > 0) || Math.abs(a * matrix[j]![i]! - 1) > 1e-6 || (i === j && a !== 1)) {
        throw new EvaluationEngineError(
          'EVAL_AHP_NOT_RECIPROCAL',
          `AHP 判断矩阵必须为正互反矩阵（第 ${i + 1} 行第 ${j + 1} 列）`,
          `The AHP pairwise matrix must be positive and reciprocal (row ${i + 1}, column ${j + 1})`,
          `${path}.${i}.${j}`,
        );
      }
    }
  }
  let w = new Array<number>(n).fill(1 / n);
  for (let iter = 0; iter < 1000; iter++) {
    const next = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) next[i]! += matrix[i]![j]! * w[j]!;
    const s = next.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) next[i]! /= s;
    let diff = 0;
    for (let i = 0; i < n; i++) diff = Math.max(diff, Math.abs(next[i]! - w[i]!));
    w = next;
    if (diff < 1e-15) break;
  }
  let lambda = 0;
  for (let i = 0; i < n; i++) {
    let aw = 0;
    for (let j = 0; j < n; j++) aw += matrix[i]![j]! * w[j]!;
    lambda += aw / w[i]!;
  }
  lambda /= n;
  const ci = n > 1 ? (lambda - n) / (n - 1) : 0;
  const ri = RANDOM_INDEX[n] ?? RANDOM_INDEX[RANDOM_INDEX.length - 1]!;
  const cr = ri > 0 ? ci / ri : 0;
  if (cr >= maxCr) {
    throw new EvaluationEngineError(
      'EVAL_AHP_INCONSISTENT',
      `AHP 判断矩阵一致性比率 CR = ${cr.toFixed(3)} ≥ ${maxCr}，请调整两两比较`,
      `AHP consistency ratio CR = ${cr.toFixed(3)} ≥ ${maxCr}; revise the pairwise comparisons`,
      path,
    );
  }
  return { weights: w, lambdaMax: lambda, ci, cr };
}

/** Scale non-negative weights to sum 1 (equal weights when they sum to 0). */
export function normaliseWeights(w: ArrayLike<number>): number[] {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]!;
  const out = new Array<number>(w.length);
  for (let i = 0; i < w.length; i++) out[i] = s > 0 ? w[i]! / s : 1 / w.length;
  return out;
}

/** Rows where every column is present: entropy and CRITIC use complete cases only. */
function completeColumns(cols: Float64Array[]): Float64Array[] {
  const n = cols[0]?.length ?? 0;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (cols.every((c) => c[i] === c[i])) keep.push(i);
  if (keep.length === n) return cols;
  return cols.map((c) => Float64Array.from(keep, (i) => c[i]!));
}

/**
 * Entropy weights (the standard variant): each column min-max normalised to [0,1] (columns are
 * already oriented better → higher), p_ij = x_ij/Σ_i x_ij, e_j = −(1/ln n) Σ_i p_ij ln p_ij
 * (0·ln 0 = 0), d_j = 1 − e_j, w_j = d_j/Σ d. A column that is all zeros after normalisation
 * (constant) has e_j = 1 and weight 0. Equal weights if every d_j is 0.
 */
export function entropyWeights(columns: Float64Array[]): number[] {
  const cols = completeColumns(columns).map(minMax01);
  const n = cols[0]?.length ?? 0;
  const k = n > 1 ? 1 / Math.log(n) : 0;
  const d = cols.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i]!;
    if (!(s > 0)) return 0;
    let h = 0;
    for (let i = 0; i < n; i++) {
      const p = c[i]! / s;
      if (p > 0) h -= p * Math.log(p);
    }
    return 1 - k * h;
  });
  return normaliseWeights(d);
}

/**
 * CRITIC weights (Diakoulaki 1995): columns min-max normalised to [0,1], C_j = σ_j Σ_k (1 − r_jk)
 * with σ the sample standard deviation and r Pearson's correlation (0 against a constant column),
 * w_j = C_j/Σ C.
 */
export function criticWeights(columns: Float64Array[]): number[] {
  const cols = completeColumns(columns).map(minMax01);
  const m = cols.length;
  const n = cols[0]?.length ?? 0;
  const mean = cols.map((c) => c.reduce((a, b) => a + b, 0) / n);
  const centred = cols.map((c, j) => c.map((v) => v - mean[j]!));
  const ss = centred.map((c) => c.reduce((a, b) => a + b * b, 0));
  const sd = ss.map((s) => (n > 1 ? Math.sqrt(s / (n - 1)) : 0));
  const info = new Array<number>(m).fill(0);
  for (let j = 0; j < m; j++) {
    let conflict = 0;
    for (let k = 0; k < m; k++) {
      let r = 0;
      if (j === k) r = 1;
      else if (ss[j]! > 0 && ss[k]! > 0) {
        let cross = 0;
        for (let i = 0; i < n; i++) cross += centred[j]![i]! * centred[k]![i]!;
        r = cross / Math.sqrt(ss[j]! * ss[k]!);
      }
      conflict += 1 - r;
    }
    info[j] = sd[j]! * conflict;
  }
  return normaliseWeights(info);
}
