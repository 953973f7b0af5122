/**
 * Sobol' low-discrepancy sequence (Bratley–Fox / Joe–Kuo construction, Gray-code order) and the
 * Sobol' sensitivity machinery built on it: the Saltelli (2010) sampling design, the Saltelli
 * (2010) first-order and Jansen (1999) total-effect estimators, and bootstrap confidence
 * intervals. Pure: no I/O.
 */

import { JOE_KUO } from './sobol-directions.engine.ts';

const BITS = 32;
const TWO_POW_32 = 4294967296;

/** How many dimensions the embedded direction numbers cover. */
export const SOBOL_MAX_DIMENSIONS = 256;

let cachedDirections: Uint32Array | null = null;

/** Direction integers V[d][k] (d < 256, k < 32), flattened, built once from the table above. */
function directionNumbers(): Uint32Array {
  if (cachedDirections) return cachedDirections;
  const v = new Uint32Array(SOBOL_MAX_DIMENSIONS * BITS);
  for (let k = 0; k < BITS; k++) v[k] = 2 ** (31 - k);
  JOE_KUO.split(' ').forEach((entry, i) => {
    const [polyHex, mHex] = entry.split(':') as [string, string];
    const poly = parseInt(polyHex, 16);
    const m = mHex.split('.').map((h) => parseInt(h, 16));
    const s = Math.floor(Math.log2(poly));
    const base = (i + 1) * BITS;
    for (let k = 0; k < s; k++) v[base + k] = m[k]! * 2 ** (31 - k);
    // V_k = a_1 V_{k-1} ⊕ … ⊕ a_{s-1} V_{k-s+1} ⊕ V_{k-s} ⊕ (V_{k-s} >> s)   (Joe & Kuo 2008, eq. 2)
    for (let k = s; k < BITS; k++) {
      let x = v[base + k - s]! ^ (v[base + k - s]! >>> s);
      for (let j = 1; j < s; j++) if ((poly >>> (s - j)) & 1) x ^= v[base + k - j]!;
      v[base + k] = x >>> 0;
    }
  });
  cachedDirections = v;
  return v;
}

/** A seeded 32-bit generator (mulberry32): small, fast, and identical on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

/**
 * The Sobol' sequence in `dimensions` dimensions, point 0 being the origin (as in Joe & Kuo and
 * scipy's unscrambled `qmc.Sobol`). A non-zero `shift` seed applies a random digital shift
 * (XOR of each coordinate with a fixed random word), which keeps the net's equidistribution.
 */
export class SobolSequence {
  readonly dimensions: number;
  private readonly v: Uint32Array;
  private readonly x: Uint32Array;
  private readonly shift: Uint32Array;
  private index = 0;

  constructor(dimensions: number, shiftSeed = 0) {
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS)
      throw new RangeError(`Sobol dimensions must be 1…${SOBOL_MAX_DIMENSIONS}, got ${dimensions}`);
    this.dimensions = dimensions;
    this.v = directionNumbers();
    this.x = new Uint32Array(dimensions);
    this.shift = new Uint32Array(dimensions);
    if (shiftSeed !== 0) {
      const rnd = seededRandom(shiftSeed);
      for (let d = 0; d < dimensions; d++) this.shift[d] = Math.floor(rnd() * TWO_POW_32);
    }
  }

  /** Positions the sequence so that the next point returned is point `index` (Gray-code jump). */
  seek(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= TWO_POW_32) throw new RangeError(`bad Sobol index ${index}`);
    const gray = (index ^ (index >>> 1)) >>> 0;
    for (let d = 0; d < this.dimensions; d++) {
      let x = 0;
      for (let k = 0; k < BITS; k++) if ((gray >>> k) & 1) x ^= this.v[d * BITS + k]!;
      this.x[d] = x >>> 0;
    }
    this.index = index;
  }

  /** Writes the next point into `out` (length ≥ dimensions), coordinates in [0, 1). */
  next(out: Float64Array): void {
    for (let d = 0; d < this.dimensions; d++) out[d] = ((this.x[d]! ^ this.shift[d]!) >>> 0) / TWO_POW_32;
    // Gray-code order: point i+1 differs from point i by the direction of i's lowest zero bit.
    let c = 0;
    let i = this.index;
    while (i & 1) {
      i >>>= 1;
      c++;
    }
    for (let d = 0; d < this.dimensions; d++) this.x[d] = (this.x[d]! ^ this.v[d * BITS + c]!) >>> 0;
    this.index++;
  }
}

