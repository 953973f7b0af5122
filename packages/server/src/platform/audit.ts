import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from './context.ts';
import type { Tx } from './db/pool.ts';
import { auditLog } from './platform.table.ts';
import { unnestInsert, type UnnestColumn } from './db/unnest.ts';

export interface AuditEvent {
  /** Verb in dotted form: `account.create`, `region.import`. */
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** JSON with object keys sorted, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * Field names whose values never belong in the audit log (it is kept for years and read by
 * auditors): a caller that passes a whole row or request by mistake still leaks nothing.
 */
const SECRET_FIELDS = new Set(
  [
    'password',
    'newPassword',
    'currentPassword',
    'temporaryPassword',
    'passwordHash',
    'password_hash',
    'keyHash',
    'key_hash',
    'secret',
    'secretKey',
    'token',
    'csrfToken',
    'csrf_token',
    'apiKey',
  ].map((k) => k.toLowerCase()),
);
export const REDACTED = '[redacted]';

/** What jsonb gives back for a value: dates become strings, undefined disappears; secrets are masked. */
function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value), (key: string, v: unknown) =>
    key !== '' && v !== null && SECRET_FIELDS.has(key.toLowerCase()) ? REDACTED : v,
  ) as unknown;
}

export interface AuditRowContent {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of one row's content; the sealer chains these. */
export function auditRowHash(r: AuditRowContent): string {
  return sha256(canonicalJson({ ...r, at: r.at.toISOString() }));
}

/**
 * Appends one audit entry inside the caller's transaction (so the entry exists exactly when the
 * change does). It takes no lock: chaining happens later, in {@link sealAudit}.
 */
export async function recordAudit(ctx: Ctx, tx: Tx, event: AuditEvent): Promise<void> {
  const content: AuditRowContent = {
    at: new Date(),
    actorId: ctx.actor.kind === 'account' ? ctx.actor.id : null,
    actorName: ctx.actor.name,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId ?? null,
    before: normalise(event.before),
    after: normalise(event.after),
    requestId: ctx.requestId,
    ip: ctx.ip,
  };
  await tx.insert(auditLog).values({ ...content, rowHash: auditRowHash(content) });
}

const AUDIT_COLUMNS: readonly UnnestColumn<AuditRowContent & { rowHash: string }>[] = [
  ['at', 'timestamptz', (r) => r.at.toISOString()],
  ['actor_id', 'uuid', (r) => r.actorId],
  ['actor_name', 'text', (r) => r.actorName],
  ['action', 'text', (r) => r.action],
  ['entity', 'text', (r) => r.entity],
  ['entity_id', 'text', (r) => r.entityId],
  ['before', 'jsonb', (r) => (r.before === null ? null : JSON.stringify(r.before))],
  ['after', 'jsonb', (r) => (r.after === null ? null : JSON.stringify(r.after))],
  ['request_id', 'text', (r) => r.requestId],
  ['ip', 'text', (r) => r.ip],
  ['row_hash', 'text', (r) => r.rowHash],
];

/**
 * The INSERT of many audit entries at once, for batch writers (the incident intake, the clock
 * sweep) where recordAudit's round trip per row is too slow. `before`/`after` must already be
 * plain JSON without secrets: the row hash is taken over them as given, as recordAudit's is.
 */
export function auditInsertSql(rows: readonly AuditRowContent[]): SQL {
  return unnestInsert(
    'audit_log',
    AUDIT_COLUMNS,
    rows.map((r) => ({ ...r, rowHash: auditRowHash(r) })),
  );
}

/** Writes many audit entries in one statement (see {@link auditInsertSql}). */
export async function recordAudits(tx: Tx, rows: readonly AuditRowContent[]): Promise<void> {
  if (rows.length > 0) await tx.execute(auditInsertSql(rows));
}

/** Serialises sealers (never writers): one process chains at a time. */
const SEAL_LOCK = 7_140_220_230_002;
const GENESIS = '0'.repeat(64);

/**
 * Chains unsealed rows: each gets the next `seq` and `chainHash = sha256(prev ‖ rowHash)`.
 * Returns how many rows were sealed. Safe to run from every process at once.
 */
export async function sealAudit(db: Tx, batch = 5000): Promise<number> {
  return db.transaction(async (tx) => {
    const locked = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${SEAL_LOCK}) as ok`);
    if (!locked.rows[0]?.ok) return 0;
    const last = await tx.execute<{ seq: number; chain_hash: string }>(
      sql`select seq, chain_hash from audit_log where seq is not null order by seq desc limit 1`,
    );
    let seq = last.rows[0]?.seq ?? 0;
    let prev = last.rows[0]?.chain_hash ?? GENESIS;
    const rows = await tx.execute<{ id: number; row_hash: string }>(
      sql`select id, row_hash from audit_log where seq is null order by id limit ${batch}`,
    );
    if (rows.rows.length === 0) return 0;
    const ids: number[] = [];
    const seqs: number[] = [];
    const chains: string[] = [];
    for (const r of rows.rows) {
      seq += 1;
      prev = sha256(prev + r.row_hash);
      ids.push(r.id);
      seqs.push(seq);
      chains.push(prev);
    }
    // sql.param: a bare array in drizzle's sql`` would expand into a row `($1, $2, …)`.
    await tx.execute(sql`
      update audit_log a set seq = u.seq, chain_hash = u.chain
      from unnest(${sql.param(ids)}::bigint[], ${sql.param(seqs)}::bigint[], ${sql.param(chains)}::text[])
        as u(id, seq, chain)
      where a.id = u.id`);
    return ids.length;
  });
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstTampered: { seq: number; id: string; reason: string } | null;
}

type AuditDbRow = {
  id: number;
  seq: number;
  /** UTC time with microseconds, `YYYY-MM-DDTHH:MI:SS.ffffff` (raw queries do not give Dates). */
  at_us: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  ip: string | null;
  row_hash: string;
  chain_hash: string;
};

/** Walks the chain in `seq` order and reports the first row whose content or link was altered. */
export async function verifyAudit(db: Tx, pageSize = 5000): Promise<VerifyReport> {
  let prev = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const page = await db.execute<AuditDbRow>(
      sql`select *, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at_us
          from audit_log where seq >= ${expectedSeq} order by seq limit ${pageSize}`,
    );
    for (const r of page.rows) {
      const fail = (reason: string): VerifyReport => ({
        ok: false,
        checked,
        unsealed: 0,
        firstTampered: { seq: r.seq, id: String(r.id), reason },
      });
      if (r.seq !== expectedSeq) {
        // The missing row is gone, so name the position and the row that now follows the gap.
        return {
          ok: false,
          checked,
          unsealed: 0,
          firstTampered: {
            seq: expectedSeq,
            id: String(r.id),
            reason: `row deleted (seq ${expectedSeq} missing before id ${r.id})`,
          },
        };
      }
      const content: AuditRowContent = {
        at: new Date(`${r.at_us.slice(0, 23)}Z`),
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        requestId: r.request_id,
        ip: r.ip,
      };
      // recordAudit writes millisecond times; sub-millisecond digits mean someone rewrote `at`.
      if (!r.at_us.endsWith('000') || auditRowHash(content) !== r.row_hash)
        return fail('content does not match its hash');
      prev = sha256(prev + r.row_hash);
      if (prev !== r.chain_hash) return fail('chain link broken');
      expectedSeq += 1;
      checked += 1;
    }
    if (page.rows.length < pageSize) break;
  }
  const unsealed = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where seq is null`);
  return { ok: true, checked, unsealed: unsealed.rows[0]?.n ?? 0, firstTampered: null };
}
