import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeHometown, hometownMatch, parseHometown, type Hometown } from './hometown.engine.ts';
import {
  DEFAULT_WEIGHTS,
  compileMediators,
  proposePanel,
  rankMediators,
  scoreAllMediators,
  scoreMediator,
  haversineKm,
  topCandidates,
  topIndices,
  type CaseProfile,
  type MatchWeights,
  type MediatorProfile,
} from './matching.engine.ts';

const home = (code: string): Hometown => parseHometown(code)!;
const NAMES: Record<string, string> = { '3412': '阜阳市', '341221': '临泉县', '4201': '武汉市' };

/** A mediator with sensible defaults; override what the test is about. */
function buildMediator(over: Partial<MediatorProfile> = {}): MediatorProfile {
  return {
    id: 'm1',
    hometown: home('341221'),
    dialects: ['皖北话'],
    expertise: ['labour_injury'],
    lat: 30.25,
    lng: 120.2,
    openCases: 1,
    capacity: 5,
    history: {},
    availableInDays: 0,
    active: true,
    certified: true,
    ...over,
  };
}

/** The Anhui worker versus the Hubei employer. */
const injuryCase: CaseProfile = {
  id: 'k1',
  type: 'labour_injury',
  parties: [
    { hometown: home('341221'), dialects: ['皖北话'] },
    { hometown: home('420102'), dialects: ['武汉话'] },
  ],
  lat: 30.26,
  lng: 120.21,
};

describe('hometown', () => {
  it('parses GB/T 2260 codes at every depth', () => {
    expect(parseHometown('341221')).toEqual({ province: '34', city: '3412', county: '341221' });
    expect(parseHometown('341200')).toEqual({ province: '34', city: '3412', county: null });
    expect(parseHometown('34')).toEqual({ province: '34', city: null, county: null });
    expect(parseHometown('341221001')).toEqual({ province: '34', city: '3412', county: '341221' });
    expect(parseHometown('99')).toBeNull();
    expect(parseHometown('34x')).toBeNull();
  });

  it('matches on the deepest shared level', () => {
    expect(hometownMatch(home('341221'), home('341221'))).toBe('county');
    expect(hometownMatch(home('341221'), home('341202'))).toBe('city');
    expect(hometownMatch(home('341221'), home('340102'))).toBe('province');
    expect(hometownMatch(home('341221'), home('420102'))).toBeNull();
    expect(hometownMatch(home('34'), home('34'))).toBe('province');
    expect(hometownMatch(null, home('34'))).toBeNull();
  });

  it('writes a hometown out with names when known', () => {
    expect(describeHometown(home('341221'), (c) => NAMES[c]).zh).toBe('安徽省阜阳市临泉县');
    expect(describeHometown(home('341221')).zh).toBe('安徽省 341221');
  });
});

describe('scoreMediator', () => {
  it('explains the hometown part party by party', () => {
    const sut = scoreMediator(injuryCase, buildMediator(), { placeNames: (c) => NAMES[c] });
    const hometown = sut.parts.find((p) => p.key === 'hometown')!;
    expect(hometown.reasonZh).toBe('当事人1：同县老乡（安徽省阜阳市临泉县）；当事人2：非老乡');
    expect(hometown.reasonEn).toBe('party 1: same county (Anhui 341221); party 2: not from the same place');
    // Same county with one of two parties: half the hometown points.
    expect(hometown.points).toBe(15);
    expect(sut.parts.find((p) => p.key === 'dialect')!.reasonZh).toBe('能说皖北话（当事人1）');
    expect(sut.eligible).toBe(true);
    expect(sut.total).toBe(Math.round(sut.parts.reduce((s, p) => s + p.points, 0) * 1e4) / 1e4);
  });

  it('ranks same county above same city above same province', () => {
    const one: CaseProfile = { ...injuryCase, parties: [injuryCase.parties[0]!] };
    const pts = (code: string) =>
      scoreMediator(one, buildMediator({ hometown: home(code) })).parts.find((p) => p.key === 'hometown')!.points;
    expect(pts('341221')).toBeGreaterThan(pts('341202'));
    expect(pts('341202')).toBeGreaterThan(pts('340102'));
    expect(pts('340102')).toBeGreaterThan(pts('420102'));
  });

  it('smooths the success rate so that 1/1 does not beat 45/50', () => {
    const rate = (settled: number, total: number) =>
      scoreMediator(injuryCase, buildMediator({ history: { labour_injury: { settled, total } } })).parts.find(
        (p) => p.key === 'success',
      )!.points;
    expect(rate(45, 50)).toBeGreaterThan(rate(1, 1));
    expect(rate(1, 1)).toBeGreaterThan(rate(0, 0));
  });

  it('says why a mediator is ineligible', () => {
    const reason = (over: Partial<MediatorProfile>, requireCertified = false) =>
      scoreMediator(injuryCase, buildMediator(over), { requireCertified, withinDays: 3 }).ineligibleReason;
    expect(reason({ active: false })).toBe('inactive');
    expect(reason({ certified: false }, true)).toBe('uncertified');
    expect(reason({ certified: false })).toBeNull();
    expect(reason({ openCases: 5 })).toBe('atCapacity');
    expect(reason({ availableInDays: 4 })).toBe('unavailable');
    expect(reason({ availableInDays: null })).toBe('unavailable');
    expect(reason({ availableInDays: 3 })).toBeNull();
  });
});

