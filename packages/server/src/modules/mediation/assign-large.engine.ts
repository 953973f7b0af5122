import { certify, maxExactGain, solveSparse, type SparseAssignment } from './assign-core.engine.ts';

/**
 * Exact assignment on instances too large for every pair (5,000 cases × 20,000 mediators = 100 M
 * scores): solve on candidates, then prove the answer optimal for the whole instance.
 *
 * 1. Each case's candidates are its k best-scored eligible mediators (k from the capacities, see
 *    `initialCandidates`); σ_i is the k-th best score, so every other pair (i, j) has score ≤ σ_i.
 * 2. The sparse problem is solved exactly; its potentials certify it on the candidate edges.
 * 3. A pair outside the candidates would be a residual edge i → j with reduced cost
 *    (π_a(i) − π_a(j), −g(i,j) + π_b(i) − π_b(j)) (g = score · 10^d). Since g(i,j) ≤ round(σ_i·10^d)
 *    = G_i, it is ≥ 0 for every such j as soon as (π_a(i), π_b(i) − G_i) ≥ Π = max_j π(j)
 *    (lexicographically) — one comparison per case instead of one per pair. A reduced cost of
 *    exactly 0 is no violation, so mediators tied with the k-th best need not be candidates.
 * 4. A case that fails it is deepened: its k doubles (a fresh `candidateRow`, not a whole row
 *    scored) until the new bound passes — G_i ≤ π_b(i) − Π_b — or, when the case is priced on the
 *    count (π_a(i) < Π_a), until a pair with a negative reduced cost turns up. The new pairs join
 *    its candidates; only if one of them has a negative reduced cost is the problem solved again.
 * 5. When no pair violates, the potentials satisfy every residual edge of the full instance: no
 *    negative cycle exists there, so the assignment is optimal for it (max cases, then max total).
 * Scores are rounded to `decimals` places (default 4, what the matching engine produces).
 */

/** Tuning for `solveAssignmentLarge`. */
export interface LargeAssignmentOptions {
  /** Candidates per case before any check (default: `initialCandidates` from the capacities). */
  candidates?: number;
  /** Decimals kept in the scores (default 4). */
  decimals?: number;
  /**
   * Fills `out[j]` with case i's score for every mediator j, NaN = not eligible (faster than
   * `score`); used to pick candidates when there is no `candidateRow`.
   */
  scoreRow?: (i: number, out: Float64Array) => void;
  /**
   * Case i's k best eligible mediators with their scores, best first, and a bound no other
   * eligible score of the case exceeds (−Infinity when there is none) — for scores that allow
   * bounding without scoring every pair (the matching engine's `topCandidates`).
   */
  candidateRow?: (i: number, k: number) => { mediators: ArrayLike<number>; scores: ArrayLike<number>; bound: number };
  /** Give up after this many solve rounds (default 200). */
  maxRounds?: number;
}

/** The optimal assignment, with how it was proven. */
export interface LargeAssignment {
  /** Mediator index per case, −1 = unassigned. */
  mediatorOf: Int32Array;
  total: number;
  /** Sparse solves needed (1 = the first candidates were enough). */
  rounds: number;
  /** Candidate pairs in the last round. */
  candidatePairs: number;
  /** Times a case failed the one-comparison bound and had its candidates deepened. */
  casesChecked: number;
  /** Pairs added after the first candidates. */
  pairsAdded: number;
  /** Deeper candidate lists fetched for cases the bound did not prove (k doubling). */
  deepened: number;
  /** Where the time went, ms: first candidates, sparse solves (with certificates), checks. */
  phases: { candidatesMs: number; solveMs: number; checkMs: number };
}

