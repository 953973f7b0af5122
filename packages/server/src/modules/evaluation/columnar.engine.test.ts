import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Framework, type Dataset, type PanelRow, type RunOptions, type UnitInfo } from '@zhili/contracts';
import { awardUnits, type AwardRules } from './awards.engine.ts';
import { copyColumn, nanColumn, newColumn, newIntColumn } from './alloc.engine.ts';
import { toColumnar, unitIndexOf } from './columnar.engine.ts';
import { materialiseResult, runEvaluation } from './evaluation.engine.ts';
import { awardModel } from './model-awards.engine.ts';
import { evaluateModel } from './pipeline.engine.ts';

const name = (s: string) => ({ zh: s, en: s });
const ind = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: name(code),
  indicator: true,
  ...extra,
});

/** Counties and townships; C applies to counties only, B is denominated, D has a veto and a bonus. */
const framework = Framework.parse({
  code: 'prop',
  name: name('性质'),
  unitLevels: ['county', 'township'],
  rankDecimals: 1,
  index: {
    code: 'Index',
    name: name('Index'),
    children: [
      {
        code: 'G1',
        name: name('G1'),
        weight: 2,
        children: [ind('A'), ind('B', { direction: -1, denominator: 'P', weight: 2 })],
      },
      {
        code: 'G2',
        name: name('G2'),
        weight: 1,
        children: [
          ind('C', { appliesTo: ['county'] }),
          ind('D', { veto: { below: 5 }, bonus: { per: 20, points: 1, max: 2 } }),
        ],
      },
    ],
  },
});
const CODES = ['A', 'B', 'C', 'D', 'P', 'X'];
const YEARS = [2021, 2022, 2023];

const CELLS = 25 * CODES.length * YEARS.length;

/**
 * A random panel: units (a code repeated sometimes), a row per cell in unit- or indicator-major
 * order with nulls and absent rows, plus stray rows (repeated cells, unknown units).
 */
const dataArb = fc
  .record({
    counties: fc.integer({ min: 1, max: 4 }),
    townships: fc.array(fc.record({ parent: fc.nat(3), group: fc.constantFrom('a', 'b', null) }), {
      maxLength: 20,
    }),
    duplicateUnit: fc.boolean(),
    unitMajor: fc.boolean(),
    cells: fc.array(fc.option(fc.integer({ min: 0, max: 60 }), { freq: 8 }), { minLength: CELLS, maxLength: CELLS }),
    absent: fc.array(fc.boolean(), { minLength: CELLS, maxLength: CELLS }),
    stray: fc.array(
      fc.record({
        unit: fc.nat(30),
        indicator: fc.constantFrom(...CODES),
        year: fc.constantFrom(...YEARS),
        value: fc.option(fc.integer({ min: 0, max: 60 })),
      }),
      { maxLength: 20 },
    ),
  })
  .map(({ counties, townships, duplicateUnit, unitMajor, cells, absent, stray }): Dataset => {
    const units: UnitInfo[] = [];
    for (let c = 0; c < counties; c++)
      units.push({ code: `C${c}`, name: `县${c}`, level: 'county', group: { g: 'a' } });
    townships.forEach((t, i) =>
      units.push({
        code: `T${i}`,
        name: `镇${i}`,
        level: 'township',
        parent: `C${t.parent % counties}`,
        ...(t.group ? { group: { g: t.group } } : {}),
      }),
    );
    if (duplicateUnit) units.push({ ...units[0]!, name: 'dup' });
    const rows: PanelRow[] = [];
    const cell = (u: number, k: number, y: number) => {
      const at = (u * CODES.length + k) * YEARS.length + y;
      if (!absent[at] || at % 7 !== 0)
        rows.push({ unit: units[u]!.code, indicator: CODES[k]!, year: YEARS[y]!, value: cells[at] ?? null });
    };
    for (let a = 0; a < (unitMajor ? units.length : CODES.length); a++)
      for (let b = 0; b < (unitMajor ? CODES.length : units.length); b++)
        for (let y = 0; y < YEARS.length; y++) {
          if (unitMajor) cell(a, b, y);
          else cell(b, a, y);
        }
    for (const r of stray) rows.push({ ...r, unit: units[r.unit]?.code ?? `Z${r.unit}` });
    return { units, rows };
  });

const optionsArb: fc.Arbitrary<RunOptions> = fc.record({
  year: fc.constantFrom(...YEARS),
  imputation: fc.record({
    method: fc.constantFrom(
      'none' as const,
      'mean' as const,
      'median' as const,
      'groupMean' as const,
      'previousYear' as const,
      'linear' as const,
    ),
    groupBy: fc.constant('g'),
  }),
  outliers: fc.constantFrom({ method: 'none' as const }, { method: 'winsorise' as const, maxPoints: 3 }),
  screening: fc.record({ minAvailability: fc.constantFrom(0, 0.5, 1) }),
});