// Random profiles drawn from a few values, so that hometowns, dialects and types collide often.
const codes = ['341221', '341202', '340102', '34', '420102', '360102', null];
const arbHometown = fc.constantFrom(...codes).map((c) => (c === null ? null : home(c)));
const arbDialects = fc.subarray(['皖北话', '武汉话', '赣语', '粤语', '普通话']);
const arbLat = fc.option(fc.double({ min: 29.5, max: 31, noNaN: true }), { nil: null });
const arbMediator = fc.record<MediatorProfile>({
  id: fc.string(),
  hometown: arbHometown,
  dialects: arbDialects,
  expertise: fc.subarray(['labour_injury', 'wage_arrears', 'neighbour']),
  lat: arbLat,
  lng: fc.double({ min: 119.5, max: 121, noNaN: true }),
  openCases: fc.integer({ min: 0, max: 6 }),
  capacity: fc.integer({ min: 0, max: 6 }),
  history: fc.dictionary(
    fc.constantFrom('labour_injury', 'wage_arrears'),
    fc
      .integer({ min: 0, max: 60 })
      .chain((total) => fc.integer({ min: 0, max: total }).map((settled) => ({ settled, total }))),
  ),
  availableInDays: fc.option(fc.integer({ min: 0, max: 14 }), { nil: null }),
  active: fc.boolean(),
  certified: fc.boolean(),
});
const arbCase = fc.record<CaseProfile>({
  id: fc.constant('k'),
  type: fc.constantFrom('labour_injury', 'wage_arrears', 'family'),
  parties: fc.array(fc.record({ hometown: arbHometown, dialects: arbDialects }), { minLength: 1, maxLength: 3 }),
  lat: arbLat,
  lng: fc.double({ min: 119.5, max: 121, noNaN: true }),
});
const arbOpts = fc.record({
  withinDays: fc.integer({ min: 0, max: 10 }),
  requireCertified: fc.boolean(),
  weights: fc.constantFrom<MatchWeights>(DEFAULT_WEIGHTS, {
    ...DEFAULT_WEIGHTS,
    hometown: 33.3,
    distance: 0,
    load: 7.77,
  }),
});

