import { sql, type SQL } from 'drizzle-orm';
import { ROLE_PERMISSIONS, type InAppPayload, type Role } from '@zhili/contracts';
import { auditInsertSql, canonicalJson, sha256, type AuditRowContent } from '../../platform/audit.ts';
import { unnestInsert, type UnnestColumn } from '../../platform/db/unnest.ts';
import type { Tx } from '../../platform/db/pool.ts';

/**
 * The group-commit writes of the intake: every statement takes a whole batch as arrays and
 * inserts it with `unnest`, so one statement of fixed shape writes any number of rows.
 */

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A new incident row as the batch writes it. */
export interface IncidentInsert {
  id: string;
  number: string;
  categoryCode: string;
  description: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  regionCode: string | null;
  regionPath: string | null;
  reporterAccountId: string | null;
  reporterNameEnc: Buffer | null;
  reporterPhoneEnc: Buffer | null;
  reporterPhoneIndex: string | null;
  reporterEmailEnc: Buffer | null;
  anonymous: boolean;
  trackingHash: string;
  priority: string;
  channel: string;
  status: string;
  handlingLevel: string;
  assigneeOrganizationId: string | null;
  assigneeRegionCode: string | null;
  assigneeRegionPath: string | null;
  sourceRef: string | null;
  attributes: Record<string, unknown>;
  attachmentIds: string[];
  mediaUrl: string | null;
  nextDueAt: Date | null;
  receivedAt: Date;
  respondedAt: Date | null;
  dispatchedAt: Date | null;
}

const INCIDENT_COLUMNS: readonly UnnestColumn<IncidentInsert>[] = [
  ['id', 'uuid', (r) => r.id],
  ['number', 'text', (r) => r.number],
  ['category_code', 'text', (r) => r.categoryCode],
  ['description', 'text', (r) => r.description],
  ['address', 'text', (r) => r.address],
  ['lat', 'float8', (r) => r.lat],
  ['lng', 'float8', (r) => r.lng],
  ['region_code', 'text', (r) => r.regionCode],
  ['region_path', 'text', (r) => r.regionPath],
  ['reporter_account_id', 'uuid', (r) => r.reporterAccountId],
  ['reporter_name_enc', 'bytea', (r) => r.reporterNameEnc],
  ['reporter_phone_enc', 'bytea', (r) => r.reporterPhoneEnc],
  ['reporter_phone_index', 'text', (r) => r.reporterPhoneIndex],
  ['reporter_email_enc', 'bytea', (r) => r.reporterEmailEnc],
  ['anonymous', 'bool', (r) => r.anonymous],
  ['tracking_hash', 'text', (r) => r.trackingHash],
  ['priority', 'text', (r) => r.priority],
  ['channel', 'text', (r) => r.channel],
  ['status', 'text', (r) => r.status],
  ['handling_level', 'text', (r) => r.handlingLevel],
  ['assignee_organization_id', 'uuid', (r) => r.assigneeOrganizationId],
  ['assignee_region_code', 'text', (r) => r.assigneeRegionCode],
  ['assignee_region_path', 'text', (r) => r.assigneeRegionPath],
  ['source_ref', 'text', (r) => r.sourceRef],
  ['attributes', 'jsonb', (r) => JSON.stringify(r.attributes)],
  ['attachment_ids', 'jsonb', (r) => JSON.stringify(r.attachmentIds)],
  ['media_url', 'text', (r) => r.mediaUrl],
  ['next_due_at', 'timestamptz', (r) => iso(r.nextDueAt)],
  ['received_at', 'timestamptz', (r) => iso(r.receivedAt)],
  ['responded_at', 'timestamptz', (r) => iso(r.respondedAt)],
  ['dispatched_at', 'timestamptz', (r) => iso(r.dispatchedAt)],
  ['updated_at', 'timestamptz', (r) => iso(r.receivedAt)],
];

const incidentsSql = (rows: readonly IncidentInsert[]): SQL => unnestInsert('incidents', INCIDENT_COLUMNS, rows);

/** A timeline entry. */
export interface EventInsert {
  incidentId: string;
  at: Date;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  note: string | null;
  data: Record<string, unknown>;
}

