import {
  describeHometown,
  hometownMatch,
  type Hometown,
  type HometownLevel,
  type PlaceNames,
} from './hometown.engine.ts';

/**
 * Explained mediator matching. A score is the sum of seven parts, each `weight × fraction` with
 * the fraction in [0, 1], rounded to 1e-4 so that the same inputs give the same double whichever
 * path computed them (the object path `scoreMediator` and the columnar `rankMediators` agree to
 * the last bit, which the tests check). Totals therefore have at most 4 decimals, which is what
 * the assignment solver's exact integer arithmetic relies on.
 */

/** A mediator as the engine sees it. */
export interface MediatorProfile {
  id: string;
  hometown: Hometown | null;
  dialects: string[];
  expertise: string[];
  lat: number | null;
  lng: number | null;
  openCases: number;
  capacity: number;
  /** Past outcomes by dispute type. */
  history: Record<string, { settled: number; total: number }>;
  /** Days from `now` until the mediator is next available (0 = today); null = not within the horizon. */
  availableInDays: number | null;
  active: boolean;
  certified: boolean;
}

/** A case as the engine sees it. */
export interface CaseProfile {
  id: string;
  type: string;
  parties: { hometown: Hometown | null; dialects: string[] }[];
  lat: number | null;
  lng: number | null;
}

/** Points each part is worth at most. */
export interface MatchWeights {
  hometown: number;
  dialect: number;
  expertise: number;
  distance: number;
  load: number;
  success: number;
  availability: number;
}

/** Out of 100: hometown first — that is the point of 老乡调解 — then expertise and dialect. */
export const DEFAULT_WEIGHTS: MatchWeights = {
  hometown: 30,
  dialect: 15,
  expertise: 20,
  distance: 10,
  load: 10,
  success: 10,
  availability: 5,
};

/** One explained part of a score. */
export interface ScorePart {
  key: keyof MatchWeights;
  points: number;
  max: number;
  reasonZh: string;
  reasonEn: string;
}

/** Why a mediator cannot take the case. */
export type IneligibleReason = 'inactive' | 'uncertified' | 'atCapacity' | 'unavailable';

/** Texts for `MatchScore.ineligibleReason`. */
export const INELIGIBLE_REASONS: Readonly<Record<IneligibleReason, { zh: string; en: string }>> = {
  inactive: { zh: '已停用或离任', en: 'inactive' },
  uncertified: { zh: '未取得或已过期调解员资格', en: 'not certified' },
  atCapacity: { zh: '在办案件已满', en: 'at capacity' },
  unavailable: { zh: '期限内无空档', en: 'not available within the horizon' },
};

/** A mediator's score for one case, with its parts. */
export interface MatchScore {
  mediatorId: string;
  total: number;
  eligible: boolean;
  ineligibleReason: IneligibleReason | null;
  parts: ScorePart[];
}

/** Scoring options. */
export interface MatchOptions {
  weights?: MatchWeights;
  /** Availability horizon in days (default 7). */
  withinDays?: number;
  /** Refuse uncertified mediators (default false). */
  requireCertified?: boolean;
  /** City/county names for the hometown reasons. */
  placeNames?: PlaceNames;
}

/** Distance at which the distance part reaches 0. */
export const DISTANCE_RANGE_KM = 50;
/** Beta(2, 2) prior on the success rate: 1/1 scores 60 %, 45/50 scores 87 %, 0/0 scores 50 %. */
const PRIOR_SETTLED = 2;
const PRIOR_TOTAL = 4;
/** Tenths of the hometown part per party: summed as integers so both scoring paths agree exactly. */
const LEVEL_VALUE: Record<HometownLevel, number> = { county: 10, city: 7, province: 4 };
const LEVEL_TEXT: Record<HometownLevel, { zh: string; en: string }> = {
  county: { zh: '同县老乡', en: 'same county' },
  city: { zh: '同市老乡', en: 'same city' },
  province: { zh: '同省老乡', en: 'same province' },
};
export const DEG = Math.PI / 180;
const EARTH_KM = 6371.0088;

/** Rounds points to 1e-4 (see the file comment). */
export const pts = (w: number, fraction: number): number => Math.round(w * fraction * 1e4) / 1e4;

/** A point's half-angle sines and cosines: the haversine then needs no trigonometry per pair. */
export interface GeoPoint {
  sinHalfPhi: number;
  cosHalfPhi: number;
  sinHalfLambda: number;
  cosHalfLambda: number;
  cosPhi: number;
}

