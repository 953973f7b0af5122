import { z } from 'zod';

export const NOTIFICATION_CHANNELS = ['in_app', 'webhook'] as const;
export const NotificationChannel = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** pending → delivered, or pending → (retries) → dead. */
export const OUTBOX_STATES = ['pending', 'delivered', 'dead'] as const;
export const OutboxState = z.enum(OUTBOX_STATES);
export type OutboxState = z.infer<typeof OutboxState>;

/** What an in-app notification says; shown in the bell menu of the web app. */
export const InAppPayload = z.object({
  title: z.string().min(1).max(200),
  text: z.string().max(4000).default(''),
  /** In-app route to open, e.g. `/incidents/…`. */
  link: z.string().max(500).nullable().default(null),
  /** Machine-readable kind (`incident.dispatched`) for icons and filters. */
  kind: z.string().max(100).nullable().default(null),
});
export type InAppPayload = z.infer<typeof InAppPayload>;

/** Group-robot webhooks Chinese offices use: DingTalk (钉钉) or WeCom (企业微信). */
export const WEBHOOK_FORMATS = ['dingtalk', 'wecom'] as const;
export const WebhookPayload = z.object({
  format: z.enum(WEBHOOK_FORMATS),
  title: z.string().min(1).max(200),
  /** Markdown body. */
  text: z.string().max(4000),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** One in-app notification of the caller. */
export const InAppNotification = z.object({
  id: z.string().uuid(),
  title: z.string(),
  text: z.string(),
  link: z.string().nullable(),
  kind: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type InAppNotification = z.infer<typeof InAppNotification>;

export const NotificationListQuery = z.strictObject({
  /** Searches title and text. */
  q: z.string().max(100).optional(),
  unread: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const UnreadCount = z.object({ count: z.number().int() });
export const MarkedRead = z.object({ marked: z.number().int() });

/** A row of the outbox as administrators see it (dead letters, retries). */
export const OutboxEntry = z.object({
  id: z.string().uuid(),
  channel: NotificationChannel,
  target: z.string(),
  payload: z.unknown(),
  state: OutboxState,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const OutboxListQuery = z.strictObject({
  /** Searches target and last error. */
  q: z.string().max(100).optional(),
  state: OutboxState.optional(),
  channel: NotificationChannel.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type OutboxListQuery = z.infer<typeof OutboxListQuery>;
