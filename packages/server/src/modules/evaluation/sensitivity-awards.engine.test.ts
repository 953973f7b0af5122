import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awardUnits, type AwardRules, type RankedUnit } from './awards.engine.ts';
import { compileAwards } from './sensitivity-awards.engine.ts';

/** A random city: counties with townships, small integer scores so that ties happen, some vetoes. */
const cityArb = fc
  .array(
    fc.record({
      score: fc.integer({ min: 0, max: 6 }),
      vetoed: fc.boolean(),
      townships: fc.array(fc.record({ score: fc.integer({ min: 0, max: 9 }), vetoed: fc.boolean() }), {
        maxLength: 15,
      }),
    }),
    { minLength: 1, maxLength: 7 },
  )
  .map((counties) => {
    const units: Omit<RankedUnit, 'rank'>[] = counties.flatMap((c, i) => [
      { code: `C${i}`, name: `县${i}`, level: 'county', parent: null, score: c.score, vetoed: c.vetoed && i % 3 === 0 },
      ...c.townships.map((t, j) => ({
        code: `C${i}T${String(j).padStart(2, '0')}`,
        name: `镇${i}-${j}`,
        level: 'township',
        parent: `C${i}`,
        score: t.score,
        vetoed: t.vetoed && j % 4 === 0,
      })),
    ]);
    return units.map((u) => ({
      ...u,
      rank: 1 + units.filter((o) => o.level === u.level && o.score > u.score).length,
    }));
  });

const rulesArb: fc.Arbitrary<AwardRules> = fc.record({
  county: fc.option(
    fc.record({
      level: fc.constant('county'),
      excludeBottom: fc.option(fc.integer({ min: 0, max: 3 })),
      excludeBottomPercent: fc.option(fc.integer({ min: 0, max: 60 })),
      minScore: fc.option(fc.integer({ min: 0, max: 4 })),
    }),
  ),
  township: fc.option(
    fc.record({
      level: fc.constant('township'),
      perParentCapShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      capRounding: fc.constantFrom('floor' as const, 'round' as const, 'ceil' as const),
      totalQuota: fc.option(fc.integer({ min: 0, max: 30 })),
      minScore: fc.option(fc.integer({ min: 0, max: 5 })),
    }),
  ),
});

describe('compileAwards', () => {
  it('awards exactly whom awardUnits awards', () => {
    fc.assert(
      fc.property(cityArb, rulesArb, fc.boolean(), (units, rules, withRegionCounts) => {
        const perParent = withRegionCounts ? { C0: 20, C1: 3, C9: 4 } : undefined;
        const expected = awardUnits({ units }, rules, perParent).awarded;
        const sut = compileAwards({ units }, rules, perParent);
        const got = new Set<string>();
        sut(
          Float64Array.from(units, (u) => u.score),
          Int32Array.from(units, (u) => u.rank),
          Uint8Array.from(units, (u) => (u.vetoed ? 1 : 0)),
          (i) => got.add(units[i]!.code),
        );
        expect([...got].sort()).toEqual([...expected].sort());
      }),
      { numRuns: 400 },
    );
  });
});