/** k best finite entries of `row`, best first (ties: lower index), plus whether more exist. */
function topK(row: Float64Array, k: number, idx: Int32Array): { count: number; more: boolean } {
  // Insertion into a small sorted buffer: k is small and most entries fail the first comparison.
  let count = 0;
  let eligible = 0;
  for (let j = 0; j < row.length; j++) {
    const v = row[j]!;
    if (v !== v) continue;
    eligible++;
    if (count === k && v <= row[idx[k - 1]!]!) continue;
    let at = count < k ? count++ : k - 1;
    while (at > 0 && row[idx[at - 1]!]! < v) {
      idx[at] = idx[at - 1]!;
      at--;
    }
    idx[at] = j;
  }
  return { count, more: eligible > count };
}

/**
 * Initial candidates per case. A case's candidates cost one pass over the mediators whatever k is
 * (`topCandidates`), so k can be large; what grows with it is the sparse problem. So: enough that
 * even identical cases, all wanting the same mediators, would find free slots among their
 * candidates (k · c̄ ≥ n, c̄ the mean capacity, capped at n per mediator), but at most m/128 (the
 * sparse problem stays under 1% of the pairs), at least 8, rounded down to a power of two.
 * Many tied scores (identical profiles) are where it matters: with 8 candidates, the bench's
 * 5,000 cases share so few mediators that 3,000 start unassigned.
 */
export function initialCandidates(nCases: number, capacities: Int32Array): number {
  const m = capacities.length;
  let slots = 0;
  for (let j = 0; j < m; j++) slots += Math.min(capacities[j]!, nCases);
  const need = slots > 0 ? Math.ceil((nCases * m) / slots) : 1;
  const k = Math.max(8, Math.min(need, Math.floor(m / 128)));
  return 2 ** Math.floor(Math.log2(k));
}

type TopRow = { mediators: ArrayLike<number>; scores: ArrayLike<number>; bound: number };

