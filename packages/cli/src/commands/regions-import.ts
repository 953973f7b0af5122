import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError, importRegionsCsv } from '@zhili/server';
import { configFrom, fail, withDatabase } from '../context.ts';

export function registerRegionsImport(program: Command): void {
  program
    .command('regions')
    .description('行政区划 / regions')
    .command('import <csv>')
    .description('导入区划 CSV（全部成功或全部不导入）/ import a regions CSV: all rows or none')
    .option('--data-dir <dir>', 'data directory')
    .action(async (file: string, opts: { dataDir?: string }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        fail(`cannot read ${file}: ${(err as Error).message}`);
      }
      try {
        const result = await withDatabase(configFrom(opts), (ctx) => importRegionsCsv(ctx, text));
        process.stdout.write(`imported ${result.imported} new regions, updated ${result.updated}\n`);
      } catch (err) {
        if (err instanceof AppError) {
          const rows = err.details.map((d) => `  ${d.path}: ${d.message}`).join('\n');
          fail(`${err.spec.en} — nothing was imported\n${rows}`);
        }
        throw err;
      }
    });
}