/** The first `n` points of a `dimensions`-dimensional Sobol' sequence, row-major. */
export function sobolPoints(dimensions: number, n: number, shiftSeed = 0): Float64Array {
  const seq = new SobolSequence(dimensions, shiftSeed);
  const out = new Float64Array(n * dimensions);
  const row = new Float64Array(dimensions);
  for (let i = 0; i < n; i++) {
    seq.next(row);
    out.set(row, i * dimensions);
  }
  return out;
}

/**
 * The Saltelli (2010) radial design for `groups` of factors. Base row j (j = 0…n−1) takes Sobol'
 * point j + 1 in 2k dimensions (the origin is skipped): A = its first k coordinates, B = the
 * last k. Each base row yields a block of g + 2 replications, in this order: A, B, then for each
 * group i the matrix A_B^(i) (A with group i's columns taken from B). Replication r is row
 * ⌊r / (g + 2)⌋ of block position r mod (g + 2), so any slice of replications can be generated
 * on its own (worker threads take slices of whole blocks).
 */
export interface SaltelliDesign {
  /** Number of factors (unit-hypercube dimensions). */
  k: number;
  /** Factor indices of each group whose indices are estimated. */
  groups: number[][];
  /** Base rows. */
  n: number;
  /** Digital-shift seed of the Sobol' sequence (0: unshifted). */
  seed: number;
}

/** Replications per base row: A, B and one A_B^(i) per group. */
export const blockSize = (design: SaltelliDesign): number => design.groups.length + 2;

/** Total replications of a design. */
export const designReplications = (design: SaltelliDesign): number => design.n * blockSize(design);

/** The design whose replication count is the largest whole number of blocks ≤ `replications`. */
export function saltelliDesign(k: number, groups: number[][], replications: number, seed = 0): SaltelliDesign {
  if (2 * k > SOBOL_MAX_DIMENSIONS) throw new RangeError(`at most ${SOBOL_MAX_DIMENSIONS / 2} factors, got ${k}`);
  const n = Math.max(1, Math.floor(replications / (groups.length + 2)));
  return { k, groups, n, seed };
}

/**
 * The unit-hypercube points of replications [from, to), row-major (k per row). With k = 0 (no
 * uncertain factor) every row is empty.
 */
export function designPoints(design: SaltelliDesign, from: number, to: number): Float64Array {
  const { k } = design;
  const bs = blockSize(design);
  const out = new Float64Array((to - from) * k);
  if (k === 0 || to <= from) return out;
  const seq = new SobolSequence(2 * k, design.seed);
  const point = new Float64Array(2 * k);
  const groupOf = new Int32Array(k).fill(-1);
  design.groups.forEach((g, i) => g.forEach((f) => (groupOf[f] = i)));
  let block = Math.floor(from / bs);
  seq.seek(block + 1);
  seq.next(point);
  for (let r = from; r < to; r++) {
    const b = Math.floor(r / bs);
    if (b !== block) {
      block = b;
      seq.next(point);
    }
    const pos = r - b * bs;
    const o = (r - from) * k;
    for (let f = 0; f < k; f++) {
      const fromB = pos === 1 || (pos >= 2 && groupOf[f] === pos - 2);
      out[o + f] = point[fromB ? k + f : f]!;
    }
  }
  return out;
}

/**
 * Per-base-row sums from which the indices are estimated, pooled over the model's outputs u
 * (every unit's rank, say): a_j = Σ_u (f_A − f_B)²/2, b_ij = Σ_u f_B (f_ABi − f_A),
 * c_ij = Σ_u (f_A − f_ABi)²/2. Being sums over rows, they merge across worker slices and
 * resample cheaply for the bootstrap.
 */
export interface SobolRowSums {
  n: number;
  groups: number;
  a: Float64Array;
  /** Group-major: b[i * n + j]. */
  b: Float64Array;
  c: Float64Array;
}

/** Empty row sums for a design. */
export function newRowSums(n: number, groups: number): SobolRowSums {
  return { n, groups, a: new Float64Array(n), b: new Float64Array(n * groups), c: new Float64Array(n * groups) };
}

