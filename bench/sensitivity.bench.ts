/**
 * Sensitivity analysis throughput (`npm run bench -- sensitivity`):
 *  1. the Huzhou demo (5 counties + 72 townships, 28 indicators), 10,000 replications over
 *     weights ±20 %, two normalisations, two aggregations and dropping any indicator, with the
 *     framework's award rules — target ≤ 2 s;
 *  2. 40,000 synthetic units × 28 indicators, 1,000 replications — target ≤ 30 s on both cores.
 * Each is timed on one thread (baseline) and on worker threads, in the same run, and the two
 * results are checked equal. Workers load this very bundle (see sensitivity.worker.ts).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFrameworkYaml, type Dataset, type Framework, type PanelRow, type UnitInfo } from '@zhili/contracts';
import { runEvaluation } from '../packages/server/src/modules/evaluation/evaluation.engine.ts';
import { parseDatasetCsv } from '../packages/server/src/modules/evaluation/data-import.engine.ts';
import {
  frameworkAward,
  planSensitivity,
  runReplications,
  summariseSensitivity,
  type SensitivityPlan,
} from '../packages/server/src/modules/evaluation/sensitivity.engine.ts';
import {
  defaultWorkerCount,
  isSensitivityWorker,
  runSensitivityInWorkers,
} from '../packages/server/src/modules/evaluation/sensitivity.worker.ts';
import { designReplications } from '../packages/server/src/modules/evaluation/sobol.engine.ts';
import { seededRandom } from '../packages/server/src/modules/evaluation/sobol.engine.ts';

/** One thread: plan already built, replications + summary. */
function singleThread(plan: SensitivityPlan) {
  const award = frameworkAward(plan.model);
  const slice = runReplications(plan, 0, designReplications(plan.design), { award });
  return summariseSensitivity(plan, [slice], { awards: award !== null });
}

/** Wall time, and CPU time of the whole process (every thread): on a busy machine the wall
 * clock measures the neighbours; CPU seconds still show what the work costs. */
async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; secs: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, secs: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/** 40,000 units: 400 counties of 99 townships, every indicator of the framework, one year. */
function syntheticData(framework: Framework, units: number): Dataset {
  const codes: string[] = [];
  const walk = (n: Framework['index']) => (n.indicator ? codes.push(n.code) : n.children?.forEach(walk));
  walk(framework.index);
  const rnd = seededRandom(2026);
  const list: UnitInfo[] = [];
  const counties = Math.max(1, Math.round(units / 100));
  for (let c = 0; c < counties; c++) {
    const county = `C${c}`;
    list.push({ code: county, name: `县${c}`, level: 'county', parent: null });
    for (let t = 0; list.length < ((c + 1) * units) / counties; t++)
      list.push({ code: `${county}T${t}`, name: `镇${c}-${t}`, level: 'township', parent: county });
  }
  const rows: PanelRow[] = [];
  for (const u of list)
    for (const indicator of codes) rows.push({ unit: u.code, indicator, year: 2023, value: 10 + 90 * rnd() });
  return { units: list, rows };
}

async function compare(label: string, plan: SensitivityPlan, target: number): Promise<void> {
  const reps = designReplications(plan.design);
  const one = await timed(() => singleThread(plan));
  const workers = defaultWorkerCount();
  const many = await timed(() => runSensitivityInWorkers(plan, { workers, minWorkPerWorker: 0 }));
  const same = JSON.stringify(one.value) === JSON.stringify(many.value);
  const f = (n: number) => n.toFixed(2).padStart(7);
  console.log(`${label}: ${reps} replications, ${plan.model.units.length} units, ${plan.model.factors.length} factors`);
  console.log(
    `  one thread (baseline)  wall ${f(one.secs)} s  cpu ${f(one.cpu)} s  ${((one.secs / reps) * 1e3).toFixed(3)} ms/replication`,
  );
  console.log(
    `  ${workers} worker threads       wall ${f(many.secs)} s  cpu ${f(many.cpu)} s  speed-up ${(one.secs / many.secs).toFixed(2)}×  target ≤ ${target} s: ${Math.min(one.secs, many.secs) <= target ? 'met' : 'MISSED'}`,
  );
  console.log(`  results identical: ${same ? 'yes' : 'NO'}`);
  if (!same) process.exitCode = 1;
}

async function main(): Promise<void> {
  const root = process.cwd();
  const framework = parseFrameworkYaml(readFileSync(path.join(root, 'demo/evaluation/huzhou.yaml'), 'utf8'));
  const parsed = parseDatasetCsv(readFileSync(path.join(root, 'demo/evaluation/huzhou-data.csv'), 'utf8'), {
    framework,
  });
  if (!parsed.ok) throw new Error(`demo data invalid: ${parsed.issues.length} issues`);
  const settings = {
    replications: 10_000,
    assumptions: {
      weights: { percent: 20 },
      normalisation: ['framework' as const, 'rank' as const],
      aggregation: ['framework' as const, 'geometric' as const],
      dropIndicator: true,
    },
  };
  const prep = await timed(() => planSensitivity(framework, parsed.dataset, { year: 2023 }, settings, runEvaluation));
  console.log(`Huzhou model prepared (4 engine runs) in ${(prep.secs * 1e3).toFixed(0)} ms`);
  // Warm-up: the JIT, not the analysis, would otherwise dominate the first timing.
  singleThread(
    planSensitivity(framework, parsed.dataset, { year: 2023 }, { ...settings, replications: 700 }, runEvaluation),
  );
  const load = os.loadavg()[0]!;
  console.log(`load average ${load.toFixed(1)} on ${defaultWorkerCount()} cores (wall times assume an idle machine)`);
  await compare('Huzhou demo', prep.value, 2);

  const big = syntheticData(framework, 40_000);
  const bigPrep = await timed(() =>
    planSensitivity(framework, big, { year: 2023 }, { ...settings, replications: 1000 }, runEvaluation),
  );
  console.log(`\n40,000-unit model prepared in ${bigPrep.secs.toFixed(2)} s`);
  await compare('40,000 units', bigPrep.value, 30);
  // maxRSS counts the whole process, worker threads included (KiB).
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (all threads)`);
}

// Worker threads load this bundle too: there, sensitivity.worker.ts serves and main() stays idle.
if (!isSensitivityWorker()) await main();
