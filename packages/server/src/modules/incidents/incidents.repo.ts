import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import {
  accounts,
  organizations,
  regions,
  dispatchRules,
  incidentCategories,
  incidentClocks,
  incidentEvents,
  incidentJointOrderMembers,
  incidentJointOrders,
  incidentPrefixes,
  incidents,
  regionOutlines,
  workingCalendars,
} from '../../platform/db/schema.ts';
import { INCIDENTS_CHANNEL } from './intake.repo.ts';

/** SQL of incidents: the intake's configuration, the lifecycle's reads and writes, the views. */

export type IncidentRow = typeof incidents.$inferSelect;
export type ClockRow = typeof incidentClocks.$inferSelect;
export type EventRow = typeof incidentEvents.$inferSelect;

/** A timestamp from a raw query (drizzle leaves them as PostgreSQL text). */
export function toDate(v: string | Date | null): Date | null {
  if (v === null) return null;
  if (v instanceof Date) return v;
  return new Date(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

// ── configuration (cached by intake.cache.ts) ────────────────────────────────────────────────

export async function loadIntakeConfig(db: Tx) {
  const [categories, rules, calendars, outlines, prefixes] = await Promise.all([
    db.select().from(incidentCategories),
    db
      .select({
        id: dispatchRules.id,
        categoryCode: dispatchRules.categoryCode,
        regionPath: dispatchRules.regionPath,
        handlingLevel: dispatchRules.handlingLevel,
        organizationId: dispatchRules.organizationId,
        autoDispatch: dispatchRules.autoDispatch,
        order: dispatchRules.order,
        active: dispatchRules.active,
      })
      .from(dispatchRules)
      .where(eq(dispatchRules.active, true)),
    db.select().from(workingCalendars),
    db
      .select({
        code: regionOutlines.regionCode,
        path: regions.path,
        geometry: regionOutlines.geometry,
        minLat: regionOutlines.minLat,
        minLng: regionOutlines.minLng,
        maxLat: regionOutlines.maxLat,
        maxLng: regionOutlines.maxLng,
      })
      .from(regionOutlines)
      .leftJoin(regions, eq(regions.code, regionOutlines.regionCode)),
    db.select().from(incidentPrefixes),
  ]);
  return { categories, rules, calendars, outlines, prefixes };
}

export async function findRegions(db: Tx, codes: readonly string[]) {
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level, path: regions.path })
    .from(regions)
    .where(inArray(regions.code, [...codes]));
}

// ── one incident ─────────────────────────────────────────────────────────────────────────────

export async function findIncident(db: Tx, id: string): Promise<IncidentRow | undefined> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
  return row;
}

export async function findIncidentByNumber(db: Tx, number: string): Promise<IncidentRow | undefined> {
  const [row] = await db.select().from(incidents).where(eq(incidents.number, number));
  return row;
}

/** The incident, row-locked for the rest of the transaction. */
export async function lockIncident(tx: Tx, id: string): Promise<IncidentRow | undefined> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update');
  return row;
}

export async function updateIncident(tx: Tx, id: string, patch: Partial<IncidentRow>): Promise<void> {
  await tx.update(incidents).set(patch).where(eq(incidents.id, id));
}

/** Organizations summoned to the incident by any joint order (they may see and report in). */
export async function jointOrganizationIds(db: Tx, incidentId: string): Promise<string[]> {
  const rows = await db
    .select({ id: incidentJointOrderMembers.organizationId })
    .from(incidentJointOrderMembers)
    .innerJoin(incidentJointOrders, eq(incidentJointOrders.id, incidentJointOrderMembers.orderId))
    .where(eq(incidentJointOrders.incidentId, incidentId));
  return rows.map((r) => r.id);
}

export async function clocksOf(db: Tx, incidentId: string): Promise<ClockRow[]> {
  return db
    .select()
    .from(incidentClocks)
    .where(eq(incidentClocks.incidentId, incidentId))
    .orderBy(asc(incidentClocks.id));
}

export async function updateClock(tx: Tx, id: number, patch: Partial<ClockRow>): Promise<void> {
  await tx.update(incidentClocks).set(patch).where(eq(incidentClocks.id, id));
}

/** Keeps `next_due_at` = the earliest deadline among running clocks. */
export async function refreshNextDue(tx: Tx, incidentId: string): Promise<void> {
  await tx.execute(sql`
    update incidents set next_due_at = (
      select min(due_at) from incident_clocks where incident_id = ${incidentId} and state = 'running')
    where id = ${incidentId}`);
}

export async function eventsOf(db: Tx, incidentId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, incidentId))
    .orderBy(asc(incidentEvents.id));
}

