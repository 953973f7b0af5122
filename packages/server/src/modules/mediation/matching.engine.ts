import { kthLargest, topIndices } from './select.engine.ts';
import {
  DEFAULT_WEIGHTS,
  distanceFraction,
  geoPoint,
  haversineA,
  pts,
  roundTotal,
  scoreMediator,
  type CaseProfile,
  type MatchOptions,
  type MatchScore,
} from './mediator-score.engine.ts';
import { codeInt, optionColumns, type MediatorTable, type OptionColumns } from './mediator-table.engine.ts';

/**
 * Mediator matching: the explained score of one mediator (`scoreMediator`, in
 * mediator-score.engine.ts and re-exported here) and the columnar ranking of many — 100,000
 * mediators for one case in a few ms, over the columns of mediator-table.engine.ts — with top-k
 * selection and the cross-province panel.
 */
export * from './mediator-score.engine.ts';
export { compileMediators, type MediatorColumns, type MediatorTable } from './mediator-table.engine.ts';

/** What scoring one case needs, prepared once: party codes and masks, tabulated points. */
interface CaseContext {
  t: MediatorTable;
  o: OptionColumns;
  success: Float64Array | null;
  np: number;
  pProv: Int32Array;
  pCity: Int32Array;
  pCounty: Int32Array;
  nd: number;
  masks: Uint32Array;
  eb: number;
  expertPts: number;
  inexpertPts: number;
  caseLoc: boolean;
  g: ReturnType<typeof geoPoint>;
  wDistance: number;
  farPts: number;
  /** Hometown points by the sum of party levels in tenths (≤ 10 per party). */
  hometownPts: Float64Array;
  dialectPts: Float64Array;
}

function prepareCase(c: CaseProfile, t: MediatorTable, opts: MatchOptions): CaseContext {
  const w = opts.weights ?? DEFAULT_WEIGHTS;
  const k = t.columns;
  const { o, success } = optionColumns(t, opts, c.type);
  const known = c.parties.filter((p) => p.hometown !== null);
  const np = known.length;
  const dw = k.dialectWords;
  const speakers = c.parties.filter((p) => p.dialects.length > 0);
  const nd = speakers.length;
  const masks = new Uint32Array(nd * dw);
  speakers.forEach((p, i) => {
    for (const d of p.dialects) {
      const b = k.dialectIndex.get(d);
      if (b !== undefined) masks[i * dw + (b >>> 5)]! |= 1 << (b & 31);
    }
  });
  const caseLoc = c.lat !== null && c.lng !== null;
  return {
    t,
    o,
    success,
    np,
    pProv: Int32Array.from(known, (p) => codeInt(p.hometown!.province)),
    pCity: Int32Array.from(known, (p) => codeInt(p.hometown!.city)),
    pCounty: Int32Array.from(known, (p) => codeInt(p.hometown!.county)),
    nd,
    masks,
    eb: k.expertiseIndex.get(c.type) ?? -1,
    expertPts: pts(w.expertise, 1),
    inexpertPts: pts(w.expertise, 0),
    caseLoc,
    g: caseLoc ? geoPoint(c.lat!, c.lng!) : geoPoint(0, 0),
    wDistance: w.distance,
    farPts: pts(w.distance, 0),
    hometownPts: Float64Array.from({ length: 10 * np + 1 }, (_, h) => pts(w.hometown, np ? h / 10 / np : 0)),
    dialectPts: Float64Array.from({ length: nd + 1 }, (_, s) => pts(w.dialect, nd ? s / nd : 0)),
  };
}