/** Max cases, then max total, exactly, on a large instance (see the file comment). */
export function solveAssignmentLarge(
  nCases: number,
  capacities: Int32Array,
  score: (i: number, j: number) => number | null,
  opts: LargeAssignmentOptions = {},
): LargeAssignment {
  const m = capacities.length;
  const k = Math.max(1, opts.candidates ?? initialCandidates(nCases, capacities));
  const scale = 10 ** (opts.decimals ?? 4);
  const limit = maxExactGain(nCases, m);
  const fillRow =
    opts.scoreRow ??
    ((i: number, out: Float64Array) => {
      for (let j = 0; j < m; j++) out[j] = score(i, j) ?? NaN;
    });
  const toGain = (s: number) => {
    const g = Math.round(s * scale);
    if (!(Math.abs(g) <= limit)) throw new RangeError(`score ${s} too large for exact assignment`);
    return g;
  };
  const row = new Float64Array(m);
  const top: (i: number, k: number) => TopRow =
    opts.candidateRow ??
    ((i, kk) => {
      fillRow(i, row);
      const idx = new Int32Array(kk);
      const { count, more } = topK(row, kk, idx);
      const mediators = idx.subarray(0, count);
      return {
        mediators,
        scores: Array.from(mediators, (j) => row[j]!),
        bound: more ? row[idx[count - 1]!]! : -Infinity,
      };
    });
  const t0 = performance.now();
  const cand: { med: number[]; gain: number[] }[] = [];
  /** G_i: no non-candidate pair of case i scores above it (scaled); −Infinity when there is none. */
  const bound = new Float64Array(nCases);
  /** The k last asked of `top` for the case. */
  const depth = new Int32Array(nCases).fill(k);
  for (let i = 0; i < nCases; i++) {
    const r = top(i, k);
    const c = { med: [] as number[], gain: [] as number[] };
    for (let x = 0; x < r.mediators.length; x++) {
      c.med.push(r.mediators[x]!);
      c.gain.push(toGain(r.scores[x]!));
    }
    cand.push(c);
    bound[i] = r.bound === -Infinity ? -Infinity : toGain(r.bound);
  }
  const phases = { candidatesMs: performance.now() - t0, solveMs: 0, checkMs: 0 };

  let rounds = 0;
  let casesChecked = 0;
  let pairsAdded = 0;
  let deepened = 0;
  for (;;) {
    rounds++;
    const t1 = performance.now();
    const sparse = toSparse(nCases, capacities, cand);
    const sol = solveSparse(sparse);
    const bad = certify(sparse, sol);
    if (bad) throw new Error(`assignment certificate failed: ${bad}`);
    const t2 = performance.now();
    phases.solveMs += t2 - t1;
    // Π = the largest mediator potential (lexicographic); every non-candidate j has π(j) ≤ Π.
    let maxA = -Infinity;
    let maxB = -Infinity;
    for (let j = 0; j < m; j++) {
      const a = sol.medA[j]!;
      if (a > maxA || (a === maxA && sol.medB[j]! > maxB)) {
        maxA = a;
        maxB = sol.medB[j]!;
      }
    }
    let violations = 0;
    for (let i = 0; i < nCases; i++) {
      if (bound[i] === -Infinity) continue;
      const a = sol.caseA[i]!;
      const b = sol.caseB[i]!;
      // A non-candidate pair's reduced cost is ≥ (a − Π_a, b − G_i − Π_b); exactly 0 is no violation.
      if (a > maxA || (a === maxA && b - bound[i]! >= maxB)) continue;
      casesChecked++;
      // Score-priced (a = Π_a): pairs scoring at most θ = b − Π_b are fine, so deepen the case's
      // candidates (k doubling) until their bound reaches θ — no whole row scored. Count-priced
      // (a < Π_a: the case's unit is worth less than a free mediator's, whatever the score):
      // deepen once; the next round checks again. A case's depth only grows and at m its
      // candidates are all its eligible pairs, so the rounds end.
      const scorePriced = a === maxA;
      const theta = b - maxB;
      const c = cand[i]!;
      const have = new Set(c.med);
      let kk = depth[i]!;
      let found = 0;
      for (;;) {
        kk = Math.min(m, kk * 2);
        const r = top(i, kk);
        deepened++;
        for (let x = 0; x < r.mediators.length; x++) {
          const j = r.mediators[x]!;
          if (have.has(j)) continue;
          have.add(j);
          const g = toGain(r.scores[x]!);
          c.med.push(j);
          c.gain.push(g);
          pairsAdded++;
          // Only a new pair with a negative reduced cost needs another solve; the others
          // already satisfy this solution's certificate.
          const ra = a - sol.medA[j]!;
          const rb = -g + b - sol.medB[j]!;
          if (ra < 0 || (ra === 0 && rb < 0)) found++;
        }
        bound[i] = r.bound === -Infinity ? -Infinity : toGain(r.bound);
        if (bound[i] === -Infinity || kk >= m) break;
        // Proven (the bound now passes), or, count-priced, a violating pair to solve with found.
        if (scorePriced ? bound[i]! <= theta : found > 0) break;
      }
      depth[i] = kk;
      violations += found;
    }
    phases.checkMs += performance.now() - t2;
    if (violations === 0) {
      // Every case passes the one-comparison bound (or has all its eligible pairs as
      // candidates), and every candidate pair has a reduced cost ≥ 0: optimal on all pairs.
      let candidatePairs = 0;
      for (const c of cand) candidatePairs += c.med.length;
      return {
        mediatorOf: sol.mediatorOf,
        total: sol.gain / scale,
        rounds,
        candidatePairs,
        casesChecked,
        pairsAdded,
        deepened,
        phases,
      };
    }
    if (rounds >= (opts.maxRounds ?? 200)) throw new Error(`assignment not proven optimal after ${rounds} rounds`);
  }
}

function toSparse(n: number, capacity: Int32Array, cand: { med: number[]; gain: number[] }[]): SparseAssignment {
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + cand[i]!.med.length;
  const mediator = new Int32Array(start[n]!);
  const gain = new Float64Array(start[n]!);
  cand.forEach((c, i) => {
    mediator.set(c.med, start[i]);
    gain.set(c.gain, start[i]);
  });
  return { nCases: n, capacity, start, mediator, gain };
}