/** Adds base row j's block: outputs under A, B and each A_B^(i) (same length each). */
export function addBlock(
  sums: SobolRowSums,
  j: number,
  fA: ArrayLike<number>,
  fB: ArrayLike<number>,
  fAB: readonly ArrayLike<number>[],
): void {
  let a = 0;
  for (let u = 0; u < fA.length; u++) a += (fA[u]! - fB[u]!) ** 2 / 2;
  sums.a[j] = a;
  for (let i = 0; i < sums.groups; i++) {
    const f = fAB[i]!;
    let b = 0;
    let c = 0;
    for (let u = 0; u < fA.length; u++) {
      b += fB[u]! * (f[u]! - fA[u]!);
      c += (fA[u]! - f[u]!) ** 2 / 2;
    }
    sums.b[i * sums.n + j] = b;
    sums.c[i * sums.n + j] = c;
  }
}

/** Copies the rows present in `part` (rows [from, to)) into `into`. */
export function mergeRowSums(into: SobolRowSums, part: SobolRowSums, from: number, to: number): void {
  into.a.set(part.a.subarray(from, to), from);
  for (let i = 0; i < into.groups; i++) {
    into.b.set(part.b.subarray(i * part.n + from, i * part.n + to), i * into.n + from);
    into.c.set(part.c.subarray(i * part.n + from, i * part.n + to), i * into.n + from);
  }
}

/** One group's indices with bootstrap percentile intervals (95 % unless asked otherwise). */
export interface SobolIndex {
  first: number;
  firstCi: [number, number];
  total: number;
  totalCi: [number, number];
}

function estimate(sums: SobolRowSums, weights: Float64Array | null): { first: number[]; total: number[] } {
  const { n, groups } = sums;
  let v = 0;
  for (let j = 0; j < n; j++) v += (weights ? weights[j]! : 1) * sums.a[j]!;
  const first: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < groups; i++) {
    let b = 0;
    let c = 0;
    for (let j = 0; j < n; j++) {
      const w = weights ? weights[j]! : 1;
      b += w * sums.b[i * n + j]!;
      c += w * sums.c[i * n + j]!;
    }
    // A constant output has no variance to apportion: report zero rather than NaN.
    first.push(v > 0 ? b / v : 0);
    total.push(v > 0 ? c / v : 0);
  }
  return { first, total };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * First-order (Saltelli 2010: V_i = 1/N Σ f(B)(f(A_B^i) − f(A))) and total-effect (Jansen 1999:
 * V_Ti = 1/2N Σ (f(A) − f(A_B^i))²) indices, both divided by V(Y) = 1/2N Σ (f(A) − f(B))²; with
 * several outputs every sum is pooled over them (the variance-weighted, "generalised" indices of
 * Gamboa et al. 2014). Confidence intervals: percentile bootstrap over the base rows.
 */
export function sobolIndices(
  sums: SobolRowSums,
  options: { bootstrap?: number; seed?: number; level?: number } = {},
): SobolIndex[] {
  const point = estimate(sums, null);
  const reps = options.bootstrap ?? 1000;
  const level = options.level ?? 0.95;
  const rnd = seededRandom(options.seed ?? 1);
  const firsts = Array.from({ length: sums.groups }, () => new Float64Array(reps));
  const totals = Array.from({ length: sums.groups }, () => new Float64Array(reps));
  const counts = new Float64Array(sums.n);
  for (let r = 0; r < reps; r++) {
    counts.fill(0);
    for (let j = 0; j < sums.n; j++) counts[Math.floor(rnd() * sums.n)]! += 1;
    const e = estimate(sums, counts);
    for (let i = 0; i < sums.groups; i++) {
      firsts[i]![r] = e.first[i]!;
      totals[i]![r] = e.total[i]!;
    }
  }
  const lo = (1 - level) / 2;
  return point.first.map((first, i) => {
    const f = firsts[i]!.sort();
    const t = totals[i]!.sort();
    return {
      first,
      firstCi: [percentile(f, lo), percentile(f, 1 - lo)],
      total: point.total[i]!,
      totalCi: [percentile(t, lo), percentile(t, 1 - lo)],
    };
  });
}
