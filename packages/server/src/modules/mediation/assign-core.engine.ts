/**
 * The exact core of batch assignment: a min-cost flow solved case by case with shortest
 * augmenting paths (Dijkstra on reduced costs), on a sparse candidate graph.
 *
 * Network: each case has supply 1 and two ways to the sink t — through a mediator j (edge cost
 * −gain(i, j), then j → t with capacity cap_j) or straight to t ("unassigned", the dummy edge).
 * Costs are lexicographic pairs (a, b): a counts unassigned cases, b is −(total gain). Pairs
 * under lexicographic order form an ordered group, so Dijkstra and node potentials work on them
 * unchanged, and "as many cases as possible, then the largest total" needs no big-M constant.
 * Gains are integers (scores × 10^d) kept in doubles well inside 2^53, so every sum is exact.
 *
 * Why case by case is exact: let f route cases P at minimum cost (no negative residual cycle).
 * Any flow routing P ∪ {v} differs from f by one path from v to t plus residual cycles, whose
 * cost is ≥ 0; so augmenting f along the shortest v → t path routes P ∪ {v} at minimum cost.
 * A path may end through another case's dummy edge: v takes its mediator and it drops out.
 *
 * Potentials π keep every residual edge's reduced cost c + π(u) − π(w) ≥ 0, including the
 * edges out of t that the search never walks (t → j, t → dummy cases): after a search with
 * distance D to t, π(x) += min(d(x), D) − D. At the end they are an optimality certificate, which
 * `certify` checks edge by edge and the large solver extends to pairs outside the candidates.
 */

/** Candidate edges per case in compressed rows: case i's edges are start[i] … start[i+1]−1. */
export interface SparseAssignment {
  nCases: number;
  capacity: Int32Array;
  start: Int32Array;
  mediator: Int32Array;
  /** Integer gains (scaled scores); |gain| · 4 (nCases + nMediators + 2) must stay below 2^53. */
  gain: Float64Array;
}

/** A solved sparse assignment with its dual certificate. */
export interface SparseSolution {
  /** Mediator index per case, −1 = unassigned. */
  mediatorOf: Int32Array;
  /** Edge index per assigned case, −1 = unassigned. */
  edgeOf: Int32Array;
  /** Σ gains of the assigned edges (an exact integer). */
  gain: number;
  caseA: Float64Array;
  caseB: Float64Array;
  medA: Float64Array;
  medB: Float64Array;
  /** The sink's potential, always (0, 0). */
  tA: number;
  tB: number;
}

/** Largest |gain| the core accepts for a problem of this size. */
export const maxExactGain = (nCases: number, nMediators: number): number =>
  Math.floor(2 ** 53 / (4 * (nCases + nMediators + 2)));

