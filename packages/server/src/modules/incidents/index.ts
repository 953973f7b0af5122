import type { Db } from '../../platform/db/pool.ts';
import type { ZhiliModule } from '../../platform/module.ts';
import { clockSweepTask } from './clocks.sweep.ts';
import { registerConfigRoutes } from './config.routes.ts';
import { forgetConfigCache } from './intake.cache.ts';
import { incidentRoutes } from './incidents.routes.ts';
import { attachIntake, detachIntake } from './intake.service.ts';
import { registerOpen311Routes } from './open311.routes.ts';
import { registerStatsRoutes } from './stats.routes.ts';
import { IncidentListener } from './stream.ts';

const listeners = new Map<Db, IncidentListener>();

/** The LISTEN connection of this process for `db` (for tests and diagnostics). */
export function incidentListenerOf(db: Db): IncidentListener | undefined {
  return listeners.get(db);
}

/**
 * The social governance centre (社会治理中心): one-window intake, grid dispatch, the 1-2-20
 * closed loop with SLA clocks, whistle and report-in, Open311, statistics.
 */
export const incidentsModule: ZhiliModule = {
  name: 'incidents',
  routes: async (app, deps) => {
    const db = deps.database.db;
    attachIntake({ db, pii: deps.pii });
    const listener = new IncidentListener(deps.database.pool.options.connectionString ?? '', (msg, err) =>
      app.log.warn({ err }, msg),
    );
    listeners.set(db, listener);
    app.addHook('onReady', async () => listener.start());
    // Open event streams would keep the HTTP server from closing: end them first.
    app.addHook('preClose', async () => listener.stop());
    app.addHook('onClose', async () => {
      await detachIntake(db);
      forgetConfigCache(db);
      listeners.delete(db);
    });
    incidentRoutes(app, listener);
    registerConfigRoutes(app, deps);
    registerStatsRoutes(app, deps);
    await registerOpen311Routes(app, deps);
  },
  recurring: [clockSweepTask],
};

export { IncidentErrors } from './incidents.errors.ts';
export { submitIncident, attachIntake, detachIntake, intakeStats, newTrackingCode } from './intake.service.ts';
export { getIncident, listIncidents, findDuplicateSuggestions, presentSummary } from './incidents.service.ts';
export { transitionIncident, onIncidentStatusChange, type StatusListener } from './lifecycle.service.ts';
export { whistle, reportIn } from './joint.service.ts';
export { giveFeedback, trackIncident } from './feedback.service.ts';
export { visibleIncidentFilter, coversIncident, type IncidentScope } from './visibility.ts';
export { invalidateIncidentConfig } from './intake.cache.ts';
export { IntakeBatcher, type BatchOutcome } from './intake.batcher.ts';
export { sweepClocks, clockSweepTask } from './clocks.sweep.ts';
// H3's configuration services, for the seed, the CLI and mediation.
export { listCategories, getCategory, createCategory, updateCategory, putCalendar } from './config.service.ts';
export {
  listDispatchRules,
  createDispatchRule,
  updateDispatchRule,
  deleteDispatchRule,
  getOutlines,
  putOutlines,
  listPrefixes,
  putPrefixes,
} from './dispatch-config.service.ts';
