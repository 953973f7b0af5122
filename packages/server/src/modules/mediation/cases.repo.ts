import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import { attachments } from '../../platform/platform.table.ts';
import {
  mediationCaseEvents,
  mediationCaseMediators,
  mediationCases,
  mediationCounters,
  mediationParties,
  mediationSessions,
  mediationTimeLimits,
  mediators,
} from './mediation.table.ts';
import { escapeLike, inSubtrees } from './mediators.repo.ts';

export type CaseRow = typeof mediationCases.$inferSelect;
export type CaseValues = typeof mediationCases.$inferInsert;
export type PartyRow = typeof mediationParties.$inferSelect;
export type SessionRow = typeof mediationSessions.$inferSelect;
export type EventRow = typeof mediationCaseEvents.$inferSelect;

/** The next serial of `year` (row-locked upsert: concurrent registrations get distinct numbers). */
export async function nextSerial(tx: Tx, year: number): Promise<number> {
  const [row] = await tx
    .insert(mediationCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: mediationCounters.year, set: { last: sql`${mediationCounters.last} + 1` } })
    .returning({ last: mediationCounters.last });
  return row!.last;
}

export async function insertCase(tx: Tx, values: CaseValues): Promise<CaseRow> {
  const [row] = await tx.insert(mediationCases).values(values).returning();
  if (!row) throw new Error('case insert returned nothing');
  return row;
}