export async function organizationsByIds(db: Tx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: organizations.id, name: organizations.name, regionCode: organizations.regionCode })
    .from(organizations)
    .where(inArray(organizations.id, [...ids]));
}

export async function accountExists(db: Tx, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.disabled, false)));
  return Boolean(row);
}

/**
 * NOTIFYs the board's streams of a change (delivered at commit): the compact tuple of
 * intake.repo's StreamWire plus, ninth, the departments summoned to the incident, so a
 * summoned department's stream carries it too. One round trip, like the intake's.
 */
export async function notifyIncidentChanged(
  tx: Tx,
  r: Pick<
    IncidentRow,
    'id' | 'number' | 'status' | 'version' | 'regionPath' | 'assigneeRegionPath' | 'assigneeOrganizationId'
  >,
): Promise<void> {
  await tx.execute(sql`
    select pg_notify(${INCIDENTS_CHANNEL}, json_build_array(json_build_array(
      'changed', ${r.id}::text, ${r.number}::text, ${r.status}::text, ${r.version}::int,
      ${r.regionPath}::text, ${r.assigneeRegionPath}::text, ${r.assigneeOrganizationId}::text,
      coalesce((select json_agg(distinct m.organization_id)
        from incident_joint_order_members m join incident_joint_orders o on o.id = m.order_id
        where o.incident_id = ${r.id}), '[]'::json)))::text)`);
}

// ── joint orders (吹哨) ──────────────────────────────────────────────────────────────────────

export async function insertJointOrder(
  tx: Tx,
  order: { incidentId: string; note: string; createdBy: string; createdAt: Date },
  members: readonly { organizationId: string; deadlineAt: Date }[],
): Promise<string> {
  const [row] = await tx.insert(incidentJointOrders).values(order).returning({ id: incidentJointOrders.id });
  const orderId = row!.id;
  await tx.insert(incidentJointOrderMembers).values(members.map((m) => ({ ...m, orderId, state: 'summoned' })));
  return orderId;
}

/** The open summons of an organization to the incident, locked. */
export async function findSummons(
  tx: Tx,
  incidentId: string,
  organizationId: string,
): Promise<{ orderId: string } | undefined> {
  const res = await tx.execute<{ orderId: string }>(sql`
    select m.order_id as "orderId" from incident_joint_order_members m
    join incident_joint_orders o on o.id = m.order_id
    where o.incident_id = ${incidentId} and m.organization_id = ${organizationId} and m.state = 'summoned'
    order by o.created_at limit 1 for update of m`);
  return res.rows[0];
}

export async function markReported(
  tx: Tx,
  orderId: string,
  organizationId: string,
  at: Date,
  note: string | null,
): Promise<void> {
  await tx
    .update(incidentJointOrderMembers)
    .set({ state: 'reported', reportedAt: at, note })
    .where(
      and(eq(incidentJointOrderMembers.orderId, orderId), eq(incidentJointOrderMembers.organizationId, organizationId)),
    );
}

export interface JointOrderView {
  id: string;
  note: string;
  createdAt: Date;
  createdBy: string;
  members: {
    organizationId: string;
    organizationName: string;
    state: string;
    deadlineAt: Date;
    reportedAt: Date | null;
    note: string | null;
  }[];
}

export async function jointOrdersOf(db: Tx, incidentId: string): Promise<JointOrderView[]> {
  const orders = await db
    .select()
    .from(incidentJointOrders)
    .where(eq(incidentJointOrders.incidentId, incidentId))
    .orderBy(asc(incidentJointOrders.createdAt));
  if (orders.length === 0) return [];
  const members = await db
    .select({
      orderId: incidentJointOrderMembers.orderId,
      organizationId: incidentJointOrderMembers.organizationId,
      organizationName: sql<string>`coalesce(${organizations.name}, '')`,
      state: incidentJointOrderMembers.state,
      deadlineAt: incidentJointOrderMembers.deadlineAt,
      reportedAt: incidentJointOrderMembers.reportedAt,
      note: incidentJointOrderMembers.note,
    })
    .from(incidentJointOrderMembers)
    .leftJoin(organizations, eq(organizations.id, incidentJointOrderMembers.organizationId))
    .where(
      inArray(
        incidentJointOrderMembers.orderId,
        orders.map((o) => o.id),
      ),
    );
  return orders.map((o) => ({
    id: o.id,
    note: o.note,
    createdAt: o.createdAt,
    createdBy: o.createdBy,
    members: members.filter((m) => m.orderId === o.id),
  }));
}

// ── lists and summaries ──────────────────────────────────────────────────────────────────────