/** Every part but distance, for an eligible mediator: cheap integer and bit work. */
function partialScore(x: CaseContext, j: number): number {
  const k = x.t.columns;
  // Party levels in tenths (county 10, city 7, province 4), as scoreMediator sums them.
  let hsum = 0;
  const mp = k.province[j]!;
  for (let p = 0; p < x.np; p++) {
    if (x.pProv[p] !== mp) continue;
    const pc = x.pCity[p]!;
    if (pc >= 0 && pc === k.city[j]) {
      const pk = x.pCounty[p]!;
      hsum += pk >= 0 && pk === k.county[j] ? 10 : 7;
    } else hsum += 4;
  }
  let spoken = 0;
  const dw = k.dialectWords;
  for (let p = 0; p < x.nd; p++) {
    for (let i = 0; i < dw; i++) {
      if ((x.masks[p * dw + i]! & k.dialects[j * dw + i]!) !== 0) {
        spoken++;
        break;
      }
    }
  }
  const eb = x.eb;
  const expert = eb >= 0 && (k.expertise[j * k.expertiseWords + (eb >>> 5)]! & (1 << (eb & 31))) !== 0;
  return (
    x.hometownPts[hsum]! +
    x.dialectPts[spoken]! +
    (expert ? x.expertPts : x.inexpertPts) +
    x.o.base[j]! +
    (x.success ? x.success[j]! : x.o.priorSuccess)
  );
}

/** The distance part (the one that needs the haversine). */
function distancePts(x: CaseContext, j: number): number {
  const k = x.t.columns;
  if (!x.caseLoc || !k.hasLocation[j]) return x.farPts;
  const g = x.g;
  const a = haversineA(
    g.sinHalfPhi,
    g.cosHalfPhi,
    g.sinHalfLambda,
    g.cosHalfLambda,
    g.cosPhi,
    k.sinHalfPhi[j]!,
    k.cosHalfPhi[j]!,
    k.sinHalfLambda[j]!,
    k.cosHalfLambda[j]!,
    k.cosPhi[j]!,
  );
  return pts(x.wDistance, distanceFraction(a));
}

/**
 * Every mediator's total for the case in one pass over the columns (into `out` when given);
 * NaN = ineligible. Each part is the double `scoreMediator` computes; the parts are summed in
 * another order, which cannot change the total: every part is a multiple of 1e-4 and the total
 * is rounded to 1e-4 (the tests check equality on random profiles).
 */
export function scoreAllMediators(
  c: CaseProfile,
  t: MediatorTable,
  opts: MatchOptions = {},
  out: Float64Array = new Float64Array(t.size),
): Float64Array {
  const x = prepareCase(c, t, opts);
  const eligible = x.o.eligible;
  for (let j = 0; j < t.size; j++) out[j] = eligible[j] ? roundTotal(partialScore(x, j) + distancePts(x, j)) : NaN;
  return out;
}

/**
 * The `k` best eligible mediators for the case (as `topIndices(scoreAllMediators(…), k)`) and a
 * bound no other eligible mediator's total exceeds (−Infinity when there is no other), without
 * scoring every pair in full: the distance part (≤ its weight) is computed only for mediators
 * whose other parts could still reach the k-th best. This is the batch assignment's candidate
 * generator.
 */
