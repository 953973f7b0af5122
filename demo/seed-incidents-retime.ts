import { inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../packages/server/src/platform/db/pool.ts';
import {
  incidentClocks,
  incidentEvents,
  incidentJointOrderMembers,
  incidentJointOrders,
  incidents,
} from '../packages/server/src/platform/db/schema.ts';

/**
 * Moves seeded incidents into the past. The seed creates every incident and transition through
 * the services (so numbers, timelines, clocks and audit are what the API makes), one call at a
 * time, noting the real moment each call began. Afterwards every timestamp the calls wrote is
 * carried to the planned moment of its call: `x ↦ planned[k] + (x − real[k])` for the call k
 * that wrote it. Deadlines keep their distance from their clock's start, so a respond clock
 * still has its 60 s, and clocks met after their deadline are marked breached as the sweep
 * would have done. Joint orders move with their whistle, their report-in deadlines keeping their
 * distance. A clock resumed after a hold keeps its deadlines' distance from the resume instead.
 * The audit log is append-only and keeps the real times of the seed.
 */

/** One incident's calls: when each really began and when it is meant to have happened. */
export interface Timeline {
  incidentId: string;
  real: number[];
  planned: number[];
}

/** As the clock sweep words its breach events. */
const KIND_ZH: Record<string, string> = {
  respond: '响应',
  dispatch: '派单',
  on_site: '到场',
  resolve: '办结',
  report_in: '报到',
};

export type Mapper = (d: Date | null) => Date | null;

/** Maps a real timestamp of the timeline's calls to its planned moment. */
export function mapperOf(t: Timeline): Mapper {
  return (d) => {
    if (d === null) return null;
    const x = d.getTime();
    let k = 0;
    while (k + 1 < t.real.length && (t.real[k + 1] ?? Infinity) <= x) k++;
    return new Date((t.planned[k] ?? x) + (x - (t.real[k] ?? x)));
  };
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const shiftFrom = (start: Date, newStart: Date, d: Date | null) =>
  d === null ? null : new Date(newStart.getTime() + (d.getTime() - start.getTime()));

/** Rewrites the incidents', events' and clocks' times of the given timelines in one transaction. */
export async function retimeIncidents(db: Db, timelines: Timeline[], now: Date): Promise<void> {
  if (timelines.length === 0) return;
  const byId = new Map(timelines.map((t) => [t.incidentId, mapperOf(t)]));
  const ids = [...byId.keys()];
  await db.transaction(async (tx) => {
    const events = await tx
      .select({
        id: incidentEvents.id,
        incidentId: incidentEvents.incidentId,
        at: incidentEvents.at,
        action: incidentEvents.action,
      })
      .from(incidentEvents)
      .where(inArray(incidentEvents.incidentId, ids));
    const eventRows = events.map((e) => ({ id: e.id, at: iso(byId.get(e.incidentId)?.(e.at) ?? e.at) }));
    await tx.execute(sql`
      update incident_events e set at = v.at
      from jsonb_to_recordset(${JSON.stringify(eventRows)}::jsonb) as v(id bigint, at timestamptz)
      where e.id = v.id`);

    const clocks = await tx.select().from(incidentClocks).where(inArray(incidentClocks.incidentId, ids));
    const resumes = new Map<string, Date[]>();
    for (const e of events.filter((x) => x.action === 'resume')) {
      resumes.set(e.incidentId, [...(resumes.get(e.incidentId) ?? []), e.at]);
    }
    const breaches: { incident_id: string; at: string; data: string; note: string }[] = [];
    const nextDue = new Map<string, number>();
    const overdue = new Set<string>();
    const clockRows = clocks.map((c) => {
      const map = byId.get(c.incidentId) ?? ((d: Date | null) => d);
      const started = map(c.startedAt) ?? c.startedAt;
      // A resume sets new deadlines from its own moment: they keep their distance from the resume.
      const resumed = (resumes.get(c.incidentId) ?? [])
        .filter((r) => r >= c.startedAt && (c.metAt === null || r <= c.metAt))
        .at(-1);
      const from = resumed ?? c.startedAt;
      const to = map(from) ?? from;
      const due = shiftFrom(from, to, c.dueAt);
      const warn = shiftFrom(from, to, c.warnAt);
      const met = map(c.metAt);
      // Met late: the sweep would have warned and breached it on the way.
      const breached = met && due && met > due ? due : null;
      const warned = met && warn && met > warn ? warn : null;
      if (breached) {
        const at = breached.toISOString();
        const data = { kind: c.kind, dueAt: at, clockId: c.id };
        breaches.push({
          incident_id: c.incidentId,
          at,
          data: JSON.stringify(data),
          note: `${KIND_ZH[c.kind] ?? ''}时限已超时`,
        });
        overdue.add(c.incidentId);
      }
      if (c.state === 'running' && due) {
        nextDue.set(c.incidentId, Math.min(nextDue.get(c.incidentId) ?? Infinity, due.getTime()));
      }
      return {
        id: c.id,
        started_at: iso(started),
        due_at: iso(due),
        warn_at: iso(warn),
        met_at: iso(met),
        check_at: c.checkAt ? iso(shiftFrom(from, to, c.checkAt)) : null,
        warned_at: iso(warned),
        breached_at: iso(breached),
      };
    });
    await tx.execute(sql`
      update incident_clocks c set started_at = v.started_at, due_at = v.due_at, warn_at = v.warn_at,
        met_at = v.met_at, check_at = v.check_at, warned_at = v.warned_at, breached_at = v.breached_at
      from jsonb_to_recordset(${JSON.stringify(clockRows)}::jsonb) as v(id bigint, started_at timestamptz,
        due_at timestamptz, warn_at timestamptz, met_at timestamptz, check_at timestamptz,
        warned_at timestamptz, breached_at timestamptz)
      where c.id = v.id`);
    if (breaches.length > 0) {
      await tx.execute(sql`
        insert into incident_events (incident_id, at, action, actor_kind, actor_name, note, data)
        select v.incident_id, v.at, 'clock_breach', 'system', 'system', v.note, v.data::jsonb
        from jsonb_to_recordset(${JSON.stringify(breaches)}::jsonb) as v(incident_id uuid, at timestamptz, note text, data text)`);
    }

    await retimeJointOrders(tx, byId, ids);

    const rows = await tx.select().from(incidents).where(inArray(incidents.id, ids));
    const incidentRows = rows.map((r) => {
      const map = byId.get(r.id) ?? ((d: Date | null) => d);
      const due = nextDue.get(r.id);
      return {
        id: r.id,
        received_at: iso(map(r.receivedAt)),
        responded_at: iso(map(r.respondedAt)),
        dispatched_at: iso(map(r.dispatchedAt)),
        accepted_at: iso(map(r.acceptedAt)),
        on_site_at: iso(map(r.onSiteAt)),
        resolved_at: iso(map(r.resolvedAt)),
        followed_up_at: iso(map(r.followedUpAt)),
        closed_at: iso(map(r.closedAt)),
        updated_at: iso(map(r.updatedAt)),
        next_due_at: due === undefined ? null : new Date(due).toISOString(),
        overdue: overdue.has(r.id) || (due !== undefined && due < now.getTime()),
      };
    });
    await tx.execute(sql`
      update incidents i set received_at = v.received_at, responded_at = v.responded_at,
        dispatched_at = v.dispatched_at, accepted_at = v.accepted_at, on_site_at = v.on_site_at,
        resolved_at = v.resolved_at, followed_up_at = v.followed_up_at, closed_at = v.closed_at,
        updated_at = v.updated_at, next_due_at = v.next_due_at, overdue = v.overdue
      from jsonb_to_recordset(${JSON.stringify(incidentRows)}::jsonb) as v(id uuid, received_at timestamptz,
        responded_at timestamptz, dispatched_at timestamptz, accepted_at timestamptz, on_site_at timestamptz,
        resolved_at timestamptz, followed_up_at timestamptz, closed_at timestamptz, updated_at timestamptz,
        next_due_at timestamptz, overdue boolean)
      where i.id = v.id`);
  });
}

/** Joint orders: created when their whistle was, deadlines as far after it, report-ins mapped. */
async function retimeJointOrders(tx: Tx, byId: Map<string, Mapper>, ids: string[]): Promise<void> {
  const orders = await tx.select().from(incidentJointOrders).where(inArray(incidentJointOrders.incidentId, ids));
  if (orders.length === 0) return;
  const created = new Map(
    orders.map((o) => [o.id, { was: o.createdAt, is: byId.get(o.incidentId)?.(o.createdAt) ?? o.createdAt }]),
  );
  const members = await tx
    .select()
    .from(incidentJointOrderMembers)
    .where(
      inArray(
        incidentJointOrderMembers.orderId,
        orders.map((o) => o.id),
      ),
    );
  const incidentOf = new Map(orders.map((o) => [o.id, o.incidentId]));
  const orderRows = orders.map((o) => ({ id: o.id, created_at: iso(created.get(o.id)?.is ?? o.createdAt) }));
  const memberRows = members.map((m) => {
    const c = created.get(m.orderId);
    const map = byId.get(incidentOf.get(m.orderId) ?? '') ?? ((d: Date | null) => d);
    return {
      order_id: m.orderId,
      organization_id: m.organizationId,
      deadline_at: iso(c ? shiftFrom(c.was, c.is, m.deadlineAt) : m.deadlineAt),
      reported_at: iso(map(m.reportedAt)),
    };
  });
  await tx.execute(sql`
    update incident_joint_orders o set created_at = v.created_at
    from jsonb_to_recordset(${JSON.stringify(orderRows)}::jsonb) as v(id uuid, created_at timestamptz)
    where o.id = v.id`);
  await tx.execute(sql`
    update incident_joint_order_members m set deadline_at = v.deadline_at, reported_at = v.reported_at
    from jsonb_to_recordset(${JSON.stringify(memberRows)}::jsonb) as v(order_id uuid, organization_id uuid,
      deadline_at timestamptz, reported_at timestamptz)
    where m.order_id = v.order_id and m.organization_id = v.organization_id`);
}
