import {
  DEFAULT_WEIGHTS,
  availabilityFraction,
  geoPoint,
  ineligibility,
  loadFraction,
  pts,
  successFraction,
  type MatchOptions,
  type MediatorProfile,
} from './mediator-score.engine.ts';

/**
 * The columnar mediator table the ranking runs over: mediator profiles compiled once into typed
 * arrays (integer hometown codes, bitset dialects and expertise, precomputed trigonometry), and
 * the option-dependent columns memoised per (weights, horizon, certification).
 */

/** Column storage of a mediator list: integer-coded hometowns, bitset dialects and expertise. */
export interface MediatorColumns {
  province: Int32Array;
  city: Int32Array;
  county: Int32Array;
  hasLocation: Uint8Array;
  sinHalfPhi: Float64Array;
  cosHalfPhi: Float64Array;
  sinHalfLambda: Float64Array;
  cosHalfLambda: Float64Array;
  cosPhi: Float64Array;
  dialectIndex: Map<string, number>;
  dialectWords: number;
  dialects: Uint32Array;
  expertiseIndex: Map<string, number>;
  expertiseWords: number;
  expertise: Uint32Array;
}

/** Case-independent columns for one set of options: eligibility, load + availability points, success by type. */
export interface OptionColumns {
  eligible: Uint8Array;
  base: Float64Array;
  success: Map<string, Float64Array>;
  /** Success points for a type no mediator has a record of (the prior). */
  priorSuccess: number;
}

/** A compiled mediator list for ranking many mediators fast; build once, rank many cases. */
export interface MediatorTable {
  readonly size: number;
  readonly profiles: readonly MediatorProfile[];
  readonly columns: MediatorColumns;
  /** Option-dependent columns, built on first use per (weights, horizon, certification). */
  readonly memo: Map<string, OptionColumns>;
}

/** A hometown part as an integer (-1 when unknown), so comparisons are integer work. */
export const codeInt = (s: string | null | undefined): number => (s ? Number(s) : -1);

function intern(values: readonly string[][]): { index: Map<string, number>; words: number; bits: Uint32Array } {
  const index = new Map<string, number>();
  for (const list of values) for (const v of list) if (!index.has(v)) index.set(v, index.size);
  const words = Math.max(1, Math.ceil(index.size / 32));
  const bits = new Uint32Array(values.length * words);
  values.forEach((list, j) => {
    for (const v of list) {
      const b = index.get(v)!;
      bits[j * words + (b >>> 5)]! |= 1 << (b & 31);
    }
  });
  return { index, words, bits };
}

/** Compiles mediator profiles into columns (O(n)); the profiles must not change afterwards. */
export function compileMediators(list: readonly MediatorProfile[]): MediatorTable {
  const n = list.length;
  const dia = intern(list.map((m) => m.dialects));
  const exp = intern(list.map((m) => m.expertise));
  const cols: MediatorColumns = {
    province: new Int32Array(n),
    city: new Int32Array(n),
    county: new Int32Array(n),
    hasLocation: new Uint8Array(n),
    sinHalfPhi: new Float64Array(n),
    cosHalfPhi: new Float64Array(n),
    sinHalfLambda: new Float64Array(n),
    cosHalfLambda: new Float64Array(n),
    cosPhi: new Float64Array(n),
    dialectIndex: dia.index,
    dialectWords: dia.words,
    dialects: dia.bits,
    expertiseIndex: exp.index,
    expertiseWords: exp.words,
    expertise: exp.bits,
  };
  list.forEach((m, j) => {
    cols.province[j] = codeInt(m.hometown?.province);
    cols.city[j] = codeInt(m.hometown?.city);
    cols.county[j] = codeInt(m.hometown?.county);
    if (m.lat !== null && m.lng !== null) {
      const g = geoPoint(m.lat, m.lng);
      cols.hasLocation[j] = 1;
      cols.sinHalfPhi[j] = g.sinHalfPhi;
      cols.cosHalfPhi[j] = g.cosHalfPhi;
      cols.sinHalfLambda[j] = g.sinHalfLambda;
      cols.cosHalfLambda[j] = g.cosHalfLambda;
      cols.cosPhi[j] = g.cosPhi;
    }
  });
  return { size: n, profiles: list, columns: cols, memo: new Map() };
}

/**
 * The option-dependent columns for `opts` (memoised on the table) and the success points of
 * `type` (null when no mediator has a record of it: everyone gets the prior).
 */
export function optionColumns(
  t: MediatorTable,
  opts: MatchOptions,
  type: string,
): { o: OptionColumns; success: Float64Array | null } {
  const w = opts.weights ?? DEFAULT_WEIGHTS;
  const within = opts.withinDays ?? 7;
  const requireCertified = opts.requireCertified ?? false;
  const key = `${within}|${requireCertified}|${w.load}|${w.availability}|${w.success}`;
  let o = t.memo.get(key);
  if (!o) {
    const n = t.size;
    o = {
      eligible: new Uint8Array(n),
      base: new Float64Array(n),
      success: new Map(),
      priorSuccess: pts(w.success, successFraction(0, 0)),
    };
    for (let j = 0; j < n; j++) {
      const m = t.profiles[j]!;
      o.eligible[j] = ineligibility(m, within, requireCertified) === null ? 1 : 0;
      // Sum order differs from scoreMediator's; harmless: every part is k·1e-4 and totals are rounded to 1e-4.
      o.base[j] =
        pts(w.load, loadFraction(m.openCases, m.capacity)) +
        (m.availableInDays !== null && m.availableInDays <= within
          ? pts(w.availability, availabilityFraction(m.availableInDays, within))
          : 0);
    }
    t.memo.set(key, o);
  }
  let success = o.success.get(type) ?? null;
  if (!success && t.profiles.some((m) => m.history[type])) {
    success = Float64Array.from(t.profiles, (m) => {
      const h = m.history[type];
      return pts(w.success, successFraction(h?.settled ?? 0, h?.total ?? 0));
    });
    o.success.set(type, success);
  }
  return { o, success };
}
