import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Framework, type Dataset, type FrameworkInput, type PanelRow } from '@zhili/contracts';
import { EvaluationEngineError, runEvaluation } from './evaluation.engine.ts';
import { evaluateModel } from './pipeline.engine.ts';
import { changeVsPrevious, improvementsFor } from './whatif.engine.ts';

const name = (s: string) => ({ zh: s, en: s });
const ind = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: name(code),
  indicator: true,
  ...extra,
});

/** Two groups of indicators under an index; townships do not get C. */
function buildFramework(over: Partial<FrameworkInput> = {}, index: Record<string, unknown> = {}) {
  return Framework.parse({
    code: 'test',
    name: name('测试'),
    unitLevels: ['county', 'township'],
    index: {
      code: 'Index',
      name: name('Index'),
      children: [
        { code: 'G1', name: name('G1'), weight: 2, children: [ind('A'), ind('B', { direction: -1 })] },
        { code: 'G2', name: name('G2'), weight: 1, children: [ind('C', { appliesTo: ['county'] }), ind('D')] },
      ],
      ...index,
    },
    ...over,
  });
}

function buildData(
  values: Record<string, Record<string, number | null>>,
  levels: Record<string, string> = {},
  year = 2023,
): Dataset {
  const rows: PanelRow[] = [];
  for (const [unit, v] of Object.entries(values))
    for (const [indicator, value] of Object.entries(v)) rows.push({ unit, indicator, year, value });
  return {
    units: Object.keys(values).map((code) => ({ code, name: `单位${code}`, level: levels[code] ?? 'county' })),
    rows,
  };
}

const unitsArb = fc.array(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 4, maxLength: 4 }), {
  minLength: 3,
  maxLength: 25,
});
const toData = (m: number[][]) =>
  buildData(Object.fromEntries(m.map((r, i) => [`U${i}`, { A: r[0]!, B: r[1]!, C: r[2]!, D: r[3]! }])));

describe('runEvaluation', () => {
  it('contributions sum to the index score, and effective weights sum to 1 among siblings', () => {
    fc.assert(
      fc.property(unitsArb, (m) => {
        const sut = runEvaluation(buildFramework(), toData(m), { year: 2023 });
        for (const u of sut.units) {
          const total = Object.values(u.contributions).reduce((a, b) => a + b, 0);
          expect(total).toBeCloseTo(u.score - u.bonus, 9);
        }
        const byParent = new Map<string, number>();
        for (const n of sut.nodes) if (n.parent) byParent.set(n.parent, (byParent.get(n.parent) ?? 0) + n.weight);
        for (const s of byParent.values()) expect(s).toBeCloseTo(1, 12);
      }),
    );
  });

  it('ranks each level on its own, and leaves out indicators that do not apply to a level', () => {
    const data = buildData(
      {
        c1: { A: 1, B: 1, C: 1, D: 1 },
        c2: { A: 2, B: 0, C: 2, D: 2 },
        t1: { A: 5, B: 5, D: 5 },
        t2: { A: 1, B: 9, D: 1 },
      },
      { t1: 'township', t2: 'township' },
    );
    const sut = runEvaluation(buildFramework(), data, { year: 2023 });
    expect(sut.units.map((u) => [u.code, u.rank])).toEqual([
      ['c2', 1],
      ['c1', 2],
      ['t1', 1],
      ['t2', 2],
    ]);
    expect(sut.units.find((u) => u.code === 't1')!.scores).not.toHaveProperty('C');
    expect(sut.units.find((u) => u.code === 'c2')!.score).toBeCloseTo(100);
  });

  it('applies veto and bonus on the raw value', () => {
    const f = buildFramework(
      {},
      {
        children: [
          {
            code: 'G1',
            name: name('G1'),
            children: [ind('A', { veto: { below: 2 } }), ind('B', { bonus: { per: 10, points: 0.5, max: 1 } })],
          },
        ],
      },
    );
    const sut = runEvaluation(f, buildData({ x: { A: 1, B: 35 }, y: { A: 3, B: 5 } }), { year: 2023 });
    const x = sut.units.find((u) => u.code === 'x')!;
    expect(x.vetoed).toBe(true);
    expect(x.vetoReasons[0]).toContain('A');
    expect(x.bonus).toBe(1);
    expect(sut.units.find((u) => u.code === 'y')).toMatchObject({ vetoed: false, bonus: 0 });
  });

  it('uses AHP weights and refuses an inconsistent matrix', () => {
    const ok = buildFramework(
      {},
      {
        weighting: 'ahp',
        pairwise: [
          [1, 3],
          [1 / 3, 1],
        ],
      },
    );
    const sut = runEvaluation(
      ok,
      toData([
        [1, 2, 3, 4],
        [4, 3, 2, 1],
        [2, 2, 2, 2],
      ]),
      { year: 2023 },
    );
    expect(sut.nodes.find((n) => n.code === 'G1')!.weight).toBeCloseTo(0.75, 12);
    const bad = buildFramework(
      {},
      {
        weighting: 'ahp',
        pairwise: [
          [1, 9, 1 / 9],
          [1 / 9, 1, 9],
          [9, 1 / 9, 1],
        ],
        children: ['G1', 'G2', 'G3'].map((g, i) => ({ code: g, name: name(g), children: [ind(`I${i}`)] })),
      },
    );
    expect(() => runEvaluation(bad, buildData({ a: { I0: 1, I1: 1, I2: 1 } }), { year: 2023 })).toThrow(
      EvaluationEngineError,
    );
  });

  it('flags every imputed cell and screens units by availability', () => {
    const data = buildData({
      a: { A: 1, B: null, C: 3, D: 4 },
      b: { A: 2, B: 2, C: null, D: 1 },
      c: { A: null, B: null, C: null, D: 9 },
    });
    const sut = runEvaluation(buildFramework(), data, {
      year: 2023,
      imputation: { method: 'mean' },
      screening: { minAvailability: 0.5 },
    });
    expect(sut.imputed.map((c) => `${c.unit}.${c.indicator}`).sort()).toEqual(['a.B', 'b.C', 'c.A', 'c.B', 'c.C']);
    expect(sut.dropped).toEqual([]);
    const screened = runEvaluation(buildFramework(), data, { year: 2023, screening: { minAvailability: 0.5 } });
    expect(screened.dropped.map((d) => d.unit)).toEqual(['c']);
    const empty = buildData({ a: { A: 1, B: 2, C: 3, D: 4 }, b: { A: 2, B: 1, C: 1, D: 1 }, z: { A: null } });
    const noValue = runEvaluation(buildFramework(), empty, { year: 2023 });
    expect(noValue.dropped).toEqual([{ unit: 'z', reason: 'no indicator value' }]);
    expect(noValue.units.map((u) => u.code).sort()).toEqual(['a', 'b']);
  });

  it('geometric mean of a zero child is 0, TOPSIS closeness is within 0–100', () => {
    const m = [
      [0, 5, 5, 5],
      [10, 0, 10, 10],
      [5, 10, 0, 3],
    ];
    const geo = runEvaluation(buildFramework({}, { aggregation: 'geometric' }), toData(m), { year: 2023 });
    expect(geo.units.every((u) => u.score >= 0)).toBe(true);
    const top = runEvaluation(buildFramework({}, { aggregation: 'topsis', weighting: 'entropy' }), toData(m), {
      year: 2023,
    });
    for (const u of top.units) {
      expect(u.score).toBeGreaterThanOrEqual(0);
      expect(u.score).toBeLessThanOrEqual(100);
    }
  });
});

