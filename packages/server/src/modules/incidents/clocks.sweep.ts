import { sql } from 'drizzle-orm';
import {
  InAppPayload,
  ROLE_PERMISSIONS,
  type ClockKind,
  type HandlingLevel,
  type IncidentStatus,
  type Role,
} from '@zhili/contracts';
import { recordAudits, type AuditRowContent } from '../../platform/audit.ts';
import { SYSTEM_ACTOR } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/pool.ts';
import { accountTarget } from '../../platform/outbox.ts';
import type { RecurringTask } from '../../platform/scheduler.ts';
import { unitRegionFor } from './dispatch.engine.ts';
import { escalateLevel } from './lifecycle.engine.ts';

/**
 * The clock sweeper: every ~200 ms it takes the clocks whose `check_at` has come (the partial
 * index keeps this a short index scan however many incidents are open), records warnings and
 * breaches, escalates and notifies. Clocks and their incidents are claimed with
 * `FOR UPDATE SKIP LOCKED`, so any number of processes may sweep at once without processing a
 * clock twice; all state is in the tables, so a restart loses nothing.
 */

/** The LISTEN/NOTIFY channel the board's event stream follows. */
export const INCIDENTS_CHANNEL = 'zhili_incidents';
/** Rows claimed per transaction. */
export const SWEEP_BATCH = 500;
/** Most batches per sweep call, so one process never holds the loop for long. */
const MAX_BATCHES = 20;
/** NOTIFY payloads are limited to 8000 bytes; stay below with room for the framing. */
const NOTIFY_LIMIT = 7000;
/** Clocks that escalate the incident when breached (respond does not; report_in marks the member). */
const ESCALATING: ReadonlySet<string> = new Set(['dispatch', 'on_site', 'resolve']);
const UNIT_LEVELS: ReadonlySet<string> = new Set(['grid', 'community', 'township']);

const KIND_ZH: Record<ClockKind, string> = {
  respond: '响应',
  dispatch: '派单',
  on_site: '到场',
  resolve: '办结',
  report_in: '报到',
};

const LEVEL_ZH: Record<HandlingLevel, string> = {
  grid: '网格',
  community: '社区',
  township: '镇街',
  department: '部门',
  county: '县级中心',
};

/** Roles that carry incident.dispatch: the dispatchers told about a breach. */
const DISPATCH_ROLES: Role[] = (Object.entries(ROLE_PERMISSIONS) as [Role, readonly string[]][])
  .filter(([, perms]) => perms.includes('incident.dispatch'))
  .map(([role]) => role);

interface DueRow extends Record<string, unknown> {
  id: string;
  incident_id: string;
  kind: ClockKind;
  organization_id: string | null;
  state: string;
  /** ISO instant (formatted in SQL: raw timestamps come back as strings through drizzle). */
  due_at: string;
  op: Op;
  number: string;
  status: IncidentStatus;
  version: number;
  region_path: string | null;
  assignee_region_code: string | null;
  assignee_region_path: string | null;
  assignee_account_id: string | null;
  assignee_organization_id: string | null;
  handling_level: HandlingLevel;
}

type Op = 'warn' | 'breach' | 'reschedule' | 'clear';

interface Escalation {
  fromLevel: HandlingLevel;
  toLevel: HandlingLevel;
  regionCode: string | null;
  regionPath: string | null;
}

/** One level up for each incident with an escalating breach in this batch (once per incident). */
async function planEscalations(tx: Tx, rows: readonly DueRow[]): Promise<Map<string, Escalation>> {
  const byIncident = new Map<string, DueRow>();
  for (const r of rows)
    if (ESCALATING.has(r.kind) && escalateLevel(r.handling_level) !== r.handling_level)
      byIncident.set(r.incident_id, r);
  const out = new Map<string, Escalation>();
  if (byIncident.size === 0) return out;
  // The unit's ancestors are the codes on its path: one lookup for the whole batch.
  const codes = new Set<string>();
  for (const r of byIncident.values())
    for (const c of (r.assignee_region_path ?? r.region_path ?? '').split('/')) if (c) codes.add(c);
  const regions =
    codes.size === 0
      ? []
      : (
          await tx.execute<{ code: string; level: string; path: string }>(
            sql`select code, level, path from regions where code = any(${sql.param([...codes])}::text[])`,
          )
        ).rows;
  const byCode = new Map(regions.map((g) => [g.code, g]));
  for (const [id, r] of byIncident) {
    const toLevel = escalateLevel(r.handling_level);
    let unit: { code: string; path: string } | null = null;
    if (UNIT_LEVELS.has(r.handling_level)) {
      const path = r.assignee_region_path ?? r.region_path ?? '';
      const ancestors = path.split('/').flatMap((c) => byCode.get(c) ?? []);
      unit = unitRegionFor(toLevel, ancestors);
    }
    out.set(id, {
      fromLevel: r.handling_level,
      toLevel,
      regionCode: unit?.code ?? null,
      regionPath: unit?.path ?? null,
    });
  }
  return out;
}

