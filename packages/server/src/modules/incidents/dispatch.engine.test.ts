import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchRule, unitRegionFor, type RuleRow } from './dispatch.engine.ts';

const COUNTY = '33/3303/330383';
const COMMUNITY = `${COUNTY}/330383198001`;
const GRID = `${COMMUNITY}/330383198001-G01`;

let n = 0;
const rule = (over: Partial<RuleRow>): RuleRow => ({
  id: `r${String(n++).padStart(3, '0')}`,
  categoryCode: null,
  regionPath: COUNTY,
  handlingLevel: 'grid',
  organizationId: null,
  autoDispatch: true,
  order: 100,
  active: true,
  ...over,
});

describe('dispatch engine', () => {
  it('picks the deepest region, then the category, then the order', () => {
    const county = rule({});
    const countyCat = rule({ categoryCode: 'sanitation' });
    const community = rule({ regionPath: COMMUNITY, handlingLevel: 'community' });
    const other = rule({ regionPath: `${COUNTY}/330383198002`, categoryCode: 'sanitation' });
    expect(matchRule([county, countyCat], 'sanitation', GRID)).toBe(countyCat);
    expect(matchRule([county, countyCat], 'fraud', GRID)).toBe(county);
    expect(matchRule([county, countyCat, community, other], 'sanitation', GRID)).toBe(community);
    expect(matchRule([county, { ...community, active: false }], 'x', GRID)).toBe(county);
    expect(matchRule([county], 'x', null)).toBeNull();
    // A path sharing only a textual prefix is not inside the rule's region.
    expect(matchRule([rule({ regionPath: `${COUNTY}/33038319` })], 'x', GRID)).toBeNull();
    const early = rule({ order: 5 });
    expect(matchRule([county, early], 'x', GRID)).toBe(early);
  });

  it('agrees with sorting all matching rules by specificity (property)', () => {
    const paths = [COUNTY, COMMUNITY, GRID, `${COUNTY}/330383198002`, '33/3304'];
    const arb = fc.array(
      fc.record({
        categoryCode: fc.constantFrom(null, 'a', 'b'),
        regionPath: fc.constantFrom(...paths),
        order: fc.integer({ min: 0, max: 3 }),
        active: fc.boolean(),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arb, fc.constantFrom('a', 'b'), fc.constantFrom(GRID, COMMUNITY, COUNTY), (rows, cat, path) => {
        const rules = rows.map((r, i) => rule({ ...r, id: `x${String(i).padStart(2, '0')}` }));
        const sut = matchRule(rules, cat, path);
        const matching = rules
          .filter((r) => r.active && (r.categoryCode === null || r.categoryCode === cat))
          .filter((r) => path === r.regionPath || path.startsWith(`${r.regionPath}/`))
          .sort(
            (x, y) =>
              y.regionPath.length - x.regionPath.length ||
              Number(y.categoryCode !== null) - Number(x.categoryCode !== null) ||
              x.order - y.order ||
              x.id.localeCompare(y.id),
          );
        expect(sut).toBe(matching[0] ?? null);
      }),
      { numRuns: 500 },
    );
  });

  it('finds the unit region of each handling level', () => {
    const ancestors = [
      { code: '330383', level: 'county', path: COUNTY },
      { code: '330383198001', level: 'community', path: COMMUNITY },
      { code: '330383198001-G01', level: 'grid', path: GRID },
    ];
    expect(unitRegionFor('grid', ancestors)).toEqual({ code: '330383198001-G01', path: GRID });
    expect(unitRegionFor('community', ancestors)).toEqual({ code: '330383198001', path: COMMUNITY });
    // 龙港 has no townships: the township level is the county-level centre.
    expect(unitRegionFor('township', ancestors)).toEqual({ code: '330383', path: COUNTY });
    expect(unitRegionFor('county', ancestors)).toEqual({ code: '330383', path: COUNTY });
    expect(unitRegionFor('department', ancestors)).toBeNull();
    expect(unitRegionFor('grid', ancestors.slice(0, 2))).toEqual({ code: '330383198001', path: COMMUNITY });
    expect(unitRegionFor('grid', [])).toBeNull();
  });
});
