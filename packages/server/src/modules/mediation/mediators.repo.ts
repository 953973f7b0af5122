import { and, asc, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import { mediationCaseMediators, mediationCases, mediationPoolMembers, mediators } from './mediation.table.ts';

export type MediatorRow = typeof mediators.$inferSelect;
export type MediatorValues = typeof mediators.$inferInsert;

/** `%`, `_` and `\` taken literally inside a LIKE pattern. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Rows whose path column lies in any of these subtrees; none matches nothing. */
export function inSubtrees(column: AnyColumn, paths: readonly string[]): SQL {
  if (paths.length === 0) return sql`false`;
  return sql.join(
    paths.map((p) => sql`(${column} = ${p} or ${column} like ${`${escapeLike(p)}/%`})`),
    sql` or `,
  );
}

export async function insertMediator(tx: Tx, values: MediatorValues): Promise<MediatorRow> {
  const [row] = await tx.insert(mediators).values(values).returning();
  if (!row) throw new Error('mediator insert returned nothing');
  return row;
}

/** Updates when `version` is current; undefined when it is not (or the row is gone). */
export async function updateMediator(
  tx: Tx,
  id: string,
  version: number,
  values: Partial<MediatorValues>,
): Promise<MediatorRow | undefined> {
  const [row] = await tx
    .update(mediators)
    .set({ ...values, version: sql`${mediators.version} + 1`, updatedAt: new Date() })
    .where(and(eq(mediators.id, id), eq(mediators.version, version)))
    .returning();
  return row;
}

export async function findMediator(db: Tx, id: string): Promise<MediatorRow | undefined> {
  const [row] = await db.select().from(mediators).where(eq(mediators.id, id));
  return row;
}

export async function findMediators(db: Tx, ids: readonly string[]): Promise<MediatorRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(mediators)
    .where(inArray(mediators.id, [...ids]));
}

export interface MediatorFilter {
  q?: string;
  regionPath?: string;
  visiblePaths?: string[];
  hometown?: string;
  dialect?: string;
  expertise?: string;
  affiliation?: string;
  certification?: string;
  poolId?: string;
  trainingBatchId?: string;
  active?: boolean;
  hasCapacity?: boolean;
}

const OPEN = sql`('registered','matched','in_session')`;

/** Open cases of a mediator, as a correlated subquery. */
const openCount = sql<number>`(select count(*)::int from ${mediationCaseMediators} cm
  join ${mediationCases} c on c.id = cm.case_id
  where cm.mediator_id = mediation_mediators.id and c.status in ${OPEN})`;

export async function listMediators(
  db: Tx,
  f: MediatorFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: MediatorRow[]; total: number }> {
  const conds: SQL[] = [];
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    conds.push(
      sql`(${mediators.name} ilike ${like} or ${mediators.hometownName} ilike ${like} or ${mediators.dialects}::text ilike ${like})`,
    );
  }
  if (f.regionPath !== undefined) conds.push(inSubtrees(mediators.serviceRegionPath, [f.regionPath]));
  if (f.visiblePaths) conds.push(inSubtrees(mediators.serviceRegionPath, f.visiblePaths));
  if (f.hometown) conds.push(sql`${mediators.hometownCode} like ${`${f.hometown}%`}`);
  if (f.dialect) conds.push(sql`${mediators.dialects} ? ${f.dialect}`);
  if (f.expertise) conds.push(sql`${mediators.expertise} ? ${f.expertise}`);
  if (f.affiliation) conds.push(sql`${mediators.affiliations} ? ${f.affiliation}`);
  if (f.certification) conds.push(eq(mediators.certificationStatus, f.certification));
  if (f.trainingBatchId) conds.push(eq(mediators.trainingBatchId, f.trainingBatchId));
  if (f.active !== undefined) conds.push(eq(mediators.active, f.active));
  if (f.poolId)
    conds.push(
      sql`exists (select 1 from ${mediationPoolMembers} pm where pm.mediator_id = mediation_mediators.id and pm.pool_id = ${f.poolId})`,
    );
  if (f.hasCapacity !== undefined) conds.push(sql`(${openCount} < ${mediators.capacity}) = ${f.hasCapacity}`);
  const where = and(...conds);
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(mediators)
      .where(where)
      .orderBy(asc(mediators.name), asc(mediators.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mediators)
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** Load and record of mediators: open cases, ended and settled cases, and both by dispute type. */
export interface MediatorLoad {
  open: number;
  total: number;
  settled: number;
  history: Record<string, { settled: number; total: number }>;
}

export async function loadOf(db: Tx, ids: readonly string[]): Promise<Map<string, MediatorLoad>> {
  const out = new Map<string, MediatorLoad>();
  for (const id of ids) out.set(id, { open: 0, total: 0, settled: 0, history: {} });
  if (ids.length === 0) return out;
  const rows = await db.execute<{
    mediator_id: string;
    type: string;
    open: number;
    ended: number;
    settled: number;
  }>(sql`
    select cm.mediator_id, c.type,
      count(*) filter (where c.status in ${OPEN})::int as open,
      count(*) filter (where c.status not in ${OPEN})::int as ended,
      count(*) filter (where c.agreement is not null)::int as settled
    from ${mediationCaseMediators} cm join ${mediationCases} c on c.id = cm.case_id
    where cm.mediator_id = any(${sql.param([...ids])}::uuid[])
    group by cm.mediator_id, c.type`);
  for (const r of rows.rows) {
    const l = out.get(r.mediator_id);
    if (!l) continue;
    l.open += r.open;
    l.total += r.ended;
    l.settled += r.settled;
    if (r.ended > 0) l.history[r.type] = { settled: r.settled, total: r.ended };
  }
  return out;
}

export async function poolIdsOf(db: Tx, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({ mediatorId: mediationPoolMembers.mediatorId, poolId: mediationPoolMembers.poolId })
    .from(mediationPoolMembers)
    .where(inArray(mediationPoolMembers.mediatorId, [...ids]));
  for (const r of rows) out.set(r.mediatorId, [...(out.get(r.mediatorId) ?? []), r.poolId]);
  return out;
}

/**
 * Mediators who may take a case at `casePath`: those serving anywhere in `areaPath` (the case's
 * county) and those whose service area contains the case (a city-wide professional mediator).
 */
export async function candidateMediators(db: Tx, areaPath: string, casePath: string): Promise<MediatorRow[]> {
  return db
    .select()
    .from(mediators)
    .where(
      and(
        eq(mediators.active, true),
        sql`(${inSubtrees(mediators.serviceRegionPath, [areaPath])} or ${casePath} like ${mediators.serviceRegionPath} || '/%')`,
      ),
    );
}

/** Locks mediator rows for a capacity check (assignments to one mediator then run one at a time). */
export async function lockMediators(tx: Tx, ids: readonly string[]): Promise<MediatorRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(mediators)
    .where(inArray(mediators.id, [...ids]))
    .orderBy(asc(mediators.id))
    .for('update');
}