/** Dispatchers over each incident (its place or its unit) and the assignee account. */
async function recipients(tx: Tx, rows: readonly DueRow[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const add = (incidentId: string, accountId: string): void => {
    let set = out.get(incidentId);
    if (!set) out.set(incidentId, (set = new Set()));
    set.add(accountId);
  };
  const incidents = [...new Map(rows.map((r) => [r.incident_id, r])).values()];
  for (const r of incidents) if (r.assignee_account_id) add(r.incident_id, r.assignee_account_id);
  const res = await tx.execute<{ incident_id: string; account_id: string }>(sql`
    select distinct u.incident_id, ra.account_id
    from unnest(${sql.param(incidents.map((r) => r.incident_id))}::uuid[],
                ${sql.param(incidents.map((r) => r.region_path))}::text[],
                ${sql.param(incidents.map((r) => r.assignee_region_path))}::text[],
                ${sql.param(incidents.map((r) => r.assignee_organization_id))}::uuid[]) as u(incident_id, path, apath, org)
    join role_assignments ra on ra.role = any(${sql.param(DISPATCH_ROLES)}::text[])
    join accounts a on a.id = ra.account_id and not a.disabled
    left join regions g on g.code = ra.region_code
    where (ra.region_code is null
           or u.path = g.path or u.path like g.path || '/%'
           or u.apath = g.path or u.apath like g.path || '/%')
      and (ra.organization_id is null or ra.organization_id = u.org)`);
  for (const r of res.rows) add(r.incident_id, r.account_id);
  return out;
}

/** One audit row per breach (system actor), all in one INSERT: the sealer chains them like any other. */
async function auditBreaches(tx: Tx, breaches: readonly DueRow[], escalations: Map<string, Escalation>): Promise<void> {
  const at = new Date();
  const values = breaches.map((r) => {
    const e = ESCALATING.has(r.kind) ? escalations.get(r.incident_id) : undefined;
    const content: AuditRowContent = {
      at,
      actorId: null,
      actorName: SYSTEM_ACTOR.name,
      action: 'incident.clock_breach',
      entity: 'incident',
      entityId: r.incident_id,
      before: {
        kind: r.kind,
        dueAt: r.due_at,
        handlingLevel: r.handling_level,
        assigneeRegionCode: r.assignee_region_code,
      },
      after: {
        kind: r.kind,
        overdue: true,
        handlingLevel: e?.toLevel ?? r.handling_level,
        assigneeRegionCode: e?.regionCode ?? r.assignee_region_code,
      },
      requestId: null,
      ip: null,
    };
    return content;
  });
  await recordAudits(tx, values);
}

/**
 * In-app notifications to the assignee and the covering dispatchers, validated like
 * enqueueNotification does and queued in one INSERT (same columns, same transaction).
 */
async function notifyBreaches(tx: Tx, breaches: readonly DueRow[]): Promise<void> {
  const to = await recipients(tx, breaches);
  const targets: string[] = [];
  const payloads: string[] = [];
  for (const r of breaches) {
    const payload = InAppPayload.parse({
      title: `事件 ${r.number} ${KIND_ZH[r.kind]}超时 / ${r.kind} deadline missed`,
      text: `${KIND_ZH[r.kind]}时限 ${r.due_at} 已过 / was due ${r.due_at}`,
      link: `/incidents/${r.incident_id}`,
      kind: 'incident.clock_breach',
    });
    for (const accountId of to.get(r.incident_id) ?? []) {
      targets.push(accountTarget(accountId));
      payloads.push(JSON.stringify(payload));
    }
  }
  if (targets.length === 0) return;
  await tx.execute(sql`
    insert into outbox (channel, target, payload, max_attempts, created_at)
    select 'in_app', u.target, u.payload::jsonb, 8, clock_timestamp()
    from unnest(${sql.param(targets)}::text[], ${sql.param(payloads)}::text[]) as u(target, payload)`);
}

/** pg_notify payloads, each a JSON array under {@link NOTIFY_LIMIT} bytes. */
export function notifyChunks(items: readonly Record<string, unknown>[]): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const item of items) {
    const json = JSON.stringify(item);
    const bytes = Buffer.byteLength(json) + 1;
    if (parts.length > 0 && size + bytes > NOTIFY_LIMIT) {
      chunks.push(`[${parts.join(',')}]`);
      parts = [];
      size = 2;
    }
    parts.push(json);
    size += bytes;
  }
  if (parts.length > 0) chunks.push(`[${parts.join(',')}]`);
  return chunks;
}

