import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  ImputationMethod,
  SensitivityAssumptions,
  type RunOptions,
  type SensitivitySettingsInput,
} from '@zhili/contracts';
import {
  EvaluationEngineError,
  isSensitivityWorker,
  planSensitivity,
  runEvaluation,
  runSensitivityInWorkers,
} from '@zhili/server';
import { fail } from '../context.ts';
import { evalCommand, formatProblem, readData, readFramework, yearsOf } from './eval-files.ts';

interface SensitivityOpts {
  framework?: string;
  data?: string;
  runs?: string;
  year?: string;
  out?: string;
  weights?: string;
  normalisation?: string;
  aggregation?: string;
  imputation?: string;
  drop?: string;
  impute?: string;
  groupBy?: string;
  winsorise?: boolean;
  seed?: string;
  workers?: string;
  bootstrap?: string;
  output?: string;
  keepRanks?: boolean;
  worker?: boolean;
}

const list = (s: string | undefined): string[] | undefined =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

const int = (s: string | undefined, flag: string, min: number): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min) fail(`${flag} takes a whole number ≥ ${min}, got ${s}`);
  return n;
};

/** Assumptions from the flags; with none given: weights ±20 % and dropping any one indicator. */
function assumptionsFrom(opts: SensitivityOpts): SensitivityAssumptions {
  const given = opts.weights ?? opts.normalisation ?? opts.aggregation ?? opts.imputation ?? opts.drop;
  const raw = {
    ...(opts.weights !== undefined
      ? { weights: { percent: Number(opts.weights) } }
      : given
        ? {}
        : { weights: { percent: 20 } }),
    ...(opts.normalisation ? { normalisation: list(opts.normalisation) } : {}),
    ...(opts.aggregation ? { aggregation: list(opts.aggregation) } : {}),
    ...(opts.imputation ? { imputation: list(opts.imputation) } : {}),
    ...(opts.drop !== undefined
      ? { dropIndicator: opts.drop === 'all' ? true : opts.drop === 'none' ? false : list(opts.drop) }
      : given
        ? {}
        : { dropIndicator: true }),
  };
  const parsed = SensitivityAssumptions.safeParse(raw);
  if (!parsed.success)
    fail(`bad assumptions: ${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * `zhili eval sensitivity --framework F --data D --runs N [--year Y] [--out FILE]`: Monte Carlo
 * uncertainty and Sobol' sensitivity analysis on worker threads, with a progress bar on stderr;
 * prints (or writes) the JSON documented in docs/evaluation-sensitivity.md.
 */
export function registerEvalSensitivity(program: Command): void {
  evalCommand(program)
    .command('sensitivity')
    .description('不确定性与敏感性分析（Sobol）/ uncertainty and sensitivity analysis (Sobol)')
    .option('--framework <file>', '框架 YAML / framework YAML')
    .option('--data <file>', '数据 CSV 或 XLSX / data CSV or XLSX')
    .option('--runs <n>', '重复次数 / replications in total', '1000')
    .option('--year <year>', '评价年度（默认最新）/ year (default: the latest in the data)')
    .option('--out <file>', '输出 JSON 文件（默认标准输出）/ output JSON file (default: stdout)')
    .option('--weights <percent>', '权重扰动 ±% / each weight × U(1 − p%, 1 + p%)')
    .option('--normalisation <list>', 'framework,minmax,zscore,rank,percentile')
    .option('--aggregation <list>', 'framework,arithmetic,geometric,harmonic')
    .option('--imputation <list>', `framework,${ImputationMethod.options.join(',')}`)
    .option('--drop <list>', '可剔除的指标 / indicators that may be dropped: all | none | CODE,CODE')
    .option('--impute <method>', '基准插补方法 / the run’s own imputation')
    .option('--group-by <column>', '分组均值插补的分组列 / group column for groupMean')
    .option('--winsorise', '按 COINr 方法处理异常值 / treat outliers as COINr does')
    .option('--seed <n>', '随机种子 / seed of the Sobol shift and bootstrap', '1')
    .option('--workers <n>', '线程数（默认全部核心）/ worker threads (default: every core)')
    .option('--bootstrap <n>', 'Bootstrap 次数 / bootstrap resamples', '1000')
    .option('--output <rank|score>', 'Sobol 指数所依据的输出 / output of the indices', 'rank')
    .option('--keep-ranks', '输出每次重复的各单位排名 / keep every replication’s ranks')
    .option('--worker', '（内部）工作线程入口 / (internal) worker-thread entry')
    .action(async (opts: SensitivityOpts) => {
      // A worker thread loads this same bundle: it serves slices from sensitivity.worker.ts.
      if (isSensitivityWorker()) return;
      if (!opts.framework || !opts.data) fail('--framework and --data are required');
      const replications = int(opts.runs, '--runs', 1)!;
      const assumptions = assumptionsFrom(opts);
      const { framework, problems: fp } = readFramework(opts.framework);
      const { data, problems: dp } = framework
        ? await readData(opts.data, framework)
        : { data: undefined, problems: [] };
      const problems = [...fp, ...dp];
      if (!framework || !data?.ok || problems.length)
        fail(`输入有误 / invalid input:\n${problems.map(formatProblem).join('\n')}`);
      const years = yearsOf(data.dataset);
      const year = opts.year !== undefined ? int(opts.year, '--year', 0)! : years.at(-1);
      if (year === undefined) fail('the data file has no year');
      const options: RunOptions = { year };
      if (opts.impute) {
        const method = ImputationMethod.safeParse(opts.impute);
        if (!method.success) fail(`--impute must be one of ${ImputationMethod.options.join(', ')}`);
        options.imputation = { method: method.data, ...(opts.groupBy ? { groupBy: opts.groupBy } : {}) };
      }
      if (opts.winsorise) options.outliers = { method: 'winsorise' };
      if (opts.output !== 'rank' && opts.output !== 'score') fail('--output is rank or score');
      const settings: SensitivitySettingsInput = {
        replications,
        assumptions,
        seed: int(opts.seed, '--seed', 0)!,
        bootstrap: int(opts.bootstrap, '--bootstrap', 0)!,
        sobolOutput: opts.output,
        keepRanks: opts.keepRanks === true,
      };

      let plan;
      try {
        plan = planSensitivity(framework, data.dataset, options, settings, runEvaluation);
      } catch (err) {
        if (err instanceof EvaluationEngineError) fail(`${err.messageZh} / ${err.message}`);
        throw err;
      }
      const bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: '敏感性分析 sensitivity [{bar}] {percentage}% | {value}/{total} | ETA {eta}s',
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(plan.design.n * (plan.design.groups.length + 2), 0);
      const workers = int(opts.workers, '--workers', 1);
      const result = await runSensitivityInWorkers(plan, {
        ...(workers ? { workers } : {}),
        onProgress: (done) => bar.update(done),
      });
      bar.stop();
      const json = `${JSON.stringify(result, null, 2)}\n`;
      if (opts.out) writeFileSync(opts.out, json);
      else process.stdout.write(json);
    });
}