/** Solves the sparse problem exactly (see the file comment). */
export function solveSparse(p: SparseAssignment): SparseSolution {
  const n = p.nCases;
  const m = p.capacity.length;
  const T = m + n;
  const { start, mediator, gain, capacity } = p;
  const mediatorOf = new Int32Array(n).fill(-1);
  const edgeOf = new Int32Array(n).fill(-1);
  const load = new Int32Array(m);
  // Members of each mediator as a doubly linked list over cases.
  const head = new Int32Array(m).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const caseA = new Float64Array(n);
  const caseB = new Float64Array(n);
  const medA = new Float64Array(m);
  const medB = new Float64Array(m);
  const tA = 0;
  const tB = 0;
  const distA = new Float64Array(T + 1).fill(Infinity);
  const distB = new Float64Array(T + 1).fill(Infinity);
  const pred = new Int32Array(T + 1);
  const predEdge = new Int32Array(m);
  const settled = new Uint8Array(T + 1);
  const touched: number[] = [];
  const done: number[] = [];
  // Binary heap of (node, a, b) entries; stale entries are skipped when popped.
  let hNode = new Int32Array(1024);
  let hA = new Float64Array(1024);
  let hB = new Float64Array(1024);
  let hSize = 0;
  const less = (i: number, j: number) => hA[i]! < hA[j]! || (hA[i] === hA[j] && hB[i]! < hB[j]!);
  const swap = (i: number, j: number) => {
    const n0 = hNode[i]!;
    hNode[i] = hNode[j]!;
    hNode[j] = n0;
    const a0 = hA[i]!;
    hA[i] = hA[j]!;
    hA[j] = a0;
    const b0 = hB[i]!;
    hB[i] = hB[j]!;
    hB[j] = b0;
  };
  const push = (node: number, a: number, b: number) => {
    if (hSize === hNode.length) {
      const grow = <A extends Int32Array | Float64Array>(x: A, y: A): A => (y.set(x), y);
      hNode = grow(hNode, new Int32Array(hSize * 2));
      hA = grow(hA, new Float64Array(hSize * 2));
      hB = grow(hB, new Float64Array(hSize * 2));
    }
    let i = hSize++;
    hNode[i] = node;
    hA[i] = a;
    hB[i] = b;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!less(i, up)) break;
      swap(i, up);
      i = up;
    }
  };
  const pop = () => {
    swap(0, --hSize);
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      let s = i;
      if (l < hSize && less(l, s)) s = l;
      if (l + 1 < hSize && less(l + 1, s)) s = l + 1;
      if (s === i) break;
      swap(i, s);
      i = s;
    }
  };
  const relax = (node: number, a: number, b: number, from: number) => {
    if (a < distA[node]! || (a === distA[node] && b < distB[node]!)) {
      if (distA[node] === Infinity) touched.push(node);
      distA[node] = a;
      distB[node] = b;
      pred[node] = from;
      push(node, a, b);
    }
  };
  const unlink = (i: number) => {
    const j = mediatorOf[i]!;
    if (j < 0) return;
    if (prev[i]! >= 0) next[prev[i]!] = next[i]!;
    else head[j] = next[i]!;
    if (next[i]! >= 0) prev[next[i]!] = prev[i]!;
    load[j]!--;
    mediatorOf[i] = -1;
    edgeOf[i] = -1;
  };
  const link = (i: number, j: number, e: number) => {
    prev[i] = -1;
    next[i] = head[j]!;
    if (head[j]! >= 0) prev[head[j]!] = i;
    head[j] = i;
    load[j]!++;
    mediatorOf[i] = j;
    edgeOf[i] = e;
  };

  for (let v = 0; v < n; v++) {
    // v has no incoming residual edge yet: raise its potential until its outgoing ones are ≥ 0.
    let pa = tA - 1;
    let pb = tB;
    for (let e = start[v]!; e < start[v + 1]!; e++) {
      const a = medA[mediator[e]!]!;
      const b = medB[mediator[e]!]! + gain[e]!;
      if (a > pa || (a === pa && b > pb)) {
        pa = a;
        pb = b;
      }
    }
    caseA[v] = pa;
    caseB[v] = pb;
    hSize = 0;
    relax(m + v, 0, 0, -1);
    while (hSize > 0) {
      const u = hNode[0]!;
      const da = hA[0]!;
      const db = hB[0]!;
      pop();
      if (settled[u] || da !== distA[u] || db !== distB[u]) continue;
      settled[u] = 1;
      done.push(u);
      if (u === T) break;
      if (u >= m) {
        const i = u - m;
        for (let e = start[i]!; e < start[i + 1]!; e++) {
          if (e === edgeOf[i]) continue;
          const j = mediator[e]!;
          if (settled[j]) continue;
          const a = da + caseA[i]! - medA[j]!;
          const b = db - gain[e]! + caseB[i]! - medB[j]!;
          if (a < distA[j]! || (a === distA[j] && b < distB[j]!)) predEdge[j] = e;
          relax(j, a, b, u);
        }
        relax(T, da + 1 + caseA[i]! - tA, db + caseB[i]! - tB, u);
      } else {
        const j = u;
        for (let i = head[j]!; i >= 0; i = next[i]!) {
          const node = m + i;
          if (settled[node]) continue;
          relax(node, da + medA[j]! - caseA[i]!, db + gain[edgeOf[i]!]! + medB[j]! - caseB[i]!, j);
        }
        if (load[j]! < capacity[j]!) relax(T, da + medA[j]! - tA, db + medB[j]! - tB, j);
      }
      // Reduced costs are ≥ 0, so t reached at the distance just popped is final: stop now rather
      // than popping every other node at that distance first (with tied scores there are many).
      if (distA[T] === da && distB[T] === db) {
        settled[T] = 1;
        done.push(T);
        break;
      }
    }
    const DA = distA[T]!;
    const DB = distB[T]!;
    for (const x of done) {
      settled[x] = 0;
      if (x === T) continue;
      if (x < m) {
        medA[x]! += distA[x]! - DA;
        medB[x]! += distB[x]! - DB;
      } else {
        caseA[x - m]! += distA[x]! - DA;
        caseB[x - m]! += distB[x]! - DB;
      }
    }
    done.length = 0;
    // Augment: walk back from t. A dummy ending unassigns that case; each mediator on the path
    // takes the case it was reached from.
    let node = pred[T]!;
    if (node >= m) {
      const i = node - m;
      const was = mediatorOf[i]!;
      unlink(i);
      node = i === v ? -1 : was;
    }
    while (node >= 0) {
      const j = node;
      const i = pred[j]! - m;
      const was = mediatorOf[i]!;
      unlink(i);
      link(i, j, predEdge[j]!);
      node = i === v ? -1 : was;
    }
    for (const x of touched) {
      distA[x] = Infinity;
      distB[x] = Infinity;
    }
    touched.length = 0;
  }
  let total = 0;
  for (let i = 0; i < n; i++) if (edgeOf[i]! >= 0) total += gain[edgeOf[i]!]!;
  return { mediatorOf, edgeOf, gain: total, caseA, caseB, medA, medB, tA, tB };
}

