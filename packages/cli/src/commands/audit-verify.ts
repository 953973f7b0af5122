import type { Command } from 'commander';
import { sealAudit, verifyAudit } from '@zhili/server';
import { configFrom, withDatabase } from '../context.ts';

export function registerAuditVerify(program: Command): void {
  program
    .command('audit')
    .description('审计日志 / audit log')
    .command('verify')
    .description('校验审计日志哈希链 / verify the audit hash chain; exits 1 at the first tampered row')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { dataDir?: string; json?: boolean }) => {
      const report = await withDatabase(configFrom(opts), async (ctx) => {
        // Chain whatever is still unsealed first so the check covers every row written so far.
        while ((await sealAudit(ctx.db)) > 0);
        return verifyAudit(ctx.db);
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else if (report.ok) process.stdout.write(`audit chain intact: ${report.checked} rows verified\n`);
      else {
        const t = report.firstTampered;
        process.stdout.write(
          `audit chain BROKEN at seq ${t?.seq} (row id ${t?.id}): ${t?.reason}; ${report.checked} rows before it are intact\n`,
        );
      }
      if (!report.ok) process.exitCode = 1;
    });
}