const EVENT_COLUMNS: readonly UnnestColumn<EventInsert>[] = [
  ['incident_id', 'uuid', (r) => r.incidentId],
  ['at', 'timestamptz', (r) => iso(r.at)],
  ['action', 'text', (r) => r.action],
  ['from_status', 'text', (r) => r.fromStatus],
  ['to_status', 'text', (r) => r.toStatus],
  ['actor_kind', 'text', (r) => r.actorKind],
  ['actor_id', 'uuid', (r) => r.actorId],
  ['actor_name', 'text', (r) => r.actorName],
  ['note', 'text', (r) => r.note],
  ['data', 'jsonb', (r) => JSON.stringify(r.data)],
];

const eventsSql = (rows: readonly EventInsert[]): SQL => unnestInsert('incident_events', EVENT_COLUMNS, rows);

export async function insertEvents(tx: Tx, rows: readonly EventInsert[]): Promise<void> {
  if (rows.length > 0) await tx.execute(eventsSql(rows));
}

/** An SLA clock row. */
export interface ClockInsert {
  incidentId: string;
  kind: string;
  organizationId: string | null;
  state: 'running' | 'met' | 'paused' | 'cancelled';
  calendar: string | null;
  startedAt: Date;
  warnAt: Date | null;
  dueAt: Date | null;
  checkAt: Date | null;
  metAt: Date | null;
  targetMs: number;
}

const CLOCK_COLUMNS: readonly UnnestColumn<ClockInsert>[] = [
  ['incident_id', 'uuid', (r) => r.incidentId],
  ['kind', 'text', (r) => r.kind],
  ['organization_id', 'uuid', (r) => r.organizationId],
  ['state', 'text', (r) => r.state],
  ['calendar', 'text', (r) => r.calendar],
  ['started_at', 'timestamptz', (r) => iso(r.startedAt)],
  ['warn_at', 'timestamptz', (r) => iso(r.warnAt)],
  ['due_at', 'timestamptz', (r) => iso(r.dueAt)],
  ['check_at', 'timestamptz', (r) => iso(r.checkAt)],
  ['met_at', 'timestamptz', (r) => iso(r.metAt)],
  ['target_ms', 'int4', (r) => r.targetMs],
];

const clocksSql = (rows: readonly ClockInsert[]): SQL => unnestInsert('incident_clocks', CLOCK_COLUMNS, rows);

export async function insertClocks(tx: Tx, rows: readonly ClockInsert[]): Promise<void> {
  if (rows.length > 0) await tx.execute(clocksSql(rows));
}

/** An audit entry; its row hash is computed as recordAudit does (platform/audit.ts). */
export type AuditInsert = AuditRowContent;

/** A stored Idempotency-Key answer. */
export interface IdempotencyInsert {
  principal: string;
  key: string;
  path: string;
  requestHash: string;
  statusCode: number;
  responseBody: string;
}

export type StoredIdempotency = {
  principal: string;
  key: string;
  requestHash: string;
  state: string;
  responseBody: string | null;
};

/** The stored answers of these keys (usually none: retries are rare). */
export async function findIdempotencyRows(
  tx: Tx,
  keys: readonly { principal: string; key: string }[],
): Promise<StoredIdempotency[]> {
  if (keys.length === 0) return [];
  // `= any` on both key columns walks the primary key; the exact pairs are picked out here.
  const res = await tx.execute<StoredIdempotency>(sql`
    select principal, key, request_hash as "requestHash", state, response_body as "responseBody"
    from idempotency_keys
    where principal = any(${sql.param([...new Set(keys.map((k) => k.principal))])}::text[])
      and key = any(${sql.param(keys.map((k) => k.key))}::text[])`);
  const wanted = new Set(keys.map((k) => `${k.principal}\n${k.key}`));
  return res.rows.filter((r) => wanted.has(`${r.principal}\n${r.key}`));
}

const IDEMPOTENCY_COLUMNS: readonly UnnestColumn<IdempotencyInsert>[] = [
  ['key', 'text', (r) => r.key],
  ['principal', 'text', (r) => r.principal],
  ['method', 'text', () => 'POST'],
  ['path', 'text', (r) => r.path],
  ['request_hash', 'text', (r) => r.requestHash],
  ['state', 'text', () => 'done'],
  ['status_code', 'int4', (r) => r.statusCode],
  ['response_body', 'text', (r) => r.responseBody],
  ['response_type', 'text', () => 'application/json; charset=utf-8'],
];