/** A summary row: the incident with its display names and its most urgent running clock. */
export type SummaryRow = {
  id: string;
  number: string;
  categoryCode: string;
  categoryName: string | null;
  categoryNameEn: string | null;
  description: string;
  status: string;
  priority: string;
  channel: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  regionCode: string | null;
  regionName: string | null;
  regionPath: string | null;
  handlingLevel: string;
  assigneeOrganizationId: string | null;
  assigneeOrganizationName: string | null;
  assigneeRegionCode: string | null;
  assigneeRegionName: string | null;
  assigneeAccountId: string | null;
  escalationLevel: number;
  overdue: boolean;
  version: number;
  receivedAt: string;
  updatedAt: string;
  clock: {
    kind: string;
    state: string;
    started_at: string;
    due_at: string | null;
    warn_at: string | null;
    met_at: string | null;
    warned_at: string | null;
    breached_at: string | null;
    remaining_ms: number | null;
    organization_id: string | null;
  } | null;
};

const SUMMARY_COLUMNS = sql`
  i.id, i.number, i.category_code as "categoryCode", c.name_zh as "categoryName",
  c.name_en as "categoryNameEn", i.description, i.status,
  i.priority, i.channel, i.address, i.lat, i.lng, i.region_code as "regionCode", r.name as "regionName",
  i.region_path as "regionPath", i.handling_level as "handlingLevel",
  i.assignee_organization_id as "assigneeOrganizationId", o.name as "assigneeOrganizationName",
  i.assignee_region_code as "assigneeRegionCode", ar.name as "assigneeRegionName",
  i.assignee_account_id as "assigneeAccountId",
  i.escalation_level as "escalationLevel", i.overdue, i.version,
  to_json(i.received_at) #>> '{}' as "receivedAt", to_json(i.updated_at) #>> '{}' as "updatedAt",
  (select to_json(k) from (
     select kind, state, started_at, due_at, warn_at, met_at, warned_at, breached_at, remaining_ms, organization_id
     from incident_clocks where incident_id = i.id and state in ('running', 'paused')
     order by state, due_at nulls last limit 1) k) as clock`;

const SUMMARY_FROM = sql`
  from incidents i
  left join incident_categories c on c.code = i.category_code
  left join regions r on r.code = i.region_code
  left join regions ar on ar.code = i.assignee_region_code
  left join organizations o on o.id = i.assignee_organization_id`;

export type SortKey = 'received_desc' | 'received_asc' | 'deadline_asc';

const ORDER: Record<SortKey, SQL> = {
  received_desc: sql`i.received_at desc, i.id desc`,
  received_asc: sql`i.received_at asc, i.id asc`,
  deadline_asc: sql`i.next_due_at asc nulls last, i.received_at desc`,
};

/**
 * One page of incidents matching `where` (written against alias `i`, or against the drizzle
 * `incidents` columns, which render as "incidents"."col" — hence the alias-free subquery).
 */
export async function listSummaries(
  db: Tx,
  where: SQL,
  sort: SortKey,
  page: { page: number; pageSize: number },
): Promise<{ items: SummaryRow[]; total: number }> {
  const ids = sql`select incidents.id from incidents where ${where}`;
  const [items, total] = await Promise.all([
    db.execute<SummaryRow>(sql`select ${SUMMARY_COLUMNS} ${SUMMARY_FROM}
      where i.id in (${ids}) order by ${ORDER[sort]}
      limit ${page.pageSize} offset ${(page.page - 1) * page.pageSize}`),
    db.execute<{ n: number }>(sql`select count(*)::int as n from incidents where ${where}`),
  ]);
  return { items: items.rows, total: total.rows[0]?.n ?? 0 };
}

export async function summaryById(db: Tx, id: string): Promise<SummaryRow | undefined> {
  const res = await db.execute<SummaryRow>(sql`select ${SUMMARY_COLUMNS} ${SUMMARY_FROM} where i.id = ${id}`);
  return res.rows[0];
}

/** Whether the mediation module's table exists (it may be absent in a partial deployment). */
const mediationPresent = new WeakMap<object, { present: boolean; at: number }>();

/** The mediation case linked to an incident, if the mediation module is installed and has one. */
export async function mediationCaseIdOf(db: Tx, incidentId: string): Promise<string | null> {
  const known = mediationPresent.get(db);
  let present = known?.present;
  if (present === undefined || (!present && Date.now() - known!.at > 60_000)) {
    const res = await db.execute<{ present: boolean }>(
      sql`select to_regclass('mediation_cases') is not null as present`,
    );
    present = Boolean(res.rows[0]?.present);
    mediationPresent.set(db, { present, at: Date.now() });
  }
  if (!present) return null;
  const res = await db.execute<{ id: string }>(
    sql`select id from mediation_cases where incident_id = ${incidentId} limit 1`,
  );
  return res.rows[0]?.id ?? null;
}
