/**
 * Evaluation engine (`npm run bench -- evaluation`), each case against a baseline measured in the
 * same run (median of ZHILI_BENCH_RUNS ≥ 7 runs, wall and CPU time: the machine is shared):
 *  1. 40,000 units × 28 indicators, one year, full run from the columnar dataset: mean
 *     imputation, COINr outlier treatment, min-max, fixed weights, two-level weighted arithmetic
 *     mean, ranks, veto/bonus, awards (township caps + quota) — target ≤ 100 ms. Results stay
 *     columnar; building the per-unit result objects is timed on its own line. Baseline: the core
 *     (mean imputation, min-max, two-level weighted mean, ranking) with an object per unit.
 *  2. COINr's ASEM example (examples/evaluation/asem.yaml, 51 countries × 49 indicators):
 *     denominate, group-mean impute, screen, winsorise/log, min-max 0–100, arithmetic mean by
 *     level, rank — one replication, target ≥ 50× faster than a plain object-per-cell version of
 *     the same steps (written below and checked to give the same Index). Timed twice: one full
 *     engine run, and one Monte Carlo replication (weights ±20 %, sensitivity engine, model
 *     prepared once) against the baseline re-run, as COINr re-runs the whole coin per replication.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Framework,
  parseFrameworkYaml,
  type Dataset,
  type FrameworkNode,
  type PanelRow,
  type RunOptions,
} from '@zhili/contracts';
import { awardUnits } from '../packages/server/src/modules/evaluation/awards.engine.ts';
import { toColumnar, type ColumnarDataset } from '../packages/server/src/modules/evaluation/columnar.engine.ts';
import { materialiseResult } from '../packages/server/src/modules/evaluation/evaluation.engine.ts';
import { awardModel } from '../packages/server/src/modules/evaluation/model-awards.engine.ts';
import { evaluateModel } from '../packages/server/src/modules/evaluation/pipeline.engine.ts';
import { asemToDataset } from '../packages/server/src/modules/evaluation/reference-data.ts';
import { planSensitivity, runReplications } from '../packages/server/src/modules/evaluation/sensitivity.engine.ts';
import { designReplications } from '../packages/server/src/modules/evaluation/sobol.engine.ts';
import { runEvaluation } from '../packages/server/src/modules/evaluation/evaluation.engine.ts';

const UNITS = Number(process.env.ZHILI_BENCH_UNITS ?? 40_000);
const RUNS = Math.max(7, Number(process.env.ZHILI_BENCH_RUNS ?? 9));
const GROUPS = [9, 9, 10]; // 3 first-level + 28 indicators, as the Huzhou framework

// Deterministic data: a few outliers, 2% missing.
let seed = 42;
// Math.imul keeps the product exact (a plain multiply passes 2^53 and falls into a short cycle).
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 2147483648;
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
/** The bench values in a fixed order: unit-major, indicator within unit; NaN = missing. */
function* values(): Generator<number> {
  seed = 42;
  for (let i = 0; i < UNITS * codes.length; i++) {
    const r = rand();
    yield r < 0.02 ? NaN : r > 0.9995 ? 1e4 * rand() : 100 * rand();
  }
}
// The columnar dataset is built directly: 1.12 M row objects are made only after the columnar
// run is timed, so that the collector does not trace them during it (as in a server holding
// columnar datasets).
const columnar: ColumnarDataset = { units, years: [2023], columns: [{}] };
for (const c of codes) columnar.columns[0]![c] = new Float64Array(UNITS);
{
  let at = 0;
  for (const v of values()) columnar.columns[0]![codes[at % codes.length]!]![Math.floor(at++ / codes.length)] = v;
}
const options: RunOptions = { year: 2023, imputation: { method: 'mean' }, outliers: { method: 'winsorise' } };

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

