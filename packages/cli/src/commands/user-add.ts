import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { AccountCreate, Role, type RoleAssignmentInput } from '@zhili/contracts';
import { createAccount } from '@zhili/server';
import { configFrom, fail, withDatabase } from '../context.ts';

interface UserAddOpts {
  username: string;
  displayName?: string;
  password?: string;
  role: string[];
  dataDir?: string;
}

/** `--role dispatcher@330383` → a role assignment; a role without `@` applies everywhere. */
export function parseRoleSpec(spec: string): RoleAssignmentInput {
  const [role, region] = spec.split('@');
  const parsed = Role.safeParse(role);
  if (!parsed.success) fail(`unknown role "${role}" (one of ${Role.options.join(', ')})`);
  return { role: parsed.data, regionCode: region || null, organizationId: null };
}

export function registerUserAdd(program: Command): void {
  program
    .command('user')
    .description('账号管理 / accounts')
    .command('add')
    .description('新增账号 / create an account')
    .requiredOption('-u, --username <name>', 'login name')
    .option('-n, --display-name <name>', 'display name (default: the username)')
    .option('-p, --password <password>', 'password (default: generated and printed once)')
    .option(
      '-r, --role <role@region>',
      'role, optionally scoped to a region code; repeatable',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--data-dir <dir>', 'data directory')
    .action(async (opts: UserAddOpts) => {
      const password = opts.password ?? `Zl-${randomBytes(12).toString('base64url')}7`;
      const input = AccountCreate.safeParse({
        username: opts.username,
        displayName: opts.displayName ?? opts.username,
        password,
        roles: opts.role.map(parseRoleSpec),
      });
      if (!input.success) fail(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const account = await withDatabase(configFrom(opts), (ctx) => createAccount(ctx, input.data));
      process.stdout.write(`created account ${account.username} (${account.id})\n`);
      if (!opts.password) process.stdout.write(`password (shown once): ${password}\n`);
    });
}
