import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FrameworkParseError, parseFrameworkYaml, type Dataset, type Framework } from '@zhili/contracts';
import { parseDatasetFile, type DataImportResult } from '@zhili/server';

/**
 * What the `zhili eval …` commands share: the `eval` command group and reading a framework and a
 * data file with every problem reported. These commands work on files only — no database.
 */

/** The `eval` group, created by whichever `eval-*` command registers first. */
export function evalCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'eval') ??
    program.command('eval').description('综合评价（生态鼎）/ composite evaluation (tripod award), on files')
  );
}

/** A problem in one of the input files, printed one per line. */
export interface FileProblem {
  file: string;
  where: string;
  code: string;
  message: string;
}

export const formatProblem = (p: FileProblem): string => `  ${p.file}: ${p.where}: [${p.code}] ${p.message}`;

function readBytes(file: string): Uint8Array | FileProblem {
  try {
    return readFileSync(file);
  } catch (err) {
    return { file, where: '(file)', code: 'unreadable', message: `无法读取 / cannot read: ${(err as Error).message}` };
  }
}

/** Reads and validates a framework YAML (or JSON) file. */
export function readFramework(file: string): { framework?: Framework; problems: FileProblem[] } {
  const bytes = readBytes(file);
  if (!(bytes instanceof Uint8Array)) return { problems: [bytes] };
  try {
    return { framework: parseFrameworkYaml(new TextDecoder().decode(bytes)), problems: [] };
  } catch (err) {
    if (!(err instanceof FrameworkParseError)) throw err;
    return {
      problems: err.issues.map((i) => ({ file, where: i.path || '(root)', code: i.code, message: i.message })),
    };
  }
}

/** Reads a CSV or XLSX data file against the framework, listing every problem with row and column. */
export async function readData(
  file: string,
  framework: Framework | undefined,
): Promise<{ data?: DataImportResult; problems: FileProblem[] }> {
  const bytes = readBytes(file);
  if (!(bytes instanceof Uint8Array)) return { problems: [bytes] };
  const data = await parseDatasetFile(bytes, framework ? { framework } : {});
  return {
    data,
    problems: data.issues.map((i) => ({
      file,
      where: `row ${i.row}${i.column ? `, column ${i.column}` : ''}`,
      code: i.code,
      message: i.message,
    })),
  };
}

/** Years present in a dataset, ascending. */
export function yearsOf(dataset: Dataset): number[] {
  return [...new Set(dataset.rows.map((r) => r.year))].sort((a, b) => a - b);
}
