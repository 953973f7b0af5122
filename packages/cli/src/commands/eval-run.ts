import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ImputationMethod, type Framework, type RunOptions, type RunResult } from '@zhili/contracts';
import { awardUnits, buildRunWorkbook, EvaluationEngineError, runEvaluation, type AwardOutcome } from '@zhili/server';
import { fail } from '../context.ts';
import { evalCommand, formatProblem, readData, readFramework, yearsOf } from './eval-files.ts';

/** The JSON `zhili eval run` prints (documented in docs/evaluation.md; keep them in step). */
export interface EvalRunJson {
  year: number;
  framework: { code: string; version: number };
  units: {
    code: string;
    name: string;
    level: string;
    parent: string | null;
    score: number;
    rank: number;
    awarded: boolean;
    vetoed: boolean;
    vetoReasons: string[];
    bonus: number;
    scores: Record<string, number>;
  }[];
  champion: string | null;
  caps: Record<string, { units: number; cap: number; awarded: number }>;
  explanation: string[];
}

/** Builds the documented JSON from a run and its awards. */
export function evalRunJson(framework: Framework, result: RunResult, awards: AwardOutcome): EvalRunJson {
  return {
    year: result.year,
    framework: { code: framework.code, version: framework.version },
    units: result.units.map((u) => ({
      code: u.code,
      name: u.name,
      level: u.level,
      parent: u.parent,
      score: u.score,
      rank: u.rank,
      awarded: awards.awarded.has(u.code),
      vetoed: u.vetoed,
      vetoReasons: u.vetoReasons,
      bonus: u.bonus,
      scores: u.scores,
    })),
    champion: awards.champion,
    caps: awards.caps,
    explanation: awards.explanation,
  };
}

