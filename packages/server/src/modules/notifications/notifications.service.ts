import {
  InAppPayload,
  type InAppNotification,
  type NotificationListQuery,
  type OutboxEntry,
  type OutboxListQuery,
  type Page,
} from '@zhili/contracts';
import { requireAccess } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { accountTarget } from '../../platform/outbox.ts';
import { NotificationErrors } from './notifications.errors.ts';
import {
  countUnread,
  findInboxItem,
  findOutboxEntry,
  listInbox,
  listOutbox,
  markAllRead,
  markRead,
  requeueOutboxEntry,
  type OutboxRow,
} from './notifications.repo.ts';

/**
 * The inbox check: every signed-in account may read its own notifications and nobody else's,
 * so the check is "an account is calling", not a permission. Returns the inbox's outbox target.
 */
function requireInbox(ctx: Ctx): string {
  if (ctx.actor.kind === 'anonymous') throw PlatformErrors.UNAUTHENTICATED();
  if (ctx.actor.kind !== 'account' || ctx.actor.id === null) throw NotificationErrors.NOTIFICATION_INBOX_ACCOUNT_ONLY();
  return accountTarget(ctx.actor.id);
}

function presentNotification(r: OutboxRow): InAppNotification {
  const parsed = InAppPayload.safeParse(r.payload);
  const p = parsed.success ? parsed.data : { title: '', text: '', link: null, kind: null };
  return {
    id: r.id,
    title: p.title,
    text: p.text,
    link: p.link,
    kind: p.kind,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

/** Robot webhook URLs carry their credential in the query (`access_token`, `key`): never show it whole. */
export function maskWebhookTarget(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return target;
  }
  for (const [name, value] of [...url.searchParams]) {
    if (/token|key|secret|sign/i.test(name)) url.searchParams.set(name, `${value.slice(0, 4)}****`);
  }
  return url.toString();
}

function presentOutbox(r: OutboxRow): OutboxEntry {
  return {
    id: r.id,
    channel: r.channel as OutboxEntry['channel'],
    target: r.channel === 'webhook' ? maskWebhookTarget(r.target) : r.target,
    payload: r.payload,
    state: r.state as OutboxEntry['state'],
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    nextAttemptAt: r.nextAttemptAt.toISOString(),
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
  };
}

/** The caller's in-app notifications, newest first; `unread=true` for the unread ones only. */
export async function listNotifications(ctx: Ctx, query: NotificationListQuery): Promise<Page<InAppNotification>> {
  const target = requireInbox(ctx);
  const { rows, total } = await listInbox(ctx.db, {
    target,
    unread: query.unread === undefined ? undefined : query.unread === 'true',
    q: query.q,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(presentNotification), total, page: query.page, pageSize: query.pageSize };
}

/** How many of the caller's notifications are unread (the bell badge). */
export async function unreadNotificationCount(ctx: Ctx): Promise<{ count: number }> {
  const target = requireInbox(ctx);
  return { count: await countUnread(ctx.db, target) };
}

/** Marks one of the caller's notifications read; reading it again changes nothing. */
export async function markNotificationRead(ctx: Ctx, id: string): Promise<InAppNotification> {
  const target = requireInbox(ctx);
  return ctx.db.transaction(async (tx) => {
    const row = await findInboxItem(tx, target, id, true);
    // Another account's notification is "not found", so ids reveal nothing.
    if (!row) throw NotificationErrors.NOTIFICATION_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
    if (row.readAt) return presentNotification(row);
    const updated = (await markRead(tx, id, new Date()))!;
    await recordAudit(ctx, tx, {
      action: 'notification.read',
      entity: 'notification',
      entityId: id,
      before: { readAt: null },
      after: { readAt: updated.readAt },
    });
    return presentNotification(updated);
  });
}

/** Marks all of the caller's notifications read; returns how many changed. */
export async function markAllNotificationsRead(ctx: Ctx): Promise<{ marked: number }> {
  const target = requireInbox(ctx);
  return ctx.db.transaction(async (tx) => {
    const marked = await markAllRead(tx, target, new Date());
    if (marked > 0) {
      await recordAudit(ctx, tx, { action: 'notification.read_all', entity: 'notification', after: { marked } });
    }
    return { marked };
  });
}

/** The outbox for administrators: `state=dead` lists the dead letters. */
export async function listOutboxEntries(ctx: Ctx, query: OutboxListQuery): Promise<Page<OutboxEntry>> {
  await requireAccess(ctx, 'outbox.manage');
  const { rows, total } = await listOutbox(ctx.db, {
    state: query.state,
    channel: query.channel,
    q: query.q,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(presentOutbox), total, page: query.page, pageSize: query.pageSize };
}

/** Re-queues a dead message with a fresh set of attempts (after the robot or URL was fixed). */
export async function retryOutboxEntry(ctx: Ctx, id: string): Promise<OutboxEntry> {
  await requireAccess(ctx, 'outbox.manage');
  return ctx.db.transaction(async (tx) => {
    const row = await findOutboxEntry(tx, id, true);
    if (!row) throw NotificationErrors.OUTBOX_ENTRY_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
    if (row.state !== 'dead') {
      throw NotificationErrors.OUTBOX_NOT_DEAD([{ path: 'params.id', code: 'state', message: row.state }]);
    }
    const updated = (await requeueOutboxEntry(tx, id))!;
    // The target is left out on purpose: webhook URLs carry the robot's access token.
    await recordAudit(ctx, tx, {
      action: 'outbox.retry',
      entity: 'outbox',
      entityId: id,
      before: { state: row.state, attempts: row.attempts, lastError: row.lastError },
      after: { state: updated.state, attempts: updated.attempts },
    });
    return presentOutbox(updated);
  });
}