/** Stores the answers; a key another process stored meanwhile is skipped (not returned). */
const idempotencySql = (rows: readonly IdempotencyInsert[]): SQL =>
  unnestInsert(
    'idempotency_keys',
    IDEMPOTENCY_COLUMNS,
    rows,
    sql` on conflict (principal, key) do nothing returning 1`,
  );

/** Incidents already filed under these (channel, source_ref) pairs. */
export async function findBySourceRefs(
  tx: Tx,
  refs: readonly { channel: string; sourceRef: string }[],
): Promise<{ channel: string; sourceRef: string; id: string; number: string; status: string }[]> {
  if (refs.length === 0) return [];
  const res = await tx.execute<{ channel: string; sourceRef: string; id: string; number: string; status: string }>(sql`
    select i.channel, i.source_ref as "sourceRef", i.id, i.number, i.status from incidents i
    join unnest(${sql.param(refs.map((r) => r.channel))}::text[], ${sql.param(refs.map((r) => r.sourceRef))}::text[])
      as u(channel, source_ref) on i.channel = u.channel and i.source_ref = u.source_ref`);
  return res.rows;
}

/**
 * Takes a block of serials per prefix and year in one statement; returns each block's last
 * serial (the block is `last - count + 1 … last`). The counter rows stay locked until commit,
 * so concurrent batches (other processes) queue on them and never share a serial.
 */
export async function claimSerialBlocks(
  tx: Tx,
  blocks: readonly { prefix: string; year: number; count: number }[],
): Promise<Map<string, number>> {
  const res = await tx.execute<{ prefix: string; year: number; last: number }>(sql`
    insert into incident_counters (prefix, year, last)
    select * from unnest(${sql.param(blocks.map((b) => b.prefix))}::text[], ${sql.param(blocks.map((b) => b.year))}::int4[],
      ${sql.param(blocks.map((b) => b.count))}::int4[])
    on conflict (prefix, year) do update set last = incident_counters.last + excluded.last
    returning prefix, year, last`);
  return new Map(res.rows.map((r) => [`${r.prefix}\n${r.year}`, r.last]));
}

/** Roles that work incidents on the ground: their holders hear about dispatches to their unit. */
export const HANDLER_ROLES: Role[] = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter(
  (r) => r !== 'admin' && ROLE_PERMISSIONS[r].includes('incident.handle'),
);

/** An in-app notification to the people of a unit (region or organization) and/or one account. */
export interface UnitNotice {
  regionCode: string | null;
  organizationId: string | null;
  accountId: string | null;
  payload: InAppPayload;
}

/**
 * Queues in-app notifications to the accounts whose role is held exactly at the unit (the grid's
 * grid workers, the department's staff) plus any named account, in one statement.
 */
function noticesSql(notices: readonly UnitNotice[]): SQL {
  const ord = sql.param(notices.map((_, i) => i));
  const regionCodes = sql.param(notices.map((n) => n.regionCode));
  const orgs = sql.param(notices.map((n) => n.organizationId));
  const accountIds = sql.param(notices.map((n) => n.accountId));
  const payloads = sql.param(notices.map((n) => JSON.stringify(n.payload)));
  return sql`
    insert into outbox (channel, target, payload, created_at)
    select 'in_app', 'account:' || t.account_id, t.payload, clock_timestamp()
    from (
      select distinct u.ord, coalesce(ra.account_id, u.account_id) as account_id, u.payload
      from unnest(${ord}::int4[], ${regionCodes}::text[], ${orgs}::uuid[], ${accountIds}::uuid[], ${payloads}::jsonb[])
        as u(ord, region_code, org_id, account_id, payload)
      left join role_assignments ra on u.account_id is null and ra.role = any(${sql.param(HANDLER_ROLES)}::text[])
        and ((ra.region_code = u.region_code and ra.organization_id is null) or ra.organization_id = u.org_id)
      where coalesce(ra.account_id, u.account_id) is not null
    ) t
    join accounts a on a.id = t.account_id and not a.disabled`;
}