/** Precomputes a WGS-84 point for `haversineA`. */
export function geoPoint(lat: number, lng: number): GeoPoint {
  const p = (lat * DEG) / 2;
  const l = (lng * DEG) / 2;
  return {
    sinHalfPhi: Math.sin(p),
    cosHalfPhi: Math.cos(p),
    sinHalfLambda: Math.sin(l),
    cosHalfLambda: Math.cos(l),
    cosPhi: Math.cos(lat * DEG),
  };
}

/**
 * The haversine term a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2), with sin(Δx/2) from the
 * angle-difference identity on precomputed half angles (multiplications only; the rounding error
 * at 10 m is ~1e-11 relative, far below the 1e-4 points resolution).
 */
export function haversineA(
  sp1: number,
  cp1: number,
  sl1: number,
  cl1: number,
  cos1: number,
  sp2: number,
  cp2: number,
  sl2: number,
  cl2: number,
  cos2: number,
): number {
  const s = sp2 * cp1 - cp2 * sp1;
  const t = sl2 * cl1 - cl2 * sl1;
  return s * s + cos1 * cos2 * t * t;
}

/** Kilometres for a haversine term. */
export const kmOfA = (a: number): number => 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
/** Beyond this haversine term the distance exceeds the range and the part is 0 (saves asin). */
const A_MAX = Math.sin(DISTANCE_RANGE_KM / (2 * EARTH_KM)) ** 2;
/** Closer is better, linearly, down to 0 at `DISTANCE_RANGE_KM`. */
export const distanceFraction = (a: number): number => (a >= A_MAX ? 0 : Math.max(0, 1 - kmOfA(a) / DISTANCE_RANGE_KM));

/** Great-circle distance in km between two WGS-84 points (haversine). */
export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const p = geoPoint(lat1, lng1);
  const q = geoPoint(lat2, lng2);
  return kmOfA(
    haversineA(
      p.sinHalfPhi,
      p.cosHalfPhi,
      p.sinHalfLambda,
      p.cosHalfLambda,
      p.cosPhi,
      q.sinHalfPhi,
      q.cosHalfPhi,
      q.sinHalfLambda,
      q.cosHalfLambda,
      q.cosPhi,
    ),
  );
}

export const loadFraction = (open: number, cap: number): number => (cap > 0 ? Math.max(0, 1 - open / cap) : 0);
export const successFraction = (settled: number, total: number): number =>
  (settled + PRIOR_SETTLED) / (total + PRIOR_TOTAL);
export const availabilityFraction = (days: number, within: number): number => 1 - days / (within + 1);
export const roundTotal = (t: number): number => Math.round(t * 1e4) / 1e4;

export function ineligibility(
  m: Pick<MediatorProfile, 'active' | 'certified' | 'openCases' | 'capacity' | 'availableInDays'>,
  within: number,
  requireCertified: boolean,
): IneligibleReason | null {
  if (!m.active) return 'inactive';
  if (requireCertified && !m.certified) return 'uncertified';
  if (m.openCases >= m.capacity) return 'atCapacity';
  if (m.availableInDays === null || m.availableInDays > within) return 'unavailable';
  return null;
}

const partyLabel = (p: number, n: number) =>
  n === 1 ? { zh: '当事人', en: 'party' } : { zh: `当事人${p + 1}`, en: `party ${p + 1}` };