/** RFC 4180 quoting, only where needed. */
const csvCell = (v: string | number | boolean | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per unit: identity, rank, score, award, veto, then every node's score. */
export function evalRunCsv(json: EvalRunJson, nodeCodes: string[]): string {
  const header = ['code', 'name', 'level', 'parent', 'rank', 'score', 'awarded', 'vetoed', 'bonus', ...nodeCodes];
  const rows = json.units.map((u) =>
    [
      u.code,
      u.name,
      u.level,
      u.parent,
      u.rank,
      u.score,
      u.awarded,
      u.vetoed,
      u.bonus,
      ...nodeCodes.map((c) => u.scores[c] ?? null),
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

/** Townships per county from a region CSV (`code,name,level,parent_code`), for the award caps. */
function childCounts(file: string, level: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
    const [, , lv, parent] = line.split(',');
    if (lv?.trim() === level && parent?.trim()) counts[parent.trim()] = (counts[parent.trim()] ?? 0) + 1;
  }
  return counts;
}

interface RunOpts {
  framework: string;
  data: string;
  year?: string;
  format?: string;
  out?: string;
  impute?: string;
  groupBy?: string;
  winsorise?: boolean;
  screen?: string;
  regions?: string;
}

/** Run options from the flags; bad values end the command with one clear line. */
function runOptions(opts: RunOpts, year: number): RunOptions {
  const options: RunOptions = { year };
  if (opts.impute) {
    const method = ImputationMethod.safeParse(opts.impute);
    if (!method.success) fail(`--impute must be one of ${ImputationMethod.options.join(', ')}`);
    options.imputation = { method: method.data, ...(opts.groupBy ? { groupBy: opts.groupBy } : {}) };
  }
  if (opts.winsorise) options.outliers = { method: 'winsorise' };
  if (opts.screen !== undefined) {
    const share = Number(opts.screen);
    if (!(share >= 0 && share <= 1)) fail('--screen takes a share between 0 and 1, e.g. 0.9');
    options.screening = { minAvailability: share };
  }
  return options;
}

/**
 * `zhili eval run --framework F --data D [--year Y] [--format json|csv|xlsx] [--out FILE]`:
 * evaluates the data file with the framework for one year (default: the latest in the data),
 * applies the framework's award rules and prints or writes the result.
 */
export function registerEvalRun(program: Command): void {
  evalCommand(program)
    .command('run')
    .description('计算综合评价和奖项 / evaluate a data file and decide the awards')
    .requiredOption('--framework <file>', '框架 YAML / framework YAML')
    .requiredOption('--data <file>', '数据 CSV 或 XLSX / data CSV or XLSX')
    .option('--year <year>', '评价年度（默认数据中最新年度）/ year (default: the latest in the data)')
    .option('--format <format>', 'json | csv | xlsx (default: from --out, else json)')
    .option('--out <file>', '输出文件（默认标准输出）/ output file (default: stdout)')
    .option('--impute <method>', `缺失值插补 / imputation: ${ImputationMethod.options.join(' | ')}`)
    .option('--group-by <column>', '分组均值插补的分组列 / group column for groupMean')
    .option('--winsorise', '按 COINr 方法处理异常值 / treat outliers as COINr does')
    .option('--screen <share>', '数据可得性筛选阈值 / drop units below this share of available indicators')
    .option(
      '--regions <csv>',
      '区划 CSV，用于按区县乡镇总数计算名额上限 / region CSV: caps count every township of the tree',
    )
    .action(async (opts: RunOpts) => {
      const { framework, problems: fp } = readFramework(opts.framework);
      if (!framework) fail(`the framework is invalid / 框架有误：\n${fp.map(formatProblem).join('\n')}`);
      const { data, problems } = await readData(opts.data, framework);
      if (!data?.ok)
        fail(`the data has ${problems.length} problem(s) / 数据有误：\n${problems.map(formatProblem).join('\n')}`);
      const years = yearsOf(data.dataset);
      const year = opts.year !== undefined ? Number(opts.year) : years.at(-1);
      if (year === undefined || !Number.isInteger(year)) fail('--year must be a year, e.g. 2023');
      if (!years.includes(year)) fail(`no data for ${year}; the data holds ${years.join(', ')}`);
      const format = opts.format ?? (opts.out ? path.extname(opts.out).slice(1).toLowerCase() : 'json');
      if (format !== 'json' && format !== 'csv' && format !== 'xlsx') fail('--format must be json, csv or xlsx');
      if (format === 'xlsx' && !opts.out && process.stdout.isTTY) fail('xlsx is binary: give --out FILE');

      let result: RunResult;
      try {
        result = runEvaluation(framework, data.dataset, runOptions(opts, year));
      } catch (err) {
        if (err instanceof EvaluationEngineError) fail(`${err.code} ${err.path}: ${err.messageZh} / ${err.message}`);
        throw err;
      }
      const perParent =
        opts.regions && framework.awards?.township
          ? childCounts(opts.regions, framework.awards.township.level)
          : undefined;
      const awards = awardUnits(result, framework.awards ?? {}, perParent);
      const json = evalRunJson(framework, result, awards);

      let output: string | Uint8Array;
      if (format === 'json') output = `${JSON.stringify(json, null, 2)}\n`;
      else if (format === 'csv')
        output = evalRunCsv(
          json,
          result.nodes.map((n) => n.code),
        );
      else {
        const unitNames = Object.fromEntries(result.units.map((u) => [u.code, u.name]));
        output = await buildRunWorkbook({
          frameworkCode: framework.code,
          frameworkVersion: framework.version,
          year,
          version: 1,
          status: 'draft',
          result,
          awards: { ...awards, awarded: [...awards.awarded] },
          unitNames,
        });
      }
      if (!opts.out) {
        // A reader that stops early (`| head`) is not an error.
        process.stdout.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'EPIPE') process.exit(0);
          throw err;
        });
        process.stdout.write(output);
        return;
      }
      writeFileSync(opts.out, output);
      const champ = result.units.find((u) => u.code === awards.champion);
      process.stdout.write(
        `wrote ${opts.out}: ${year}, ${result.units.length} units, ${awards.counties.length} county awards, ` +
          `${awards.townships.length} township awards, champion ${champ ? `${champ.name}(${champ.code})` : 'none'}\n`,
      );
    });
}
