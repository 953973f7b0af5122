/** The server's public face, for the CLI, the demo seed, tests and benchmarks. */
export { loadConfig, CONFIG_DOC, type Config } from './platform/config.ts';
export { startServer, defaultWebDir, type RunningServer, type StartOptions } from './server.ts';
export { connectDatabase, type Connection } from './platform/db/connect.ts';
export { runMigrations } from './platform/db/migrate.ts';
export { systemCtx, type Ctx } from './platform/context.ts';
export type { AppDeps } from './platform/module.ts';
export { createPiiCipher, loadSecretKey } from './platform/pii.ts';
export { AppError } from './platform/errors.ts';
export { createAccount } from './modules/accounts/index.ts';
export { createApiKey, hashPassword, verifyPassword } from './modules/auth/index.ts';
export { importRegionsCsv } from './modules/core/index.ts';
export { sealAudit, verifyAudit } from './modules/audit/index.ts';
// The evaluation engines are pure: the CLI runs them on files, without a database.
export {
  runEvaluation,
  EvaluationEngineError,
  awardUnits,
  type AwardOutcome,
  type AwardRules,
  parseDatasetCsv,
  issuePath,
  type DataImportResult,
  type DataIssue,
  parseDatasetFile,
  buildRunWorkbook,
  planSensitivity,
  runSensitivity,
  type SensitivityPlan,
  runSensitivityInWorkers,
  isSensitivityWorker,
} from './modules/evaluation/index.ts';