export async function insertParties(tx: Tx, rows: (typeof mediationParties.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(mediationParties).values(rows);
}

export async function insertEvent(tx: Tx, e: typeof mediationCaseEvents.$inferInsert): Promise<void> {
  await tx.insert(mediationCaseEvents).values(e);
}

export async function insertSession(tx: Tx, s: typeof mediationSessions.$inferInsert): Promise<void> {
  await tx.insert(mediationSessions).values(s);
}

export async function findCase(db: Tx, id: string, forUpdate = false): Promise<CaseRow | undefined> {
  const q = db.select().from(mediationCases).where(eq(mediationCases.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findCaseByIncident(db: Tx, incidentId: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(mediationCases).where(eq(mediationCases.incidentId, incidentId)).limit(1);
  return row;
}

/** Updates when `version` is current (bumping it); undefined otherwise. */
export async function updateCase(
  tx: Tx,
  id: string,
  version: number,
  values: Partial<CaseValues>,
): Promise<CaseRow | undefined> {
  const [row] = await tx
    .update(mediationCases)
    .set({ ...values, version: sql`${mediationCases.version} + 1`, updatedAt: new Date() })
    .where(and(eq(mediationCases.id, id), eq(mediationCases.version, version)))
    .returning();
  return row;
}

export async function partiesOf(db: Tx, caseIds: readonly string[]): Promise<PartyRow[]> {
  if (caseIds.length === 0) return [];
  return db
    .select()
    .from(mediationParties)
    .where(inArray(mediationParties.caseId, [...caseIds]))
    .orderBy(asc(mediationParties.caseId), asc(mediationParties.ord));
}

export interface CaseMediatorRow {
  caseId: string;
  mediatorId: string;
  role: string;
  forPartyId: string | null;
  assignedAt: Date;
  name: string;
  hometownCode: string;
  hometownName: string | null;
}

export async function mediatorsOf(db: Tx, caseIds: readonly string[]): Promise<CaseMediatorRow[]> {
  if (caseIds.length === 0) return [];
  return db
    .select({
      caseId: mediationCaseMediators.caseId,
      mediatorId: mediationCaseMediators.mediatorId,
      role: mediationCaseMediators.role,
      forPartyId: mediationCaseMediators.forPartyId,
      assignedAt: mediationCaseMediators.assignedAt,
      name: mediators.name,
      hometownCode: mediators.hometownCode,
      hometownName: mediators.hometownName,
    })
    .from(mediationCaseMediators)
    .innerJoin(mediators, eq(mediators.id, mediationCaseMediators.mediatorId))
    .where(inArray(mediationCaseMediators.caseId, [...caseIds]))
    .orderBy(asc(mediationCaseMediators.caseId), asc(mediationCaseMediators.role), asc(mediators.name));
}

/** Replaces a case's mediators. */
export async function setCaseMediators(
  tx: Tx,
  caseId: string,
  rows: { mediatorId: string; role: 'lead' | 'member'; forPartyId: string | null }[],
): Promise<void> {
  await tx.delete(mediationCaseMediators).where(eq(mediationCaseMediators.caseId, caseId));
  if (rows.length) await tx.insert(mediationCaseMediators).values(rows.map((r) => ({ ...r, caseId })));
}

/** Open cases of each mediator (locking nothing: capacity is re-checked under the case lock). */
export async function openCasesOf(db: Tx, mediatorIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(mediatorIds.map((id) => [id, 0]));
  if (mediatorIds.length === 0) return out;
  const rows = await db
    .select({ id: mediationCaseMediators.mediatorId, n: sql<number>`count(*)::int` })
    .from(mediationCaseMediators)
    .innerJoin(mediationCases, eq(mediationCases.id, mediationCaseMediators.caseId))
    .where(
      and(
        inArray(mediationCaseMediators.mediatorId, [...mediatorIds]),
        inArray(mediationCases.status, ['registered', 'matched', 'in_session']),
      ),
    )
    .groupBy(mediationCaseMediators.mediatorId);
  for (const r of rows) out.set(r.id, r.n);
  return out;
}

export async function sessionsOf(db: Tx, caseId: string): Promise<SessionRow[]> {
  return db
    .select()
    .from(mediationSessions)
    .where(eq(mediationSessions.caseId, caseId))
    .orderBy(asc(mediationSessions.heldAt));
}

export async function eventsOf(db: Tx, caseId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(mediationCaseEvents)
    .where(eq(mediationCaseEvents.caseId, caseId))
    .orderBy(asc(mediationCaseEvents.seq));
}

export interface CaseFilter {
  q?: string;
  statuses?: string[];
  type?: string;
  regionPath?: string;
  visiblePaths?: string[];
  mediatorId?: string;
  urgency?: string;
  overdue?: boolean;
  crossProvince?: boolean;
  from?: Date;
  to?: Date;
  ids?: string[];
}

function caseWhere(f: CaseFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    conds.push(
      sql`(${mediationCases.title} ilike ${like} or ${mediationCases.number} ilike ${like} or exists (select 1 from ${mediationParties} p where p.case_id = mediation_cases.id and p.name ilike ${like}))`,
    );
  }
  if (f.statuses?.length) conds.push(inArray(mediationCases.status, f.statuses));
  if (f.type) conds.push(eq(mediationCases.type, f.type));
  if (f.regionPath !== undefined) conds.push(inSubtrees(mediationCases.regionPath, [f.regionPath]));
  if (f.visiblePaths) conds.push(inSubtrees(mediationCases.regionPath, f.visiblePaths));
  if (f.mediatorId)
    conds.push(
      sql`exists (select 1 from ${mediationCaseMediators} cm where cm.case_id = mediation_cases.id and cm.mediator_id = ${f.mediatorId})`,
    );
  if (f.urgency) conds.push(eq(mediationCases.urgency, f.urgency));
  if (f.overdue !== undefined) conds.push(sql`(${mediationCases.clockBreachedAt} is not null) = ${f.overdue}`);
  if (f.crossProvince !== undefined) conds.push(eq(mediationCases.crossProvince, f.crossProvince));
  if (f.from) conds.push(sql`${mediationCases.registeredAt} >= ${f.from}`);
  if (f.to) conds.push(sql`${mediationCases.registeredAt} < ${f.to}`);
  if (f.ids) conds.push(f.ids.length ? inArray(mediationCases.id, f.ids) : sql`false`);
  return and(...conds);
}

const ORDER = {
  registered_desc: [desc(mediationCases.registeredAt), desc(mediationCases.id)],
  registered_asc: [asc(mediationCases.registeredAt), asc(mediationCases.id)],
  deadline_asc: [
    sql`${mediationCases.clockStoppedAt} is not null`,
    asc(mediationCases.clockDueAt),
    asc(mediationCases.id),
  ],
} as const;

export async function listCases(
  db: Tx,
  f: CaseFilter,
  page: { page: number; pageSize: number; sort: keyof typeof ORDER },
): Promise<{ items: CaseRow[]; total: number }> {
  const where = caseWhere(f);
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(mediationCases)
      .where(where)
      .orderBy(...ORDER[page.sort])
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mediationCases)
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** Every case matching `f` (batch planning; bounded by the caller). */
export async function allCases(db: Tx, f: CaseFilter, limit: number): Promise<CaseRow[]> {
  return db.select().from(mediationCases).where(caseWhere(f)).orderBy(asc(mediationCases.registeredAt)).limit(limit);
}

/** The stored files among `ids` (any order; unknown ids are simply absent). */
export async function attachmentsByIds(db: Tx, ids: readonly string[]): Promise<(typeof attachments.$inferSelect)[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(attachments)
    .where(inArray(attachments.id, [...ids]));
}

export async function timeLimits(db: Tx): Promise<Map<string, number>> {
  const rows = await db.select().from(mediationTimeLimits);
  return new Map(rows.map((r) => [r.type, r.days]));
}

export async function setTimeLimits(tx: Tx, limits: readonly { type: string; days: number }[]): Promise<void> {
  for (const l of limits) {
    await tx
      .insert(mediationTimeLimits)
      .values({ type: l.type, days: l.days })
      .onConflictDoUpdate({ target: mediationTimeLimits.type, set: { days: l.days, updatedAt: new Date() } });
  }
}

/** Clocks the sweep must look at now, locked so several processes never take the same one. */
export async function dueClocks(tx: Tx, now: Date, limit: number): Promise<CaseRow[]> {
  return tx
    .select()
    .from(mediationCases)
    .where(sql`${mediationCases.clockCheckAt} <= ${now}`)
    .orderBy(asc(mediationCases.clockCheckAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function setClock(tx: Tx, id: string, values: Partial<CaseValues>): Promise<void> {
  await tx.update(mediationCases).set(values).where(eq(mediationCases.id, id));
}
