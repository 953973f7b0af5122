import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AwardsRules as AwardsRulesContract, UnitResult } from '@zhili/contracts';
import { awardUnits, type AwardRules, type RankedUnit } from './awards.engine.ts';

/** Competition ranks ("1224") within each level, best score first. */
function withRanks(units: Omit<RankedUnit, 'rank'>[]): RankedUnit[] {
  return units.map((u) => ({
    ...u,
    rank: 1 + units.filter((o) => o.level === u.level && o.score > u.score).length,
  }));
}

const HUZHOU_RULES: AwardRules = {
  county: { level: 'county', excludeBottom: 1 },
  township: { level: 'township', perParentCapShare: 0.5, capRounding: 'floor', totalQuota: 36 },
  champion: { level: 'county' },
};

/** A random city: 1–6 counties, 0–20 townships each, small integer scores so that ties happen. */
const cityArb = fc
  .array(
    fc.record({
      score: fc.integer({ min: 0, max: 8 }),
      vetoed: fc.boolean(),
      townships: fc.array(fc.record({ score: fc.integer({ min: 0, max: 12 }), vetoed: fc.boolean() }), {
        maxLength: 20,
      }),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((counties) =>
    withRanks(
      counties.flatMap((c, i) => {
        const code = `33050${i}`;
        return [
          { code, name: `县${i}`, level: 'county', parent: '3305', score: c.score, vetoed: c.vetoed },
          ...c.townships.map((t, j) => ({
            code: `${code}${String(j).padStart(3, '0')}`,
            name: `镇${i}-${j}`,
            level: 'township',
            parent: code,
            score: t.score,
            vetoed: t.vetoed,
          })),
        ];
      }),
    ),
  );

const rulesArb = fc.record({
  excludeBottom: fc.integer({ min: 1, max: 3 }),
  excludeBottomPercent: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
  share: fc.constantFrom(0.3, 0.5, 0.7),
  rounding: fc.constantFrom('floor' as const, 'round' as const, 'ceil' as const),
  quota: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  minScore: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
});

const order = (a: RankedUnit, b: RankedUnit) => a.rank - b.rank || (a.code < b.code ? -1 : 1);

describe('awardUnits', () => {
  it('gives every county but the last a tripod and the first the champion tripod', () => {
    const units = withRanks([
      { code: '330522', name: '长兴县', level: 'county', parent: '3305', score: 90, vetoed: false },
      { code: '330521', name: '德清县', level: 'county', parent: '3305', score: 88, vetoed: false },
      { code: '330523', name: '安吉县', level: 'county', parent: '3305', score: 87, vetoed: false },
      { code: '330502', name: '吴兴区', level: 'county', parent: '3305', score: 85, vetoed: false },
      { code: '330503', name: '南浔区', level: 'county', parent: '3305', score: 80, vetoed: false },
    ]);
    const sut = awardUnits({ units }, HUZHOU_RULES);
    expect(sut.counties).toEqual(['330522', '330521', '330523', '330502']);
    expect(sut.champion).toBe('330522');
    expect(sut.explanation.join('\n')).toContain('冠军鼎：长兴县(330522)');
  });

  it('caps townships per county at floor(50%) and stops at the quota', () => {
    const towns = Array.from({ length: 7 }, (_, j) => ({
      code: `330502${100 + j}`,
      name: `镇${j}`,
      level: 'township',
      parent: '330502',
      score: 100 - j,
      vetoed: j === 0,
    }));
    const units = withRanks([
      ...towns,
      { code: '330503100', name: '南浔镇', level: 'township', parent: '330503', score: 10, vetoed: false },
      { code: '330503101', name: '双林镇', level: 'township', parent: '330503', score: 9, vetoed: false },
    ]);
    const sut = awardUnits({ units }, { township: { level: 'township', perParentCapShare: 0.5, totalQuota: 36 } });
    // 7 townships → cap 3; the vetoed leader is passed over.
    expect(sut.townships).toEqual(['330502101', '330502102', '330502103', '330503100']);
    expect(sut.caps['330502']).toEqual({ units: 7, cap: 3, awarded: 3 });
    expect(sut.caps['330503']).toEqual({ units: 2, cap: 1, awarded: 1 });
    expect(sut.explanation.join('\n')).toContain('一票否决');
    const quota = awardUnits({ units }, { township: { level: 'township', perParentCapShare: 0.5, totalQuota: 2 } });
    expect(quota.townships).toEqual(['330502101', '330502102']);
  });

  it('counts townships from the region tree when given, even those missing from the data', () => {
    const units = withRanks([
      { code: '330502100', name: '织里镇', level: 'township', parent: '330502', score: 5, vetoed: false },
      { code: '330502101', name: '八里店镇', level: 'township', parent: '330502', score: 4, vetoed: false },
    ]);
    const rules: AwardRules = { township: { level: 'township', perParentCapShare: 0.5 } };
    expect(awardUnits({ units }, rules).townships).toEqual(['330502100']);
    expect(awardUnits({ units }, rules, { '330502': 19 }).townships).toEqual(['330502100', '330502101']);
    // No share: no per-county cap, only the quota.
    const uncapped = awardUnits({ units }, { township: { level: 'township', perParentCapShare: null, totalQuota: 1 } });
    expect(uncapped.townships).toEqual(['330502100']);
    expect(uncapped.caps['330502']).toEqual({ units: 2, cap: 2, awarded: 1 });
  });

  it('excludes a tie at the bottom together, and has no champion when the first is vetoed', () => {
    const units = withRanks([
      { code: 'A', name: 'A', level: 'county', parent: null, score: 3, vetoed: true },
      { code: 'B', name: 'B', level: 'county', parent: null, score: 2, vetoed: false },
      { code: 'C', name: 'C', level: 'county', parent: null, score: 1, vetoed: false },
      { code: 'D', name: 'D', level: 'county', parent: null, score: 1, vetoed: false },
    ]);
    const sut = awardUnits({ units }, HUZHOU_RULES);
    expect(sut.counties).toEqual(['B']);
    expect(sut.champion).toBeNull();
  });

  it('excludes the bottom X% rounded up', () => {
    const units = withRanks(
      Array.from({ length: 10 }, (_, i) => ({
        code: `C${i}`,
        name: `C${i}`,
        level: 'county',
        parent: null,
        score: 10 - i,
        vetoed: false,
      })),
    );
    const sut = awardUnits({ units }, { county: { level: 'county', excludeBottomPercent: 25 } });
    expect(sut.counties).toHaveLength(7);
  });

  it('holds the award invariants on random cities', () => {
    fc.assert(
      fc.property(cityArb, rulesArb, (units, r) => {
        const rules: AwardRules = {
          county: { level: 'county', excludeBottom: r.excludeBottom, excludeBottomPercent: r.excludeBottomPercent },
          township: {
            level: 'township',
            perParentCapShare: r.share,
            capRounding: r.rounding,
            totalQuota: r.quota,
            minScore: r.minScore,
          },
          champion: { level: 'county' },
        };
        const sut = awardUnits({ units }, rules);
        const byCode = new Map(units.map((u) => [u.code, u]));

        // Never a vetoed unit.
        for (const code of sut.awarded) expect(byCode.get(code)!.vetoed).toBe(false);
        // The last-ranked county never gets a tripod.
        const counties = units.filter((u) => u.level === 'county');
        const worst = Math.max(...counties.map((u) => u.rank));
        for (const u of counties.filter((c) => c.rank === worst)) expect(sut.awarded.has(u.code)).toBe(false);
        // Caps and the quota are never exceeded.
        for (const [parent, cap] of Object.entries(sut.caps)) {
          const n = sut.townships.filter((t) => byCode.get(t)!.parent === parent).length;
          expect(n).toBe(cap.awarded);
          expect(n).toBeLessThanOrEqual(cap.cap);
          expect(cap.cap).toBeLessThanOrEqual(cap.units);
        }
        if (r.quota != null) expect(sut.townships.length).toBeLessThanOrEqual(r.quota);
        // Greedy prefix: an eligible township left out had a full cap or came after a full quota.
        const towns = units.filter((u) => u.level === 'township').sort(order);
        const eligible = towns.filter((u) => !u.vetoed && (r.minScore == null || u.score >= r.minScore));
        for (const t of eligible) {
          if (sut.awarded.has(t.code)) continue;
          const cap = sut.caps[t.parent!]!;
          const quotaFull = r.quota != null && sut.townships.length === r.quota;
          const allBefore = sut.townships.every((a) => order(byCode.get(a)!, t) < 0);
          expect(cap.awarded === cap.cap || (quotaFull && allBefore)).toBe(true);
        }
        // Township awards come out in rank order.
        expect([...sut.townships]).toEqual(eligible.filter((t) => sut.awarded.has(t.code)).map((t) => t.code));
        // The champion is a rank-1, awarded county.
        if (sut.champion) {
          expect(byCode.get(sut.champion)!.rank).toBe(1);
          expect(sut.counties).toContain(sut.champion);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// The framework's parsed awards block is accepted as is.
const _fits: (r: AwardsRulesContract) => AwardRules = (r) => r;
const _unitFits: (u: UnitResult) => RankedUnit = (u) => u;
