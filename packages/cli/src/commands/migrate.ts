import type { Command } from 'commander';
import { runMigrations } from '@zhili/server';
import { configFrom, withDatabase } from '../context.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('执行数据库迁移 / apply database migrations (safe while other processes start)')
    .option('--data-dir <dir>', 'data directory')
    .action(async (opts: { dataDir?: string }) => {
      await withDatabase(configFrom(opts), async (_ctx, connection) => {
        await runMigrations(connection.database.pool);
      });
      process.stdout.write('migrations applied\n');
    });
}
