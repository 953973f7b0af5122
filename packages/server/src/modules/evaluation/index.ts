import type { ZhiliModule } from '../../platform/module.ts';
import { evaluationJobs } from './evaluation.jobs.ts';
import { evaluationRoutes } from './evaluation.routes.ts';

/** Composite evaluation (综合评价) and the ecological tripod awards (生态鼎, 冠军鼎). */
export const evaluationModule: ZhiliModule = {
  name: 'evaluation',
  routes: (app) => evaluationRoutes(app),
  jobs: evaluationJobs,
};

export { EvaluationErrors } from './evaluation.errors.ts';
export {
  createFramework,
  getFramework,
  listFrameworks,
  uploadDataset,
  datasetAvailability,
} from './frameworks.service.ts';
export { createRun, getRun, listRuns, publishRun, listChampions, evaluate, decideAwards } from './runs.service.ts';
export { getUnitProfile, exportRunXlsx, unitReportPdf, certificatesPdf } from './reports.service.ts';
export { startSensitivity, getSensitivity, computeSensitivity, SENSITIVITY_JOB } from './analysis.service.ts';
export { buildRunWorkbook } from './export.ts';
// The pure engines: the CLI runs them on files, without a database.
export { runEvaluation, EvaluationEngineError } from './evaluation.engine.ts';
export { awardUnits, type AwardOutcome, type AwardRules } from './awards.engine.ts';
export { parseDatasetCsv, issuePath, type DataImportResult, type DataIssue } from './data-import.engine.ts';
export { parseDatasetFile } from './data-import.xlsx.ts';
export { planSensitivity, runSensitivity, type SensitivityPlan } from './sensitivity.engine.ts';
export { runSensitivityInWorkers, isSensitivityWorker } from './sensitivity.worker.ts';