const lexNeg = (a: number, b: number) => a < 0 || (a === 0 && b < 0);

/**
 * Checks the dual certificate on every residual edge of the sparse graph; returns a description
 * of the first violation, or null. A null answer proves the solution optimal on these edges.
 */
export function certify(p: SparseAssignment, s: SparseSolution): string | null {
  const n = p.nCases;
  const m = p.capacity.length;
  const load = new Int32Array(m);
  for (let i = 0; i < n; i++) if (s.mediatorOf[i]! >= 0) load[s.mediatorOf[i]!]!++;
  for (let j = 0; j < m; j++) {
    if (load[j]! > p.capacity[j]!) return `mediator ${j} over capacity`;
    const a = s.medA[j]! - s.tA;
    const b = s.medB[j]! - s.tB;
    if (load[j]! < p.capacity[j]! && lexNeg(a, b)) return `free mediator ${j} below the sink`;
    if (load[j]! > 0 && lexNeg(-a, -b)) return `used mediator ${j} above the sink`;
  }
  for (let i = 0; i < n; i++) {
    const a = 1 + s.caseA[i]! - s.tA;
    const b = s.caseB[i]! - s.tB;
    if (s.mediatorOf[i]! >= 0 ? lexNeg(a, b) : lexNeg(-a, -b)) return `case ${i} dummy edge`;
    for (let e = p.start[i]!; e < p.start[i + 1]!; e++) {
      const j = p.mediator[e]!;
      const ra = s.caseA[i]! - s.medA[j]!;
      const rb = -p.gain[e]! + s.caseB[i]! - s.medB[j]!;
      if (e === s.edgeOf[i] ? ra !== 0 || rb !== 0 : lexNeg(ra, rb)) return `case ${i} edge to mediator ${j}`;
    }
  }
  return null;
}