describe('what-if and change', () => {
  const m = [
    [10, 50, 5, 30],
    [20, 40, 6, 20],
    [30, 30, 7, 10],
    [32, 29, 7.1, 12],
    [50, 10, 9, 50],
  ];
  const f = buildFramework();

  it('each improvement alone brings the unit to the target rank', () => {
    const model = evaluateModel(f, toData(m), { year: 2023 });
    const before = runEvaluation(f, toData(m), { year: 2023 });
    const u = before.units.find((x) => x.code === 'U2')!;
    expect(u.rank).toBe(3);
    const sut = improvementsFor(model, 'U2', 2);
    let reachable = 0;
    for (const [indicator, imp] of Object.entries(sut)) {
      if (!imp) continue;
      reachable++;
      const changed = m.map((r) => [...r]);
      changed[2]!['ABCD'.indexOf(indicator)] = imp.to + (imp.change > 0 ? 1e-6 : -1e-6);
      const after = runEvaluation(f, toData(changed), { year: 2023 });
      expect(after.units.find((x) => x.code === 'U2')!.rank, indicator).toBe(2);
    }
    expect(reachable).toBe(4);
    expect(Object.values(improvementsFor(model, 'U2', 1)).every((v) => v === null)).toBe(true);
    expect(improvementsFor(model, 'U2', 3).A).toMatchObject({ change: 0 });
  });

  it('solves a geometric index by bisection, through the goalposts and a log transform', () => {
    const g = Framework.parse({
      code: 'g',
      name: name('g'),
      unitLevels: ['county'],
      index: {
        code: 'Index',
        name: name('Index'),
        aggregation: 'geometric',
        children: [
          ind('A', { normalisation: { method: 'goalposts', min: 0, max: 100 } }),
          ind('B', { transform: { log: true }, normalisation: { method: 'goalposts', min: 100, max: 75000 } }),
        ],
      },
    });
    const rows = { p: { A: 60, B: 8000 }, q: { A: 50, B: 6000 }, r: { A: 40, B: 5000 } };
    const sut = improvementsFor(evaluateModel(g, buildData(rows), { year: 2023 }), 'r', 1);
    for (const indicator of ['A', 'B'] as const) {
      const imp = sut[indicator]!;
      expect(imp.change).toBeGreaterThan(0);
      const changed = { ...rows, r: { ...rows.r, [indicator]: imp.to * (1 + 1e-6) } };
      const after = runEvaluation(g, buildData(changed), { year: 2023 });
      expect(after.units[0]!.code, indicator).toBe('r');
      const short = { ...rows, r: { ...rows.r, [indicator]: imp.to * (1 - 1e-3) } };
      expect(runEvaluation(g, buildData(short), { year: 2023 }).units[0]!.code).toBe('p');
    }
  });

  it('reports score and rank change against a previous result', () => {
    const now = runEvaluation(f, toData(m), { year: 2023 });
    const prev = runEvaluation(f, toData([...m].reverse()), { year: 2023 });
    const sut = changeVsPrevious(now, prev);
    const u0 = sut.find((c) => c.code === 'U0')!;
    expect(u0.rankChange).toBe(
      prev.units.find((u) => u.code === 'U0')!.rank - now.units.find((u) => u.code === 'U0')!.rank,
    );
    expect(u0.scoreChange).toBeCloseTo(u0.score - u0.previousScore!, 12);
  });
});
