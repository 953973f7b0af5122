import type { z } from 'zod';
import type { InAppPayload } from '@zhili/contracts';
import type { Tx } from '../../platform/db/pool.ts';
import type { ZhiliModule } from '../../platform/module.ts';
import { accountTarget, enqueueNotification } from '../../platform/outbox.ts';
import { outboxDelivery } from './notifications.jobs.ts';
import { registerNotificationRoutes } from './notifications.routes.ts';

/** In-app notifications, the outbox's dead letters, and the delivery sweep. */
export const notificationsModule: ZhiliModule = {
  name: 'notifications',
  routes: registerNotificationRoutes,
  recurring: [outboxDelivery],
};

/**
 * Puts a notification in each account's inbox, inside the caller's transaction (so it appears
 * exactly when the change it reports commits). Duplicate ids get one notification.
 */
export async function notifyAccounts(
  tx: Tx,
  accountIds: readonly string[],
  payload: z.input<typeof InAppPayload>,
): Promise<void> {
  for (const id of new Set(accountIds)) {
    await enqueueNotification(tx, { channel: 'in_app', target: accountTarget(id), payload });
  }
}

export { accountTarget, enqueueNotification, deliverOutbox, type NotificationInput } from '../../platform/outbox.ts';
export { NotificationErrors } from './notifications.errors.ts';
