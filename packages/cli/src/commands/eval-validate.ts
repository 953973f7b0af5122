import type { Command } from 'commander';
import { EvaluationEngineError, runEvaluation } from '@zhili/server';
import { evalCommand, formatProblem, readData, readFramework, yearsOf, type FileProblem } from './eval-files.ts';

/** Counts the indicator leaves of a framework tree. */
function countIndicators(node: { indicator?: boolean; children?: unknown[] }): number {
  if (node.indicator) return 1;
  return (node.children ?? []).reduce<number>((s, c) => s + countIndicators(c as typeof node), 0);
}

/**
 * `zhili eval validate --framework F [--data D]`: checks a framework and, when given, a data file
 * against it; prints every problem and exits 1 on any. With data, the latest year is also run
 * through the engine, so refusals that need the numbers (an inconsistent AHP matrix, negative
 * scores under a geometric mean) show up here and not in front of the evaluation office.
 */
export function registerEvalValidate(program: Command): void {
  evalCommand(program)
    .command('validate')
    .description('校验评价框架和数据，列出全部问题 / check a framework (and data) and list every problem')
    .requiredOption('--framework <file>', '框架 YAML / framework YAML')
    .option('--data <file>', '数据 CSV 或 XLSX / data CSV or XLSX (wide or long)')
    .action(async (opts: { framework: string; data?: string }) => {
      const problems: FileProblem[] = [];
      const lines: string[] = [];
      const { framework, problems: fp } = readFramework(opts.framework);
      problems.push(...fp);
      if (framework) {
        lines.push(
          `framework ${framework.code} v${framework.version}: ${countIndicators(framework.index)} indicators, levels ${framework.unitLevels.join(', ')}`,
        );
      }
      if (opts.data) {
        const { data, problems: dp } = await readData(opts.data, framework);
        problems.push(...dp);
        if (data?.ok) {
          const years = yearsOf(data.dataset);
          lines.push(
            `data ${opts.data}: ${data.format}, ${data.dataset.units.length} units, ${data.indicators.length} columns, years ${years.join(', ')}`,
          );
          const year = years.at(-1);
          if (framework && year !== undefined) {
            try {
              runEvaluation(framework, data.dataset, { year });
              lines.push(`run ${year}: ok`);
            } catch (err) {
              if (!(err instanceof EvaluationEngineError)) throw err;
              problems.push({
                file: opts.framework,
                where: err.path || '(run)',
                code: err.code,
                message: `${err.messageZh} / ${err.message}`,
              });
            }
          }
        }
      }
      if (problems.length > 0) {
        process.stderr.write(
          `zhili: ${problems.length} problem(s) / 发现 ${problems.length} 个问题：\n${problems.map(formatProblem).join('\n')}\n`,
        );
        process.exit(1);
      }
      process.stdout.write(`${lines.join('\n')}\nvalid / 校验通过\n`);
    });
}
