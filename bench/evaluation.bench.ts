/**
 * Evaluation engine: 40,000 units × 28 indicators, one year, full run (mean imputation, COINr
 * outlier treatment, min-max, fixed weights, two-level weighted arithmetic mean, ranks,
 * contributions, awards) — median of N runs. Baseline measured in the same run: a straightforward
 * implementation of the core (mean imputation, min-max, two-level weighted mean, ranking) with an
 * object per unit and per-cell lookups, as one would first write it.
 */
import os from 'node:os';
import { Framework, type Dataset, type PanelRow } from '@zhili/contracts';
import { awardUnits } from '../packages/server/src/modules/evaluation/awards.engine.ts';
import { runEvaluation } from '../packages/server/src/modules/evaluation/evaluation.engine.ts';
import { evaluateModel } from '../packages/server/src/modules/evaluation/pipeline.engine.ts';

const UNITS = Number(process.env.ZHILI_BENCH_UNITS ?? 40_000);
const RUNS = Number(process.env.ZHILI_BENCH_RUNS ?? 5);
const GROUPS = [9, 9, 10]; // 3 first-level + 28 indicators, as the Huzhou framework

// Deterministic data: a few outliers, 2% missing.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const codes = GROUPS.flatMap((n, g) => Array.from({ length: n }, (_, k) => `I${g}_${k}`));
const framework = Framework.parse({
  code: 'bench',
  name: { zh: '基准', en: 'bench' },
  unitLevels: ['township'],
  index: {
    code: 'Index',
    name: { zh: '综合指数', en: 'Index' },
    children: GROUPS.map((n, g) => ({
      code: `G${g}`,
      name: { zh: `一级${g}`, en: `G${g}` },
      weight: [0.4, 0.35, 0.25][g],
      children: Array.from({ length: n }, (_, k) => ({
        code: `I${g}_${k}`,
        name: { zh: `指标${g}-${k}`, en: `I${g}_${k}` },
        indicator: true,
        direction: k % 3 === 0 ? -1 : 1,
        weight: 1 + (k % 2),
      })),
    })),
  },
  awards: { township: { level: 'township', perParentCapShare: 0.5, totalQuota: 5000 } },
});
const units = Array.from({ length: UNITS }, (_, i) => ({
  code: `T${i}`,
  name: `乡镇${i}`,
  level: 'township',
  parent: `C${i % 50}`,
}));
const rows: PanelRow[] = [];
for (const u of units) {
  for (const c of codes) {
    const r = rand();
    rows.push({
      unit: u.code,
      indicator: c,
      year: 2023,
      value: r < 0.02 ? null : r > 0.9995 ? 1e4 * rand() : 100 * rand(),
    });
  }
}
const data: Dataset = { units, rows };
const options = { year: 2023, imputation: { method: 'mean' as const }, outliers: { method: 'winsorise' as const } };

/** The straightforward version: objects per unit, per-cell lookups, sort-based ranks. */
function baseline(d: Dataset): Map<string, number> {
  const table = new Map<string, Record<string, number | null>>();
  for (const r of d.rows) {
    if (r.year !== 2023) continue;
    const row = table.get(r.unit) ?? {};
    row[r.indicator] = r.value;
    table.set(r.unit, row);
  }
  const leaves = framework.index.children!.flatMap((g) => g.children!);
  for (const ind of leaves) {
    const present = [...table.values()].map((r) => r[ind.code]).filter((v): v is number => v != null);
    const mean = present.reduce((a, b) => a + b, 0) / present.length;
    for (const r of table.values()) if (r[ind.code] == null) r[ind.code] = mean;
    const vals = [...table.values()].map((r) => r[ind.code]!);
    const min = Math.min(...vals);
    const max = Math.max(...vals);
    for (const r of table.values()) {
      const v = r[ind.code]!;
      r[ind.code] = ind.direction === 1 ? ((v - min) / (max - min)) * 100 : ((max - v) / (max - min)) * 100;
    }
  }
  const scores = [...table.entries()].map(([code, r]) => {
    let total = 0;
    let tw = 0;
    for (const g of framework.index.children!) {
      let s = 0;
      let w = 0;
      for (const c of g.children!) {
        s += c.weight * r[c.code]!;
        w += c.weight;
      }
      total += g.weight * (s / w);
      tw += g.weight;
    }
    return { code, score: total / tw };
  });
  scores.sort((a, b) => b.score - a.score);
  const ranks = new Map<string, number>();
  scores.forEach((s, i) =>
    ranks.set(s.code, i > 0 && s.score === scores[i - 1]!.score ? ranks.get(scores[i - 1]!.code)! : i + 1),
  );
  return ranks;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
/**
 * Wall-clock and CPU milliseconds of each run. CPU time is reported too because on a shared
 * machine wall time includes waiting for a core; a single-threaded run's CPU time does not.
 */
function time(fn: () => void): { wall: number; cpu: number } {
  // Warm-up: let the optimising compiler finish before measuring the steady state.
  for (let w = 0; w < 3; w++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}
const fmt = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(1)} ms (CPU ${t.cpu.toFixed(1)} ms)`;

/** The hot path: the column-wise model, then awards read straight from its rank columns. */
function hotPath() {
  const model = evaluateModel(framework, data, options);
  const ranked = model.levels.flatMap((m) =>
    m.units.map((u, i) => ({
      code: u.code,
      name: u.name,
      level: u.level,
      parent: u.parent ?? null,
      score: m.total[i]!,
      rank: m.ranks[i]!,
      vetoed: m.vetoReasons[i] != null,
    })),
  );
  return awardUnits({ units: ranked }, framework.awards ?? {});
}

const core = time(hotPath);
const full = time(() => {
  const r = runEvaluation(framework, data, options);
  awardUnits(r, framework.awards ?? {});
});
const base = time(() => baseline(data));
const [l1, l5, l15] = os.loadavg();
console.log(
  `${UNITS} units × ${codes.length} indicators, one year, median of ${RUNS}; load average ${l1!.toFixed(1)} ${l5!.toFixed(1)} ${l15!.toFixed(1)} on ${os.availableParallelism()} cores`,
);
console.log(
  `hot path (rows → impute, treat, normalise, weight, aggregate, rank, awards): ${fmt(core)}  target ≤ 100 ms   [baseline ratio ${(base.wall / core.wall).toFixed(1)}×, CPU ${(base.cpu / core.cpu).toFixed(1)}×]`,
);
console.log(
  `full run incl. per-unit result objects (scores, raw, contributions records): ${fmt(full)}   [baseline ratio ${(base.wall / full.wall).toFixed(1)}×, CPU ${(base.cpu / full.cpu).toFixed(1)}×]`,
);
console.log(
  `straightforward baseline (mean impute, min-max, two-level weighted mean, ranks; objects per unit): ${fmt(base)}`,
);
