import type { JobHandler } from '../../platform/scheduler.ts';
import { computeSensitivity, SENSITIVITY_JOB } from './analysis.service.ts';

/** Background work of the evaluation module: Monte Carlo sensitivity analyses. */
export const evaluationJobs: Record<string, JobHandler> = {
  [SENSITIVITY_JOB]: async (job, { db }) => {
    const { id } = job.payload as { id: string };
    await computeSensitivity(db, id);
  },
};
