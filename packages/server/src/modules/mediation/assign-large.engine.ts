import {
  certify,
  maxExactGain,
  solveSparse,
  type SparseAssignment,
  type SparseSolution,
} from './assign-core.engine.ts';

/**
 * Exact assignment on instances too large for every pair (5,000 cases × 20,000 mediators = 100 M
 * scores): solve on candidates, then prove the answer optimal for the whole instance.
 *
 * 1. Each case's candidates are its k best-scored eligible mediators; σ_i is the k-th best score,
 *    so every other pair (i, j) has score ≤ σ_i.
 * 2. The sparse problem is solved exactly; its potentials certify it on the candidate edges.
 * 3. A pair outside the candidates would be a residual edge i → j with reduced cost
 *    (π_a(i) − π_a(j), −g(i,j) + π_b(i) − π_b(j)) (g = score · 10^d). Since g(i,j) ≤ round(σ_i·10^d)
 *    = G_i, it is ≥ 0 for every such j as soon as (π_a(i), π_b(i) − G_i) ≥ max_j π(j)
 *    (lexicographically) — one comparison per case instead of one per pair. A case that fails
 *    it has its whole row scored and checked pair by pair; violating pairs join its candidates
 *    and the problem is solved again.
 * 4. When no pair violates, the potentials satisfy every residual edge of the full instance: no
 *    negative cycle exists there, so the assignment is optimal for it (max cases, then max total).
 * Scores are rounded to `decimals` places (default 4, what the matching engine produces).
 */

/** Tuning for `solveAssignmentLarge`. */
export interface LargeAssignmentOptions {
  /** Candidates per case before any check (default 8). */
  candidates?: number;
  /** Decimals kept in the scores (default 4). */
  decimals?: number;
  /** Fills `out[j]` with case i's score for every mediator j, NaN = not eligible (faster than `score`). */
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
  /** Cases whose whole row was re-scored because the bound did not prove them. */
  rowsChecked: number;
  /** Pairs added after the first round. */
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
 * Initial candidates per case from the capacities: with slots to spare (the bench: 5,000 cases,
 * ~60,000 slots) most cases get one of their first few choices and 8 suffice; when slots are
 * scarce, cases are pushed further down their lists and start with more.
 */
export function initialCandidates(nCases: number, capacities: Int32Array): number {
  let slots = 0;
  for (let j = 0; j < capacities.length; j++) slots += Math.min(capacities[j]!, nCases);
  if (slots === 0) return 1;
  return Math.min(64, Math.max(8, Math.ceil((16 * nCases) / slots)));
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
  let rowsChecked = 0;
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
    let added = 0;
    const dbg = { aFail: 0, bFail: 0, assigned: 0, caseAneg: 0, medAneg: 0, maxA, maxB };
    if (process.env.H6B_DEBUG) {
      for (let i = 0; i < nCases; i++) { if (sol.mediatorOf[i]! >= 0) dbg.assigned++; if (sol.caseA[i]! < 0) dbg.caseAneg++; }
      for (let j = 0; j < m; j++) if (sol.medA[j]! < 0) dbg.medAneg++;
    }
    for (let i = 0; i < nCases; i++) {
      if (bound[i] === -Infinity) continue;
      const a = sol.caseA[i]!;
      // Reduced cost of a non-candidate pair ≥ (a − Π_a, caseB − G_i − Π_b); exactly 0 is allowed.
      if (a > maxA || (a === maxA && sol.caseB[i]! - bound[i]! >= maxB)) continue;
      rowsChecked++;
      if (process.env.H6B_DEBUG) (a < maxA ? dbg.aFail++ : dbg.bFail++);
      // Score-priced (a = Π_a): pairs scoring at most θ = caseB − Π_b are fine, so deepen the
      // case's candidates (k doubling) until their bound reaches θ — no whole row scored.
      // Count-priced (a < Π_a: the case's unit is worth less than a free mediator's, whatever the
      // score): deepen once; the next round re-checks. Either way a case's depth only grows, and at
      // m its candidates are all its eligible pairs, so the rounds end.
      const theta = a < maxA ? Infinity : sol.caseB[i]! - maxB;
      const c = cand[i]!;
      const have = new Set(c.med);
      let kk = depth[i]!;
      let r: TopRow;
      do {
        kk = Math.min(m, kk * 2);
        r = top(i, kk);
        deepened++;
      } while (a === maxA && r.bound !== -Infinity && toGain(r.bound) > theta && kk < m);
      depth[i] = kk;
      for (let x = 0; x < r.mediators.length; x++) {
        const j = r.mediators[x]!;
        if (have.has(j)) continue;
        c.med.push(j);
        c.gain.push(toGain(r.scores[x]!));
        added++;
      }
      bound[i] = r.bound === -Infinity ? -Infinity : toGain(r.bound);
    }
    phases.checkMs += performance.now() - t2;
    if (process.env.H6B_DEBUG) console.log(rounds, JSON.stringify(dbg), t2 - t1, performance.now() - t2);
    if (added === 0) {
      let candidatePairs = 0;
      for (const c of cand) candidatePairs += c.med.length;
      return {
        mediatorOf: sol.mediatorOf,
        total: sol.gain / scale,
        rounds,
        candidatePairs,
        rowsChecked,
        pairsAdded,
        deepened,
        phases,
      };
    }
    pairsAdded += added;
    if (rounds >= (opts.maxRounds ?? 200)) throw new Error(`assignment not proven optimal after ${rounds} rounds`);
  }
}

/**
 * Scores case i's whole row and adds its `limit` most violated pairs (most negative reduced cost)
 * to the candidates; returns how many. Adding a few per round keeps the candidate problem small
 * when many pairs violate only because the sparse duals price full mediators too high.
 */
function addViolations(
  i: number,
  sol: SparseSolution,
  fillRow: (i: number, out: Float64Array) => void,
  row: Float64Array,
  c: { med: number[]; gain: number[] },
  toGain: (s: number) => number,
  limit: number,
): number {
  fillRow(i, row);
  const have = new Set(c.med);
  // Sorted buffer of the worst violations so far: (ra, rb) ascending.
  const js: number[] = [];
  const ras: number[] = [];
  const rbs: number[] = [];
  const gs: number[] = [];
  for (let j = 0; j < row.length; j++) {
    const s = row[j]!;
    if (s !== s || have.has(j)) continue;
    const g = toGain(s);
    const ra = sol.caseA[i]! - sol.medA[j]!;
    const rb = -g + sol.caseB[i]! - sol.medB[j]!;
    if (!(ra < 0 || (ra === 0 && rb < 0))) continue;
    const n = js.length;
    if (n === limit && !(ra < ras[n - 1]! || (ra === ras[n - 1] && rb < rbs[n - 1]!))) continue;
    let at = n < limit ? n : n - 1;
    if (n < limit) {
      js.push(0);
      ras.push(0);
      rbs.push(0);
      gs.push(0);
    }
    while (at > 0 && (ra < ras[at - 1]! || (ra === ras[at - 1] && rb < rbs[at - 1]!))) {
      js[at] = js[at - 1]!;
      ras[at] = ras[at - 1]!;
      rbs[at] = rbs[at - 1]!;
      gs[at] = gs[at - 1]!;
      at--;
    }
    js[at] = j;
    ras[at] = ra;
    rbs[at] = rb;
    gs[at] = g;
  }
  c.med.push(...js);
  c.gain.push(...gs);
  return js.length;
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