describe('columnar ranking', () => {
  it('gives exactly the totals scoreMediator gives, for every mediator', () => {
    fc.assert(
      fc.property(arbCase, fc.array(arbMediator, { maxLength: 30 }), arbOpts, (c, list, opts) => {
        const sut = scoreAllMediators(c, compileMediators(list), opts);
        list.forEach((m, j) => {
          const s = scoreMediator(c, m, opts);
          expect(sut[j]).toBe(s.eligible ? s.total : NaN);
          const max = (Object.values(opts.weights) as number[]).reduce((a, b) => a + b, 0);
          expect(s.total).toBeLessThanOrEqual(max + 1e-9);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('ranks eligible mediators best first, ties in list order, cut at the limit', () => {
    fc.assert(
      fc.property(
        arbCase,
        fc.array(arbMediator, { maxLength: 40 }),
        fc.integer({ min: 0, max: 45 }),
        (c, list, limit) => {
          const sut = rankMediators(c, compileMediators(list), { limit });
          const expected = list
            .map((m, j) => ({ j, s: scoreMediator(c, m) }))
            .filter((x) => x.s.eligible)
            .sort((a, b) => b.s.total - a.s.total || a.j - b.j)
            .slice(0, limit)
            .map((x) => x.s);
          expect(sut).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('topIndices', () => {
  it('equals a full sort (best first, ties to the lower index), skipping NaN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(NaN), fc.integer({ min: 0, max: 5 })), { maxLength: 80 }),
        fc.integer({ min: 0, max: 20 }),
        (xs, k) => {
          const values = Float64Array.from(xs);
          const sorted = [...values.keys()]
            .filter((j) => values[j] === values[j])
            .sort((a, b) => values[b]! - values[a]! || a - b);
          expect(topIndices(values, k)).toEqual(sorted.slice(0, k));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('topCandidates', () => {
  it('finds the same top k as scoring every pair, and bounds every other mediator', () => {
    fc.assert(
      fc.property(
        arbCase,
        fc.array(arbMediator, { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        arbOpts,
        (c, list, k, opts) => {
          const table = compileMediators(list);
          const all = scoreAllMediators(c, table, opts);
          const sut = topCandidates(c, table, k, opts);
          const expected = topIndices(all, k);
          expect(sut.mediators).toEqual(expected);
          expect(sut.scores).toEqual(expected.map((j) => all[j]));
          const others = Array.from(all).filter((v, j) => v === v && !expected.includes(j));
          if (others.length) expect(Math.max(...others)).toBeLessThanOrEqual(sut.bound);
          else expect(sut.bound).toBe(-Infinity);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('haversineKm', () => {
  it('agrees with the textbook haversine', () => {
    const R = 6371.0088;
    const textbook = (a: number, b: number, c: number, d: number) => {
      const r = Math.PI / 180;
      const h = Math.sin(((c - a) * r) / 2) ** 2 + Math.cos(a * r) * Math.cos(c * r) * Math.sin(((d - b) * r) / 2) ** 2;
      return 2 * R * Math.asin(Math.sqrt(h));
    };
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        (lat, lng, dLat, dLng) => {
          expect(haversineKm(lat, lng, lat + dLat, lng + dLng)).toBeCloseTo(
            textbook(lat, lng, lat + dLat, lng + dLng),
            6,
          );
        },
      ),
    );
    // Beijing – Shanghai.
    expect(haversineKm(39.9042, 116.4074, 31.2304, 121.4737)).toBeCloseTo(1067.3, 0);
  });
});

describe('proposePanel', () => {
  const table = compileMediators([
    buildMediator({ id: 'ah-near', hometown: home('341221') }),
    buildMediator({ id: 'ah-far', hometown: home('340102'), lat: 31.8, lng: 117.2 }),
    buildMediator({ id: 'hb', hometown: home('420102'), dialects: ['武汉话'] }),
    buildMediator({ id: 'hb-busy', hometown: home('420102'), openCases: 5 }),
    buildMediator({ id: 'jx', hometown: home('360102') }),
  ]);

  it('proposes one mediator from each party’s home province', () => {
    const sut = proposePanel(injuryCase, table);
    expect(sut.map((p) => [p.partyIndex, p.mediator?.mediatorId])).toEqual([
      [0, 'ah-near'],
      [1, 'hb'],
    ]);
  });

  it('keeps panel members distinct and proposes nothing for parties from one province', () => {
    const twoAnhui: CaseProfile = {
      ...injuryCase,
      parties: [injuryCase.parties[0]!, injuryCase.parties[0]!, injuryCase.parties[1]!],
    };
    expect(proposePanel(twoAnhui, table).map((p) => p.mediator?.mediatorId)).toEqual(['ah-near', 'ah-far', 'hb']);
    const oneProvince: CaseProfile = { ...injuryCase, parties: [injuryCase.parties[0]!, injuryCase.parties[0]!] };
    expect(proposePanel(oneProvince, table)).toEqual([]);
  });
});
