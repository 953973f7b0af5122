import type { Command } from 'commander';
import { ApiKeyCreate } from '@zhili/contracts';
import { createApiKey } from '@zhili/server';
import { configFrom, fail, withDatabase } from '../context.ts';

interface ApiKeyOpts {
  name: string;
  scope?: string;
  role: string;
  dataDir?: string;
}

export function registerApiKeyCreate(program: Command): void {
  program
    .command('apikey')
    .description('API 密钥 / API keys for machine clients')
    .command('create')
    .description('创建 API 密钥（只显示一次）/ create an API key (printed once)')
    .requiredOption('--name <name>', 'what the key is for, e.g. "Open311 app"')
    .option('--scope <regionCode>', 'region subtree the key may act in (default: everywhere)')
    .option('--role <role>', 'role the key acts as', 'resident')
    .option('--data-dir <dir>', 'data directory')
    .action(async (opts: ApiKeyOpts) => {
      const input = ApiKeyCreate.safeParse({ name: opts.name, role: opts.role, regionCode: opts.scope ?? null });
      if (!input.success) fail(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const created = await withDatabase(configFrom(opts), (ctx) => createApiKey(ctx, input.data));
      process.stdout.write(`${created.key}\n`);
      process.stderr.write(`API key "${created.name}" (${created.id}) created; it is shown only this once.\n`);
    });
}