/** The departments summoned to each of the incidents (only those with joint orders appear). */
async function jointOrganizationsOf(tx: Tx, incidentIds: readonly string[]): Promise<Map<string, string[]>> {
  if (incidentIds.length === 0) return new Map();
  const res = await tx.execute<{ incident_id: string; orgs: string[] }>(sql`
    select o.incident_id, array_agg(distinct m.organization_id::text) as orgs
    from incident_joint_orders o join incident_joint_order_members m on m.order_id = o.id
    where o.incident_id = any(${sql.param(incidentIds)}::uuid[])
    group by o.incident_id`);
  return new Map(res.rows.map((r) => [r.incident_id, r.orgs]));
}

async function sweepBatch(tx: Tx, limit: number): Promise<{ claimed: number; warned: number; breached: number }> {
  // Locks the clock and its incident together; a row locked elsewhere (a transition under way,
  // another sweeper) is skipped now and met again on the next turn.
  // One round trip claims, classifies and updates the clocks (latency, not work, dominates a
  // busy machine). A clock resumed after its warning keeps warned_at: it is not warned twice.
  const due = await tx.execute<DueRow>(sql`
    with due as (
      select c.id, c.incident_id, c.kind, c.organization_id, c.due_at,
        case when c.state <> 'running' or c.breached_at is not null then 'clear'
             when c.due_at <= now() then 'breach'
             when c.warn_at <= now() and c.warned_at is null then 'warn'
             else 'reschedule' end as op,
        i.number, i.status, i.version, i.region_path, i.assignee_region_code, i.assignee_region_path,
        i.assignee_account_id, i.assignee_organization_id, i.handling_level
      from incident_clocks c join incidents i on i.id = c.incident_id
      where c.check_at <= now()
      order by c.check_at
      limit ${limit}
      for update of c, i skip locked),
    upd as (
      update incident_clocks c set
        warned_at = case when due.op = 'warn' then now() else c.warned_at end,
        breached_at = case when due.op = 'breach' then now() else c.breached_at end,
        check_at = case when due.op in ('warn', 'reschedule') then c.due_at end
      from due where c.id = due.id)
    select due.id::text as id, incident_id, kind, organization_id, op,
      to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as due_at,
      number, status, version, region_path, assignee_region_code, assignee_region_path,
      assignee_account_id, assignee_organization_id, handling_level
    from due`);
  const rows = due.rows;
  if (rows.length === 0) return { claimed: 0, warned: 0, breached: 0 };
  const ops = rows.map((r) => r.op);

  const breaches = rows.filter((_, k) => ops[k] === 'breach');
  const warnings = rows.filter((_, k) => ops[k] === 'warn');
  const isBreach = new Set(breaches);
  const escalations = await planEscalations(tx, breaches);

  // Overdue, escalated, and a new version so open screens refresh and stale edits are refused.
  const versions = new Map<string, number>();
  const breachedIds = [...new Set(breaches.map((r) => r.incident_id))];
  if (breachedIds.length > 0) {
    const esc = breachedIds.map((id) => escalations.get(id));
    const res = await tx.execute<{ id: string; version: number }>(sql`
      update incidents i set overdue = true, version = i.version + 1, updated_at = now(),
        handling_level = coalesce(u.level, i.handling_level),
        escalation_level = i.escalation_level + u.esc,
        assignee_region_code = coalesce(u.rc, i.assignee_region_code),
        assignee_region_path = coalesce(u.rp, i.assignee_region_path)
      from unnest(${sql.param(breachedIds)}::uuid[], ${sql.param(esc.map((e) => e?.toLevel ?? null))}::text[],
                  ${sql.param(esc.map((e) => (e ? 1 : 0)))}::int[], ${sql.param(esc.map((e) => e?.regionCode ?? null))}::text[],
                  ${sql.param(esc.map((e) => e?.regionPath ?? null))}::text[]) as u(id, level, esc, rc, rp)
      where i.id = u.id
      returning i.id, i.version`);
    for (const r of res.rows) versions.set(r.id, r.version);
  }

  // The timeline: one event per warning and per breach; the escalation rides on the first breach.
  const escalationShown = new Set<string>();
  const events = [...warnings, ...breaches].map((r) => {
    const breach = isBreach.has(r);
    const data: Record<string, unknown> = { kind: r.kind, dueAt: r.due_at, clockId: r.id };
    if (r.organization_id) data.organizationId = r.organization_id;
    let note = `${KIND_ZH[r.kind]}时限${breach ? '已超时' : '即将到期'}`;
    if (breach && r.kind === 'report_in') data.memberOverdue = true;
    const e = escalations.get(r.incident_id);
    if (breach && e && ESCALATING.has(r.kind) && !escalationShown.has(r.incident_id)) {
      escalationShown.add(r.incident_id);
      data.escalated = e;
      note += `，升级至${LEVEL_ZH[e.toLevel]}`;
    }
    return {
      incidentId: r.incident_id,
      action: breach ? 'clock_breach' : 'clock_warning',
      status: r.status,
      note,
      data,
    };
  });
  await tx.execute(sql`
    insert into incident_events (incident_id, at, action, from_status, to_status, actor_kind, actor_id, actor_name, note, data)
    select u.incident_id, now(), u.action, u.status, u.status, 'system', null, ${SYSTEM_ACTOR.name}, u.note, u.data::jsonb
    from unnest(${sql.param(events.map((e) => e.incidentId))}::uuid[], ${sql.param(events.map((e) => e.action))}::text[],
                ${sql.param(events.map((e) => e.status))}::text[], ${sql.param(events.map((e) => e.note))}::text[],
                ${sql.param(events.map((e) => JSON.stringify(e.data)))}::text[]) as u(incident_id, action, status, note, data)`);

  if (breaches.length > 0) {
    await auditBreaches(tx, breaches, escalations);
    await notifyBreaches(tx, breaches);
  }

  // The board's event carries the unit and the summoned departments, so their streams get it.
  const flagged = [...warnings, ...breaches];
  const joint = await jointOrganizationsOf(tx, [...new Set(flagged.map((r) => r.incident_id))]);
  const touched = new Map<string, Record<string, unknown>>();
  for (const r of flagged) {
    touched.set(r.incident_id, {
      type: 'clock',
      id: r.incident_id,
      number: r.number,
      status: r.status,
      version: versions.get(r.incident_id) ?? r.version,
      regionPath: r.region_path,
      assigneeRegionPath: escalations.get(r.incident_id)?.regionPath ?? r.assignee_region_path,
      assigneeOrganizationId: r.assignee_organization_id,
      jointOrganizationIds: joint.get(r.incident_id) ?? [],
    });
  }
  const payloads = notifyChunks([...touched.values()]);
  if (payloads.length > 0) {
    await tx.execute(
      sql`select count(pg_notify(${INCIDENTS_CHANNEL}, p)) from unnest(${sql.param(payloads)}::text[]) as p`,
    );
  }
  return { claimed: rows.length, warned: warnings.length, breached: breaches.length };
}

