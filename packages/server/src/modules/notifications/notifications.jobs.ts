import { deliverOutbox } from '../../platform/outbox.ts';
import type { RecurringTask } from '../../platform/scheduler.ts';

/** Sends due outbox rows every second (in-app rows are just marked delivered). */
export const outboxDelivery: RecurringTask = {
  name: 'notifications.deliver-outbox',
  intervalMs: 1000,
  run: ({ db }) => deliverOutbox(db),
};
