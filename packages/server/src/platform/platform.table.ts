import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  primaryKey,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Append-only audit log. Writers insert freely (no lock, `rowHash` only); the sealer later
 * assigns `seq` and `chainHash = sha256(prevChainHash ‖ rowHash)` in id order, so concurrent
 * writers never wait on one another and tampering with any sealed row breaks the chain.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    ip: text('ip'),
    rowHash: text('row_hash').notNull(),
    seq: bigint('seq', { mode: 'number' }),
    chainHash: text('chain_hash'),
  },
  (t) => [
    // Unique: two rows claiming one chain position would let a forged row hide behind a real one.
    uniqueIndex('audit_log_seq_uq').on(t.seq),
    index('audit_log_unsealed_idx')
      .on(t.id)
      .where(sql`${t.seq} is null`),
    index('audit_log_entity_idx').on(t.entity, t.entityId),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_at_idx').on(t.at),
  ],
);

/** Responses remembered per Idempotency-Key so a retried POST never writes twice. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    key: text('key').notNull(),
    principal: text('principal').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state').notNull(),
    statusCode: integer('status_code'),
    responseBody: text('response_body'),
    responseType: text('response_type'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] }), index('idempotency_created_idx').on(t.createdAt)],
);

/**
 * Scheduled work: a row per due job, claimed with FOR UPDATE SKIP LOCKED so any number of
 * processes may run the scheduler.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().default({}),
    runAt: ts('run_at').notNull(),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedBy: text('locked_by'),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    dedupeKey: text('dedupe_key'),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('jobs_due_idx')
      .on(t.runAt)
      .where(sql`${t.state} = 'pending'`),
    // At most one pending job per kind + dedupe key; a running or finished one does not block a new one.
    uniqueIndex('jobs_pending_dedupe_uq')
      .on(t.kind, t.dedupeKey)
      .where(sql`${t.state} = 'pending'`),
    // Finds running jobs whose worker died (lease expired) so another process can reclaim them.
    index('jobs_lease_idx')
      .on(t.lockedUntil)
      .where(sql`${t.state} = 'running'`),
  ],
);

/** Notifications to deliver (in-app, DingTalk/WeCom robot webhooks), with retries and dead letters. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').notNull(),
    target: text('target').notNull(),
    payload: jsonb('payload').notNull(),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
    readAt: ts('read_at'),
  },
  (t) => [
    index('outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.state} = 'pending'`),
    index('outbox_target_idx').on(t.channel, t.target),
    // The unread badge is polled by every open browser: keep it an index-only lookup.
    index('outbox_unread_idx')
      .on(t.target)
      .where(sql`${t.channel} = 'in_app' and ${t.readAt} is null`),
  ],
);

/** Stored files; the bytes live in the attachments directory under `storageKey`. */
export const attachments = pgTable('attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  uploadedBy: uuid('uploaded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});