/**
 * Queues in-app notifications to the accounts whose role is held exactly at the unit (the grid's
 * grid workers, the department's staff) plus any named account, in one statement.
 */
export async function enqueueUnitNotices(tx: Tx, notices: readonly UnitNotice[]): Promise<void> {
  if (notices.length > 0) await tx.execute(noticesSql(notices));
}

/** The compact wire form of a stream event inside a NOTIFY payload. */
export type StreamWire = [
  type: 'created' | 'changed' | 'clock',
  id: string,
  number: string,
  status: string,
  version: number,
  regionPath: string | null,
  assigneeRegionPath: string | null,
  assigneeOrganizationId: string | null,
];

export const INCIDENTS_CHANNEL = 'zhili_incidents';
/** NOTIFY payloads must stay under 8000 bytes. */
const NOTIFY_BYTES = 7000;

/** NOTIFY payloads for the events, as many per notification as fit. */
function notifyChunks(events: readonly StreamWire[]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const e of events) {
    const text = JSON.stringify(e);
    const bytes = Buffer.byteLength(text) + 1;
    if (current.length > 0 && size + bytes > NOTIFY_BYTES) {
      chunks.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    current.push(text);
    size += bytes;
  }
  if (current.length > 0) chunks.push(`[${current.join(',')}]`);
  return chunks;
}

const notifySql = (chunks: readonly string[]): SQL =>
  sql`select pg_notify(${INCIDENTS_CHANNEL}, c) from unnest(${sql.param(chunks)}::text[]) as c`;

/** NOTIFYs the events (delivered at commit). */
export async function notifyIncidentEvents(tx: Tx, events: readonly StreamWire[]): Promise<void> {
  const chunks = notifyChunks(events);
  if (chunks.length > 0) await tx.execute(notifySql(chunks));
}

/** Everything one intake batch writes. */
export interface IntakeRows {
  incidents: IncidentInsert[];
  events: EventInsert[];
  clocks: ClockInsert[];
  audit: AuditInsert[];
  keys: IdempotencyInsert[];
  notices: UnitNotice[];
  wire: StreamWire[];
}

/**
 * Writes a whole batch in ONE statement — a chain of data-modifying CTEs, one multi-row insert
 * per table, plus the NOTIFYs — so the batch costs one round trip, however many tables it
 * touches. Returns how many Idempotency-Keys were stored (fewer than given means another
 * process stored one meanwhile: the caller must roll back).
 */
export async function writeIntakeRows(tx: Tx, rows: IntakeRows): Promise<{ keysStored: number }> {
  const parts: [string, SQL][] = [];
  if (rows.incidents.length) parts.push(['w_incidents', incidentsSql(rows.incidents)]);
  if (rows.events.length) parts.push(['w_events', eventsSql(rows.events)]);
  if (rows.clocks.length) parts.push(['w_clocks', clocksSql(rows.clocks)]);
  if (rows.audit.length) parts.push(['w_audit', auditInsertSql(rows.audit)]);
  if (rows.notices.length) parts.push(['w_notices', noticesSql(rows.notices)]);
  parts.push(['w_keys', rows.keys.length ? idempotencySql(rows.keys) : sql`select 1 where false`]);
  const chunks = notifyChunks(rows.wire);
  parts.push(['w_notify', chunks.length ? notifySql(chunks) : sql`select 1 where false`]);
  const ctes = sql.join(
    parts.map(([name, body]) => sql`${sql.raw(name)} as (${body})`),
    sql`, `,
  );
  // Data-modifying CTEs always run; the SELECT one (pg_notify) only when referenced.
  const res = await tx.execute<{ keys: number; notified: number }>(
    sql`with ${ctes} select (select count(*) from w_keys)::int as keys, (select count(*) from w_notify)::int as notified`,
  );
  return { keysStored: res.rows[0]?.keys ?? 0 };
}

/** Canonical request hash of an intake body, for Idempotency-Key comparison. */
export function intakeRequestHash(path: string, body: unknown): string {
  return sha256(`POST ${path}\n${canonicalJson(body)}`);
}