/** Run both forms; an engine refusal must be the same refusal. */
function both<T>(f: (d: Dataset | ReturnType<typeof toColumnar>) => T, data: Dataset): [T | string, T | string] {
  const run = (d: Dataset | ReturnType<typeof toColumnar>) => {
    try {
      return f(d);
    } catch (e) {
      return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
  };
  return [run(data), run(toColumnar(data))];
}

describe('columnar dataset', () => {
  it('gives exactly the result of the panel rows it was converted from', () => {
    let evaluated = 0;
    fc.assert(
      fc.property(dataArb, optionsArb, (data, options) => {
        const [rows, columns] = both((d) => runEvaluation(framework, d, options), data);
        expect(columns).toEqual(rows);
        if (typeof rows !== 'string' && rows.units.length > 0) evaluated++;
      }),
      { numRuns: 300 },
    );
    // The property must bite: most random panels evaluate some units.
    expect(evaluated).toBeGreaterThan(150);
  });

  it('reads rows as the engine does: nulls skipped, the last value wins, unknown units ignored', () => {
    const sut = toColumnar({
      units: [
        { code: 'a', name: 'a', level: 'county' },
        { code: 'b', name: 'b', level: 'county' },
      ],
      rows: [
        { unit: 'a', indicator: 'X', year: 2023, value: 1 },
        { unit: 'a', indicator: 'X', year: 2023, value: null },
        { unit: 'b', indicator: 'X', year: 2023, value: 2 },
        { unit: 'b', indicator: 'X', year: 2023, value: 3 },
        { unit: 'z', indicator: 'X', year: 2022, value: 9 },
      ],
    });
    expect(sut.years).toEqual([2023]);
    expect(Array.from(sut.columns[0]!.X!)).toEqual([1, 3]);
  });
});

const rulesArb: fc.Arbitrary<AwardRules> = fc.record({
  county: fc.option(
    fc.record({
      level: fc.constant('county'),
      excludeBottom: fc.option(fc.integer({ min: 0, max: 2 })),
      minScore: fc.option(fc.integer({ min: 0, max: 60 })),
    }),
  ),
  township: fc.option(
    fc.record({
      level: fc.constant('township'),
      perParentCapShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      totalQuota: fc.option(fc.integer({ min: 0, max: 10 })),
    }),
  ),
  champion: fc.option(fc.record({ level: fc.constantFrom('county', 'township') })),
});

describe('awardModel', () => {
  it('awards whom awardUnits awards on the materialised result, and the same champion', () => {
    let awarded = 0;
    fc.assert(
      fc.property(dataArb, optionsArb, rulesArb, (data, options, rules) => {
        let model;
        try {
          model = evaluateModel(framework, toColumnar(data), options);
        } catch {
          return; // refused input: nothing to award
        }
        const expected = awardUnits(materialiseResult(model), rules);
        const sut = awardModel(model, rules);
        if (expected.awarded.size > 0) awarded++;
        const winners = sut.units.filter((_, i) => sut.awarded[i] === 1).map((u) => u.code);
        expect(new Set(winners)).toEqual(expected.awarded);
        expect(winners).toHaveLength(expected.awarded.size);
        expect(sut.champion).toEqual(expected.champion);
      }),
      { numRuns: 300 },
    );
    expect(awarded).toBeGreaterThan(100);
  });
});

describe('unitIndexOf', () => {
  it('re-indexes a units array edited between runs', () => {
    const units: UnitInfo[] = [
      { code: 'a', name: 'a', level: 'county' },
      { code: 'b', name: 'b', level: 'county' },
    ];
    expect(unitIndexOf(units).index.get('b')).toBe(1);
    units[1] = { code: 'a', name: 'again', level: 'county' };
    const sut = unitIndexOf(units);
    expect(sut.index.has('b')).toBe(false);
    expect(Array.from(sut.duplicate)).toEqual([0, 1]);
  });
});

describe('slab columns', () => {
  it('are zeroed, of the asked length, and never overlap', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9000 }), { maxLength: 60 }), (lengths) => {
        const cols = lengths.map((n, k) => (k % 2 ? newIntColumn(n) : newColumn(n)));
        cols.forEach((c, k) => {
          expect(c).toHaveLength(lengths[k]!);
          expect(c.every((v) => v === 0)).toBe(true);
          c.fill(k + 1);
        });
        cols.forEach((c, k) => expect(c.every((v) => v === k + 1)).toBe(true));
        expect(copyColumn(Float64Array.of(1, NaN, 3))).toEqual(Float64Array.of(1, NaN, 3));
        expect(nanColumn(3).every((v) => v !== v)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
