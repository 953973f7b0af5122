import {
  IdParam,
  InAppNotification,
  MarkedRead,
  NotificationListQuery,
  OutboxEntry,
  OutboxListQuery,
  UnreadCount,
  pageOf,
} from '@zhili/contracts';
import type { App } from '../../platform/module.ts';
import {
  listNotifications,
  listOutboxEntries,
  markAllNotificationsRead,
  markNotificationRead,
  retryOutboxEntry,
  unreadNotificationCount,
} from './notifications.service.ts';

/** The caller's in-app inbox, and the outbox's dead letters for administrators. */
export function registerNotificationRoutes(app: App): void {
  const tags = ['notifications'];

  app.get(
    '/api/notifications',
    {
      config: { access: 'authenticated' },
      schema: { querystring: NotificationListQuery, response: { 200: pageOf(InAppNotification) }, tags },
    },
    async (req) => listNotifications(req.ctx, req.query),
  );

  app.get(
    '/api/notifications/unread-count',
    { config: { access: 'authenticated' }, schema: { response: { 200: UnreadCount }, tags } },
    async (req) => unreadNotificationCount(req.ctx),
  );

  app.post(
    '/api/notifications/:id/read',
    { config: { access: 'authenticated' }, schema: { params: IdParam, response: { 200: InAppNotification }, tags } },
    async (req) => markNotificationRead(req.ctx, req.params.id),
  );

  app.post(
    '/api/notifications/read-all',
    { config: { access: 'authenticated' }, schema: { response: { 200: MarkedRead }, tags } },
    async (req) => markAllNotificationsRead(req.ctx),
  );

  app.get(
    '/api/outbox',
    {
      config: { access: 'outbox.manage' },
      schema: { querystring: OutboxListQuery, response: { 200: pageOf(OutboxEntry) }, tags: ['outbox'] },
    },
    async (req) => listOutboxEntries(req.ctx, req.query),
  );

  app.post(
    '/api/outbox/:id/retry',
    {
      config: { access: 'outbox.manage' },
      schema: { params: IdParam, response: { 200: OutboxEntry }, tags: ['outbox'] },
    },
    async (req) => retryOutboxEntry(req.ctx, req.params.id),
  );
}