/**
 * Processes the clocks that are due now, in transactions of `limit` rows, until fewer than a full
 * batch is left (at most 20 batches per call). Safe to call from several processes at once.
 */
export async function sweepClocks(
  db: Db,
  opts: { limit?: number } = {},
): Promise<{ warned: number; breached: number }> {
  const limit = opts.limit ?? SWEEP_BATCH;
  // The idle path is one index probe, without a transaction.
  const probe = await db.execute<{ due: boolean }>(
    sql`select exists (select 1 from incident_clocks where check_at <= now()) as due`,
  );
  const total = { warned: 0, breached: 0 };
  if (!probe.rows[0]?.due) return total;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const r = await db.transaction((tx) => sweepBatch(tx, limit));
    total.warned += r.warned;
    total.breached += r.breached;
    if (r.claimed < limit) break;
  }
  return total;
}

/** How often the sweep runs; with the sweep's own time this bounds the detection lag. */
export const CLOCK_SWEEP_INTERVAL_MS = 200;

/** The sweep as the platform scheduler runs it (module `recurring`). */
export const clockSweepTask: RecurringTask = {
  name: 'incidents.clock-sweep',
  intervalMs: CLOCK_SWEEP_INTERVAL_MS,
  run: ({ db }) => sweepClocks(db),
};