// ---- COINr's ASEM example ---------------------------------------------------------------------
const root = process.cwd();
const asemFramework = parseFrameworkYaml(readFileSync(path.join(root, 'examples/evaluation/asem.yaml'), 'utf8'));
const asemData = asemToDataset(readFileSync(path.join(root, '../shared/data/reference/ASEM_iData.csv'), 'utf8'));
const asemColumnar = toColumnar(asemData);
const asemOptions: RunOptions = {
  year: 2018,
  imputation: { method: 'groupMean', groupBy: 'EurAsia_group' },
  screening: { minAvailability: 0.9 },
  outliers: { method: 'winsorise', maxPoints: 5, skewThreshold: 2, kurtThreshold: 3.5, logFallback: true },
};

/** e1071 type-2 skew and kurtosis (as COINr), written plainly over an array of numbers. */
function shape(xs: number[]): { skew: number; kurt: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const m = (p: number) => xs.reduce((a, x) => a + (x - mean) ** p, 0);
  const skew = (((Math.sqrt(n) * m(3)) / m(2) ** 1.5) * Math.sqrt(n * (n - 1))) / (n - 2);
  const kurt = (((n + 1) * ((n * m(4)) / m(2) ** 2 - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
  return { skew, kurt };
}
const fails = (s: { skew: number; kurt: number }) => Math.abs(s.skew) >= 2 && s.kurt >= 3.5;

/**
 * The same ASEM steps written the first way that comes to mind: one object per unit holding its
 * cells by code, a fresh copy of the table at every step (as a data-frame pipeline does), values
 * gathered per indicator with map/filter, and the tree walked recursively for every unit.
 */
function asemBaseline(d: Dataset, fw: Framework): Map<string, number> {
  type Row = { unit: string; group: string; cells: Record<string, number | null> };
  let table: Row[] = d.units.map((u) => ({ unit: u.code, group: u.group?.EurAsia_group ?? '', cells: {} }));
  for (const r of d.rows) {
    if (r.year === 2018) table.find((t) => t.unit === r.unit)!.cells[r.indicator] = r.value;
  }
  const leaves: FrameworkNode[] = [];
  const walk = (n: FrameworkNode): void => void (n.indicator ? leaves.push(n) : n.children?.forEach(walk));
  walk(fw.index);
  const copy = (t: Row[]) => t.map((r) => ({ ...r, cells: { ...r.cells } }));
  table = copy(table).map((r) => {
    for (const ind of leaves) {
      const v = r.cells[ind.code];
      const den = ind.denominator ? r.cells[ind.denominator] : 1;
      r.cells[ind.code] = v == null || den == null ? null : v / den;
    }
    return r;
  });
  table = copy(table);
  for (const ind of leaves) {
    for (const r of table) {
      if (r.cells[ind.code] != null) continue;
      const peers = table.filter((p) => p.group === r.group && p.cells[ind.code] != null);
      r.cells[ind.code] = peers.length ? peers.reduce((a, p) => a + p.cells[ind.code]!, 0) / peers.length : null;
    }
  }
  table = table.filter((r) => leaves.filter((l) => r.cells[l.code] != null).length / leaves.length >= 0.9);
  table = copy(table);
  for (const ind of leaves) {
    const present = table.filter((r) => r.cells[ind.code] != null);
    const original = present.map((r) => r.cells[ind.code]!);
    if (!fails(shape(original))) continue;
    let xs = [...original];
    let high: number[] = [];
    let low: number[] = [];
    while (fails(shape(xs)) && high.length + low.length < 5) {
      const sign = shape(xs).skew >= 0 ? 1 : -1;
      const ext = sign === 1 ? Math.max(...xs) : Math.min(...xs);
      const rest = xs.filter((x) => x !== ext);
      if (rest.length === 0) break;
      const next = sign === 1 ? Math.max(...rest) : Math.min(...rest);
      const at = xs.flatMap((x, i) => (x === ext ? [i] : []));
      if (sign === 1) high = at;
      else low = at;
      xs = xs.map((x) => (x === ext ? next : x));
    }
    if (fails(shape(xs))) {
      const min = Math.min(...original);
      const max = Math.max(...original);
      xs = original.map((x) => Math.log(x - min + 0.01 * (max - min)));
    }
    present.forEach((r, i) => (r.cells[ind.code] = xs[i]!));
  }
  table = copy(table);
  for (const ind of leaves) {
    const vals = table.map((r) => r.cells[ind.code]).filter((v): v is number => v != null);
    const min = Math.min(...vals.map((v) => ind.direction * v));
    const max = Math.max(...vals.map((v) => ind.direction * v));
    for (const r of table) {
      const v = r.cells[ind.code];
      if (v != null) r.cells[ind.code] = ((ind.direction * v - min) / (max - min)) * 100;
    }
  }
  const score = (n: FrameworkNode, r: Row): number | null => {
    if (n.indicator) return r.cells[n.code] ?? null;
    const kids = (n.children ?? []).map((c) => ({ w: c.weight, v: score(c, r) })).filter((k) => k.v !== null);
    const w = kids.reduce((a, k) => a + k.w, 0);
    return kids.length ? kids.reduce((a, k) => a + k.w * k.v!, 0) / w : null;
  };
  return new Map(table.map((r) => [r.unit, score(fw.index, r)!]));
}

// ---- timing -----------------------------------------------------------------------------------
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
/**
 * Median wall-clock and CPU milliseconds of `fn` (divided by `reps` calls per sample). CPU time
 * is reported too because on a shared machine wall time includes waiting for a core.
 */
function time(fn: () => void, reps = 1, warm = 3): { wall: number; cpu: number } {
  // Warm-up: let the optimising compiler finish before measuring the steady state.
  for (let w = 0; w < warm * reps; w++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) fn();
    wall.push((performance.now() - t0) / reps);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000 / reps);
  }
  return { wall: median(wall), cpu: median(cpu) };
}
const fmt = (t: { wall: number; cpu: number }, d = 1) => `${t.wall.toFixed(d)} ms (CPU ${t.cpu.toFixed(d)} ms)`;
const ratio = (base: { wall: number; cpu: number }, t: { wall: number; cpu: number }) =>
  `${(base.wall / t.wall).toFixed(1)}× (CPU ${(base.cpu / t.cpu).toFixed(1)}×)`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The full run, results kept columnar: evaluation model + awards over typed arrays. */
const fullRun = (d: typeof columnar | Dataset) => awardModel(evaluateModel(framework, d, options), framework.awards!);

// Sanity: the columnar awards are the object path's awards.
{
  const model = evaluateModel(framework, columnar, options);
  const fast = awardModel(model, framework.awards!);
  const slow = awardUnits(materialiseResult(model), framework.awards!);
  const winners = fast.units.filter((_, i) => fast.awarded[i] === 1).map((u) => u.code);
  if (winners.length !== slow.awarded.size || winners.some((c) => !slow.awarded.has(c)))
    throw new Error('columnar awards differ from awardUnits');
}
const loadBefore = load();
const full = time(() => fullRun(columnar));
const rows: PanelRow[] = [];
{
  let at = 0;
  for (const v of values()) {
    const k = at++;
    rows.push({
      unit: units[Math.floor(k / codes.length)]!.code,
      indicator: codes[k % codes.length]!,
      year: 2023,
      value: v === v ? v : null,
    });
  }
}
const data: Dataset = { units, rows };
{
  const back = toColumnar(data).columns[0]!;
  if (codes.some((c) => back[c]!.some((v, i) => !Object.is(v, columnar.columns[0]![c]![i]))))
    throw new Error('rows and columns differ');
}
const fromRows = time(() => fullRun(data));
const convert = time(() => toColumnar(data));
const objects = time(() => {
  const r = materialiseResult(evaluateModel(framework, columnar, options));
  awardUnits(r, framework.awards!);
});
const base = time(() => baseline(data), 1, 1);

const asemFast = time(() => evaluateModel(asemFramework, asemColumnar, asemOptions), 200);
const asemRows = time(() => evaluateModel(asemFramework, asemData, asemOptions), 200);
const asemBase = time(() => asemBaseline(asemData, asemFramework), 5);
// Monte Carlo: weights ±20 %, 1,024 Sobol' replications; the model is prepared once (one engine
// run), then each replication re-weights, aggregates and ranks. The baseline re-runs the whole
// pipeline per replication (as COINr's get_sensitivity regenerates the coin), so its cost per
// replication is the baseline run above.
const asemPlan = planSensitivity(
  asemFramework,
  asemData,
  asemOptions,
  { replications: 1000, assumptions: { weights: { percent: 20 } } },
  runEvaluation,
);
const asemReps = designReplications(asemPlan.design);
const asemMc = time(() => runReplications(asemPlan, 0, asemReps, { award: null }));
const asemMcPerRep = { wall: asemMc.wall / asemReps, cpu: asemMc.cpu / asemReps };
const asemCheck = (() => {
  const ref = asemBaseline(asemData, asemFramework);
  const model = evaluateModel(asemFramework, asemColumnar, asemOptions).levels[0]!;
  let worst = 0;
  model.units.forEach((u, i) => (worst = Math.max(worst, Math.abs(model.total[i]! - (ref.get(u.code) ?? NaN)))));
  return worst;
})();

console.log(
  `load average ${loadBefore} → ${load()} on ${os.availableParallelism()} cores; medians of ${RUNS} runs after warm-up`,
);
console.log(`\n${UNITS} units × ${codes.length} indicators, one year`);
console.log(
  `full run, columnar dataset (no row objects in the heap yet) → impute, treat, normalise, weight, aggregate, rank, veto/bonus, awards (results kept columnar): ${fmt(full)}  target ≤ 100 ms  ${full.wall <= 100 ? 'MET' : 'NOT MET'} (CPU ${full.cpu <= 100 ? 'met' : 'not met'})  [vs baseline ${ratio(base, full)}]`,
);
console.log(
  `same, from 1.12 M panel rows (conversion included): ${fmt(fromRows)}  [vs baseline ${ratio(base, fromRows)}]`,
);
console.log(`rows → columnar dataset conversion alone: ${fmt(convert)}`);
console.log(
  `full run + per-unit result objects (scores, raw, contributions records) + awardUnits: ${fmt(objects)}  [vs baseline ${ratio(base, objects)}]`,
);
console.log(`baseline (rows → mean impute, min-max, two-level weighted mean, ranks; objects per unit): ${fmt(base)}`);
console.log(`\nASEM (COINr example, 51 countries × 49 indicators + 4 denominators), per replication`);
console.log(
  `engine, columnar dataset (denominate, group-mean impute, screen, winsorise/log, min-max, aggregate, rank): ${fmt(asemFast, 3)}  [vs baseline ${ratio(asemBase, asemFast)}; target ≥ 50× ${asemBase.wall / asemFast.wall >= 50 ? 'MET' : 'NOT MET'}]`,
);
console.log(`engine, from panel rows: ${fmt(asemRows, 3)}  [vs baseline ${ratio(asemBase, asemRows)}]`);
console.log(
  `Monte Carlo replication (weights ±20 %, ${asemReps} per sample; model prepared once): ${fmt(asemMcPerRep, 4)}  [vs baseline ${ratio(asemBase, asemMcPerRep)}; target ≥ 50× ${asemBase.wall / asemMcPerRep.wall >= 50 ? 'MET' : 'NOT MET'}]`,
);
console.log(
  `baseline (same steps, object per unit and cell, table copied per step): ${fmt(asemBase, 3)}; max |Index − engine| = ${asemCheck.toExponential(1)}`,
);
