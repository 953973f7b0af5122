import type { ZhiliModule } from '../../platform/module.ts';
import { caseClockSweep } from './clock.sweep.ts';
import { listenToIncidents } from './incident.link.ts';
import { mediationRoutes } from './mediation.routes.ts';

/**
 * Hometown mediation (老乡调解) and first-line mediators: the mediator registry and reserve pools,
 * cases with their statutory clock, explained matching and optimal batch assignment, volunteer
 * corps and outreach, anti-fraud statistics and team-leader training.
 */
export const mediationModule: ZhiliModule = {
  name: 'mediation',
  routes: async (app, deps) => {
    listenToIncidents();
    await mediationRoutes(app, deps);
  },
  recurring: [caseClockSweep],
};

export { MediationErrors } from './mediation.errors.ts';
export { createMediator, getMediator, listMediators, updateMediator } from './mediators.service.ts';
export {
  createPool,
  getPool,
  listPools,
  poolHealth,
  setPoolMembers,
  updatePool,
  importResidentOrigins,
  listResidentOrigins,
} from './pools.service.ts';
export {
  createCase,
  getCase,
  listCases,
  updateCase,
  listTimeLimits,
  setTimeLimits,
  caseIdForIncident,
} from './cases.service.ts';
export { assignCase, recordSession, transitionCase } from './lifecycle.service.ts';
export { matchCase, planAssignments, applyAssignments } from './matching.service.ts';
export { caseDocument } from './documents.service.ts';
export {
  createCorps,
  updateCorps,
  getCorps,
  listCorps,
  addCorpsMember,
  createOutreach,
  listOutreach,
  importAntiFraud,
  antiFraudTrend,
  createTrainingBatch,
  listTrainingBatches,
  listTeamLeaders,
} from './corps.service.ts';
export { mediationStats } from './stats.service.ts';
export { sweepCaseClocks } from './clock.sweep.ts';
// The pure engines, for the CLI (`zhili mediation assign`) and the benchmarks.
export { parseHometown, hometownMatch, PROVINCES, type Hometown } from './hometown.engine.ts';
export {
  compileMediators,
  rankMediators,
  proposePanel,
  scoreMediator,
  DEFAULT_WEIGHTS,
  type CaseProfile,
  type MediatorProfile,
  type MatchScore,
} from './matching.engine.ts';
export {
  parseAssignmentProblem,
  solveAssignment,
  AssignProblemError,
  type AssignmentProblem,
  type AssignmentResult,
} from './assign.engine.ts';