/** Scores one mediator for one case, every part explained. Ineligible mediators still get parts. */
export function scoreMediator(c: CaseProfile, m: MediatorProfile, opts: MatchOptions = {}): MatchScore {
  const w = opts.weights ?? DEFAULT_WEIGHTS;
  const within = opts.withinDays ?? 7;
  const parts: ScorePart[] = [];
  const n = c.parties.length;

  // Hometown: the mean over parties whose hometown is known, explained party by party.
  let hsum = 0;
  let known = 0;
  const hz: string[] = [];
  const he: string[] = [];
  c.parties.forEach((p, i) => {
    const label = partyLabel(i, n);
    if (!p.hometown) {
      hz.push(`${label.zh}籍贯未知`);
      he.push(`${label.en}: hometown unknown`);
      return;
    }
    known++;
    const level = hometownMatch(p.hometown, m.hometown);
    if (level === null) {
      hz.push(`${label.zh}：非老乡`);
      he.push(`${label.en}: not from the same place`);
      return;
    }
    hsum += LEVEL_VALUE[level];
    const shared: Hometown =
      level === 'county'
        ? p.hometown
        : level === 'city'
          ? { ...p.hometown, county: null }
          : { province: p.hometown.province, city: null, county: null };
    const place = describeHometown(shared, opts.placeNames);
    hz.push(`${label.zh}：${LEVEL_TEXT[level].zh}（${place.zh}）`);
    he.push(`${label.en}: ${LEVEL_TEXT[level].en} (${place.en})`);
  });
  parts.push({
    key: 'hometown',
    points: pts(w.hometown, known ? hsum / 10 / known : 0),
    max: w.hometown,
    reasonZh: hz.join('；'),
    reasonEn: he.join('; '),
  });

  // Dialect: share of parties (with a dialect given) the mediator can speak with in theirs.
  let withDialect = 0;
  let spoken = 0;
  const dz: string[] = [];
  const de: string[] = [];
  const mine = new Set(m.dialects);
  c.parties.forEach((p, i) => {
    if (!p.dialects.length) return;
    withDialect++;
    const common = p.dialects.filter((d) => mine.has(d));
    if (!common.length) return;
    spoken++;
    const label = partyLabel(i, n);
    dz.push(`能说${common.join('、')}（${label.zh}）`);
    de.push(`speaks ${common.join(', ')} (${label.en})`);
  });
  parts.push({
    key: 'dialect',
    points: pts(w.dialect, withDialect ? spoken / withDialect : 0),
    max: w.dialect,
    reasonZh: dz.length ? dz.join('；') : withDialect ? '无共同方言' : '当事人未登记方言',
    reasonEn: de.length ? de.join('; ') : withDialect ? 'no shared dialect' : 'no party dialect recorded',
  });

  const expert = m.expertise.includes(c.type);
  parts.push({
    key: 'expertise',
    points: pts(w.expertise, expert ? 1 : 0),
    max: w.expertise,
    reasonZh: expert ? `擅长此类纠纷（${c.type}）` : `不擅长此类纠纷（${c.type}）`,
    reasonEn: expert ? `expertise covers ${c.type}` : `no expertise in ${c.type}`,
  });

  if (c.lat !== null && c.lng !== null && m.lat !== null && m.lng !== null) {
    const p = geoPoint(c.lat, c.lng);
    const q = geoPoint(m.lat, m.lng);
    const a = haversineA(
      p.sinHalfPhi,
      p.cosHalfPhi,
      p.sinHalfLambda,
      p.cosHalfLambda,
      p.cosPhi,
      q.sinHalfPhi,
      q.cosHalfPhi,
      q.sinHalfLambda,
      q.cosHalfLambda,
      q.cosPhi,
    );
    const km = kmOfA(a);
    parts.push({
      key: 'distance',
      points: pts(w.distance, distanceFraction(a)),
      max: w.distance,
      reasonZh: `相距 ${km.toFixed(1)} 公里`,
      reasonEn: `${km.toFixed(1)} km away`,
    });
  } else {
    parts.push({
      key: 'distance',
      points: pts(w.distance, 0),
      max: w.distance,
      reasonZh: '位置未知',
      reasonEn: 'location unknown',
    });
  }

  parts.push({
    key: 'load',
    points: pts(w.load, loadFraction(m.openCases, m.capacity)),
    max: w.load,
    reasonZh: `在办 ${m.openCases}/${m.capacity} 件`,
    reasonEn: `${m.openCases} of ${m.capacity} open cases`,
  });

  const h = m.history[c.type] ?? { settled: 0, total: 0 };
  const rate = successFraction(h.settled, h.total);
  parts.push({
    key: 'success',
    points: pts(w.success, rate),
    max: w.success,
    reasonZh: h.total
      ? `同类纠纷调成 ${h.settled}/${h.total} 件（平滑成功率 ${Math.round(rate * 100)}%）`
      : '此类纠纷暂无记录（按先验 50% 计）',
    reasonEn: h.total
      ? `settled ${h.settled} of ${h.total} such cases (smoothed ${Math.round(rate * 100)}%)`
      : 'no record for this type (prior 50%)',
  });

  const days = m.availableInDays;
  const inHorizon = days !== null && days <= within;
  parts.push({
    key: 'availability',
    points: pts(w.availability, inHorizon ? availabilityFraction(days, within) : 0),
    max: w.availability,
    reasonZh: !inHorizon ? `${within} 天内无空档` : days === 0 ? '今天可约' : `${days} 天后可约`,
    reasonEn: !inHorizon
      ? `not available within ${within} days`
      : days === 0
        ? 'available today'
        : `available in ${days} day${days === 1 ? '' : 's'}`,
  });

  let total = 0;
  for (const p of parts) total += p.points;
  const reason = ineligibility(m, within, opts.requireCertified ?? false);
  return { mediatorId: m.id, total: roundTotal(total), eligible: reason === null, ineligibleReason: reason, parts };
}