export function topCandidates(
  c: CaseProfile,
  t: MediatorTable,
  k: number,
  opts: MatchOptions = {},
  scratch: Float64Array = new Float64Array(t.size),
): { mediators: number[]; scores: number[]; bound: number } {
  const x = prepareCase(c, t, opts);
  const eligible = x.o.eligible;
  const maxDistance = pts(x.wDistance, 1);
  if (k <= 0) return { mediators: [], scores: [], bound: -Infinity };
  // Pass 1: the parts but distance, and a histogram of them (1,024 buckets over the weights' sum).
  const w = opts.weights ?? DEFAULT_WEIGHTS;
  const span = w.hometown + w.dialect + w.expertise + w.load + w.availability + w.success;
  const inv = span > 0 ? BUCKETS / span : 0;
  const bucket = (p: number) => {
    const b = Math.floor(p * inv);
    return b < 0 ? 0 : b >= BUCKETS ? BUCKETS - 1 : b;
  };
  if (selectBuffer.length < t.size) selectBuffer = new Float64Array(t.size);
  histogram.fill(0);
  let count = 0;
  for (let j = 0; j < t.size; j++) {
    if (eligible[j]) {
      const p = (scratch[j] = partialScore(x, j));
      histogram[bucket(p)]!++;
      count++;
    } else scratch[j] = NaN;
  }
  let tau = -Infinity;
  if (count >= k) {
    // Any k mediators' k-th best total is ≤ the k-th best total overall. Take those in the top
    // buckets holding at least k (the best partials; the bucket map is monotone): their full
    // totals give a tau much tighter than the partials alone, so pass 2 computes few distances.
    let top = BUCKETS - 1;
    for (let acc = histogram[top]!; acc < k;) acc += histogram[--top]!;
    let n = 0;
    for (let j = 0; j < t.size; j++) {
      const partial = scratch[j]!;
      if (partial === partial && bucket(partial) >= top) selectBuffer[n++] = roundTotal(partial + distancePts(x, j));
    }
    tau = kthLargest(selectBuffer, n, k);
  }
  // Pass 2: full totals where the upper bound reaches tau; the rest stay below the k-th best.
  // Totals ≥ tau are collected (at least k of them); any other eligible mediator means "more".
  // `cut` is a margin below tau: a partial under it misses tau even after rounding.
  const cut = tau - maxDistance - 0.001;
  let more = false;
  const above: number[] = [];
  for (let j = 0; j < t.size; j++) {
    const partial = scratch[j]!;
    if (partial !== partial) continue;
    if (partial < cut || roundTotal(partial + maxDistance) < tau) {
      more = true;
      continue;
    }
    const total = roundTotal(partial + distancePts(x, j));
    scratch[j] = total;
    if (total >= tau) above.push(j);
    else more = true;
  }
  let best = above;
  if (above.length > k) {
    // Often thousands reach tau (distance is worth up to its weight): select, then sort only the
    // totals ≥ the k-th best (k of them plus ties).
    more = true;
    for (let x = 0; x < above.length; x++) selectBuffer[x] = scratch[above[x]!]!;
    const kth = kthLargest(selectBuffer, above.length, k);
    best = above.filter((j) => scratch[j]! >= kth);
  }
  best.sort((a, b) => scratch[b]! - scratch[a]! || a - b);
  const mediators = best.length > k ? best.slice(0, k) : best;
  return {
    mediators,
    scores: mediators.map((j) => scratch[j]!),
    bound: more ? scratch[mediators[k - 1]!]! : -Infinity,
  };
}

/** topCandidates' selection buffer and histogram, reused across calls (grown to the largest table). */
let selectBuffer = new Float64Array(0);
const BUCKETS = 1024;
const histogram = new Int32Array(BUCKETS);

/**
 * Eligible mediators for the case, best first (ties: earlier in the list), at most `limit`
 * (default 20), each with its explained parts.
 */
export function rankMediators(
  c: CaseProfile,
  t: MediatorTable,
  opts: MatchOptions & { limit?: number } = {},
): MatchScore[] {
  const totals = scoreAllMediators(c, t, opts);
  return topIndices(totals, opts.limit ?? 20).map((j) => scoreMediator(c, t.profiles[j]!, opts));
}

/**
 * A panel for parties from different provinces: for each party, the best eligible mediator from
 * that party's home province, all distinct. Empty when the parties do not come from at least two
 * provinces; `mediator` is null for a party whose hometown is unknown or has no one eligible.
 */
export function proposePanel(
  c: CaseProfile,
  t: MediatorTable,
  opts: MatchOptions = {},
): { partyIndex: number; mediator: MatchScore | null }[] {
  const provinces = new Set(c.parties.flatMap((p) => (p.hometown ? [p.hometown.province] : [])));
  if (provinces.size < 2) return [];
  const totals = scoreAllMediators(c, t, opts);
  const taken = new Set<number>();
  return c.parties.map((p, partyIndex) => {
    if (!p.hometown) return { partyIndex, mediator: null };
    const prov = Number(p.hometown.province);
    let best = -1;
    for (let j = 0; j < t.size; j++) {
      const v = totals[j]!;
      if (v !== v || t.columns.province[j] !== prov || taken.has(j)) continue;
      if (best < 0 || v > totals[best]!) best = j;
    }
    if (best < 0) return { partyIndex, mediator: null };
    taken.add(best);
    return { partyIndex, mediator: scoreMediator(c, t.profiles[best]!, opts) };
  });
}

export { topIndices };
