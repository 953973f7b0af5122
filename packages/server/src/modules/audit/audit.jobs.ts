import { sealAudit } from '../../platform/audit.ts';
import type { RecurringTask } from '../../platform/scheduler.ts';

/**
 * Chains new audit rows every second. Writers never wait for it (they insert unchained rows);
 * a backlog is worked off in batches until none is left.
 */
export const auditSealer: RecurringTask = {
  name: 'audit.seal',
  intervalMs: 1000,
  run: async ({ db }) => {
    let sealed = 0;
    for (let n = await sealAudit(db); n > 0; n = await sealAudit(db)) sealed += n;
    return sealed;
  },
};
