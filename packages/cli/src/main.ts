import { Command } from 'commander';
import { CONFIG_DOC } from '@zhili/server';
import { registerStart } from './commands/start.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerUserAdd } from './commands/user-add.ts';
import { registerApiKeyCreate } from './commands/apikey-create.ts';
import { registerRegionsImport } from './commands/regions-import.ts';
import { registerAuditVerify } from './commands/audit-verify.ts';
import { registerEvalValidate } from './commands/eval-validate.ts';
import { registerEvalRun } from './commands/eval-run.ts';
import { registerEvalSensitivity } from './commands/eval-sensitivity.ts';
import { registerIncidentsSimulate } from './commands/incidents-simulate.ts';
import { registerMediationAssign } from './commands/mediation-assign.ts';

const program = new Command('zhili')
  .description('治理 zhili — grassroots governance platform')
  .version('0.1.0')
  .showHelpAfterError();

registerStart(program);
registerMigrate(program);
registerUserAdd(program);
registerApiKeyCreate(program);
registerRegionsImport(program);
registerAuditVerify(program);
registerEvalValidate(program);
registerEvalRun(program);
registerEvalSensitivity(program);
registerIncidentsSimulate(program);
registerMediationAssign(program);
program
  .command('config')
  .description('列出配置项 / list the environment settings zhili reads')
  .action(() => {
    for (const [k, v] of Object.entries(CONFIG_DOC)) process.stdout.write(`${k.padEnd(24)} ${v}\n`);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`zhili: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
