import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Framework, type Dataset, type FrameworkInput, type PanelRow, type UnitInfo } from '@zhili/contracts';
import { runEvaluation } from './evaluation.engine.ts';
import { ModelEvaluator, decodeParams } from './sensitivity-model.engine.ts';
import { planSensitivity, runReplications, runSensitivity } from './sensitivity.engine.ts';
import { runSensitivityInWorkers } from './sensitivity.worker.ts';
import { seededRandom } from './sobol.engine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A small Huzhou-shaped framework: two pillars, five indicators, county tripods, capped townships. */
const framework = Framework.parse({
  code: 'test-eco',
  name: { zh: '测试', en: 'Test' },
  unitLevels: ['county', 'township'],
  rankDecimals: 3,
  index: {
    code: 'Index',
    name: { zh: '综合指数', en: 'Index' },
    children: [
      {
        code: 'ENV',
        name: { zh: '环境', en: 'Environment' },
        weight: 0.6,
        children: [
          { code: 'PM25', indicator: true, direction: -1, weight: 2, name: { zh: 'PM2.5', en: 'PM2.5' } },
          { code: 'WATER', indicator: true, weight: 1, name: { zh: '水质', en: 'Water' } },
          { code: 'FOREST', indicator: true, weight: 1, name: { zh: '森林', en: 'Forest' }, veto: { below: 3 } },
        ],
      },
      {
        code: 'LIFE',
        name: { zh: '城乡', en: 'Life' },
        weight: 0.4,
        children: [
          { code: 'INCOME', indicator: true, weight: 1, name: { zh: '收入', en: 'Income' } },
          { code: 'PARK', indicator: true, weight: 1, name: { zh: '公园', en: 'Parks' } },
        ],
      },
    ],
  },
  awards: {
    county: { level: 'county', excludeBottom: 1 },
    township: { level: 'township', perParentCapShare: 0.5, totalQuota: 8 },
    champion: { level: 'county' },
  },
} satisfies FrameworkInput);

/** Counties with townships and random indicator values for 2023 (a few missing). */
function dataset(seed: number, counties = 4, townships = 6): Dataset {
  const rnd = seededRandom(seed);
  const units: UnitInfo[] = [];
  const rows: PanelRow[] = [];
  for (let c = 0; c < counties; c++) {
    const code = `3305${String(c + 1).padStart(2, '0')}`;
    units.push({ code, name: `县${c}`, level: 'county', parent: '3305' });
    for (let t = 0; t < townships; t++)
      units.push({
        code: `${code}${String(t + 1).padStart(3, '0')}`,
        name: `镇${c}-${t}`,
        level: 'township',
        parent: code,
      });
  }
  for (const u of units)
    for (const indicator of ['PM25', 'WATER', 'FOREST', 'INCOME', 'PARK'])
      rows.push({ unit: u.code, indicator, year: 2023, value: rnd() < 0.03 ? null : Math.round(rnd() * 1000) / 10 });
  return { units, rows };
}

const options = { year: 2023, imputation: { method: 'mean' as const } };

describe('sensitivity model', () => {
  it('with nothing varied, every replication reproduces runEvaluation (scores and ranks)', () => {
    const data = dataset(7);
    const base = runEvaluation(framework, data, options);
    const plan = planSensitivity(framework, data, options, { replications: 10 }, runEvaluation);
    const sut = new ModelEvaluator(plan.model);
    const score = new Float64Array(plan.model.units.length);
    const rank = new Int32Array(plan.model.units.length);
    sut.evaluate(decodeParams(plan.model, []), score, rank);
    base.units.forEach((u, i) => {
      expect(plan.model.units[i]!.code).toBe(u.code);
      expect(score[i]).toBeCloseTo(u.score, 9);
      expect(rank[i]).toBe(u.rank);
    });
  });

  it('lays out one factor per non-root weight plus one per varied choice', () => {
    const plan = planSensitivity(
      framework,
      dataset(1),
      options,
      {
        replications: 90,
        assumptions: { weights: { percent: 20 }, aggregation: ['framework', 'geometric'], dropIndicator: true },
      },
      runEvaluation,
    );
    expect(plan.model.groups.map((g) => g.group)).toEqual(['weights', 'aggregation', 'drop']);
    expect(plan.model.factors).toHaveLength(7 + 2);
    expect(plan.model.alternatives.drop).toEqual([null, 'PM25', 'WATER', 'FOREST', 'INCOME', 'PARK']);
    expect(plan.design.n).toBe(18);
  });
});

describe('runSensitivity', () => {
  it('small weight perturbations: every rank interval holds the base rank; probabilities in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const sut = runSensitivity(
          framework,
          dataset(seed),
          options,
          { replications: 120, assumptions: { weights: { percent: 0.001 } }, bootstrap: 50 },
          { runEvaluation },
        );
        for (const u of sut.units) {
          expect(u.rankInterval[0]).toBeLessThanOrEqual(u.baseRank);
          expect(u.rankInterval[1]).toBeGreaterThanOrEqual(u.baseRank);
          expect(u.awardProbability).toBeGreaterThanOrEqual(0);
          expect(u.awardProbability).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('keeps every replication’s parameters, and the ranks on request', () => {
    const sut = runSensitivity(
      framework,
      dataset(3),
      options,
      {
        replications: 60,
        keepRanks: true,
        bootstrap: 100,
        assumptions: {
          weights: { percent: 30 },
          normalisation: ['framework', 'rank'],
          imputation: ['mean', 'median'],
          dropIndicator: ['PARK', 'WATER'],
        },
      },
      { runEvaluation },
    );
    expect(sut.replications).toHaveLength(60);
    const first = sut.replications[0]!;
    expect(Object.keys(first.params.weights!).sort()).toEqual([
      'ENV',
      'FOREST',
      'INCOME',
      'LIFE',
      'PARK',
      'PM25',
      'WATER',
    ]);
    for (const r of sut.replications) {
      expect(['framework', 'rank']).toContain(r.params.normalisation);
      expect(['mean', 'median']).toContain(r.params.imputation);
      expect([null, 'PARK', 'WATER']).toContain(r.params.drop);
      for (const f of Object.values(r.params.weights!)) expect(Math.abs(f - 1)).toBeLessThanOrEqual(0.3);
      expect(Object.keys(r.ranks!)).toHaveLength(sut.units.length);
    }
    expect(sut.sobol.map((s) => s.factor)).toEqual(['weights', 'normalisation', 'imputation', 'drop']);
    for (const s of sut.sobol) {
      expect(s.firstCi[0]).toBeLessThanOrEqual(s.firstCi[1]);
      expect(s.totalCi[0]).toBeLessThanOrEqual(s.totalCi[1]);
    }
  });

  it('a vetoed unit never wins; the injected award function is used', () => {
    const data = dataset(11);
    const vetoed = runEvaluation(framework, data, options).units.filter((u) => u.vetoed);
    const sut = runSensitivity(
      framework,
      data,
      options,
      { replications: 40, assumptions: { weights: { percent: 10 } } },
      { runEvaluation },
    );
    for (const v of vetoed) expect(sut.units.find((u) => u.code === v.code)!.awardProbability).toBe(0);
    const everyone = runSensitivity(
      framework,
      data,
      options,
      { replications: 40, assumptions: { weights: { percent: 10 } } },
      { runEvaluation, award: (units) => new Set(units.map((u) => u.code)) },
    );
    expect(everyone.units.every((u) => u.awardProbability === 1)).toBe(true);
  });

  it('Sobol indices are consistent: total ≥ first (within error), first-order sum ≤ 1', () => {
    const data = dataset(5);
    const sut = runSensitivity(
      framework,
      data,
      options,
      {
        replications: 2000,
        assumptions: {
          weights: { percent: 5 },
          normalisation: ['minmax', 'rank', 'percentile'],
          aggregation: ['arithmetic', 'harmonic'],
        },
        bootstrap: 200,
      },
      { runEvaluation },
    );
    for (const s of sut.sobol) {
      expect(s.total).toBeGreaterThanOrEqual(s.first - 0.05);
      expect(s.first).toBeGreaterThan(-0.1);
    }
    const bySum = sut.sobol.reduce((a, s) => a + s.first, 0);
    expect(bySum).toBeLessThan(1.1);
  });
});

describe('runSensitivityInWorkers', () => {
  let dir: string;
  let workerUrl: URL;
  beforeAll(async () => {
    // Node 20 cannot load TypeScript in a worker: bundle the worker entry as the CLI build does.
    // Inside the repository so that the bundle's npm imports (zod, yaml) resolve.
    const cache = path.resolve(here, '../../../../../node_modules/.cache');
    mkdirSync(cache, { recursive: true });
    dir = mkdtempSync(path.join(cache, 'zhili-sensitivity-'));
    const outfile = path.join(dir, 'worker.mjs');
    await esbuild.build({
      entryPoints: [path.join(here, 'sensitivity.worker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      plugins: [
        {
          name: 'workspace',
          setup(build) {
            build.onResolve({ filter: /^@zhili\/contracts$/ }, () => ({
              path: path.resolve(here, '../../../../contracts/src/index.ts'),
            }));
          },
        },
      ],
      logLevel: 'warning',
    });
    workerUrl = pathToFileURL(outfile);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives exactly the single-thread result for the same seed, with progress', async () => {
    const data = dataset(21, 5, 14);
    const settings = {
      replications: 700,
      seed: 42,
      keepRanks: true,
      bootstrap: 200,
      assumptions: {
        weights: { percent: 25 },
        aggregation: ['framework', 'geometric'] as ('framework' | 'geometric')[],
        dropIndicator: true,
      },
    };
    const single = runSensitivity(framework, data, options, settings, { runEvaluation });
    const plan = planSensitivity(framework, data, options, settings, runEvaluation);
    const seen: number[] = [];
    const sut = await runSensitivityInWorkers(plan, {
      workers: 2,
      workerUrl,
      minWorkPerWorker: 0,
      onProgress: (done) => seen.push(done),
    });
    expect(sut).toEqual(single);
    expect(seen.at(-1)).toBe(single.replications.length);
  });

  it('slices of one plan run anywhere give the same ranks as one pass', () => {
    const plan = planSensitivity(
      framework,
      dataset(2),
      options,
      { replications: 300, assumptions: { weights: { percent: 20 } } },
      runEvaluation,
    );
    const whole = runReplications(plan, 0, 300);
    const half = runReplications(plan, 150, 300);
    expect(Array.from(half.ranks)).toEqual(Array.from(whole.ranks.subarray(150 * plan.model.units.length)));
  });
});
