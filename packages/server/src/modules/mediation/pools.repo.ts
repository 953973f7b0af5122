import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import { mediationPoolMembers, mediationPools, mediationResidentOrigins, mediators } from './mediation.table.ts';
import { escapeLike, inSubtrees } from './mediators.repo.ts';
import type { ResidentOriginRow } from './imports.engine.ts';

export type PoolRow = typeof mediationPools.$inferSelect;
export type PoolWithCount = PoolRow & { memberCount: number };

const memberCount = sql<number>`(select count(*)::int from ${mediationPoolMembers} pm where pm.pool_id = mediation_pools.id)`;

export async function insertPool(tx: Tx, values: typeof mediationPools.$inferInsert): Promise<PoolRow> {
  const [row] = await tx.insert(mediationPools).values(values).returning();
  if (!row) throw new Error('pool insert returned nothing');
  return row;
}

export async function updatePool(tx: Tx, id: string, values: Partial<PoolRow>): Promise<PoolRow | undefined> {
  const [row] = await tx
    .update(mediationPools)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(mediationPools.id, id))
    .returning();
  return row;
}

export async function findPool(db: Tx, id: string): Promise<PoolWithCount | undefined> {
  const [row] = await db
    .select({ pool: mediationPools, memberCount })
    .from(mediationPools)
    .where(eq(mediationPools.id, id));
  return row ? { ...row.pool, memberCount: row.memberCount } : undefined;
}

export async function listPools(
  db: Tx,
  f: { q?: string; regionPath?: string; visiblePaths?: string[] },
  page: { page: number; pageSize: number },
): Promise<{ items: PoolWithCount[]; total: number }> {
  const conds: SQL[] = [];
  if (f.q) conds.push(sql`${mediationPools.name} ilike ${`%${escapeLike(f.q)}%`}`);
  if (f.regionPath !== undefined) conds.push(inSubtrees(mediationPools.regionPath, [f.regionPath]));
  if (f.visiblePaths) conds.push(inSubtrees(mediationPools.regionPath, f.visiblePaths));
  const where = and(...conds);
  const [rows, [count]] = await Promise.all([
    db
      .select({ pool: mediationPools, memberCount })
      .from(mediationPools)
      .where(where)
      .orderBy(asc(mediationPools.regionCode), asc(mediationPools.name))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mediationPools)
      .where(where),
  ]);
  return { items: rows.map((r) => ({ ...r.pool, memberCount: r.memberCount })), total: count?.n ?? 0 };
}

export async function addMembers(tx: Tx, poolId: string, mediatorIds: readonly string[]): Promise<void> {
  if (mediatorIds.length === 0) return;
  await tx
    .insert(mediationPoolMembers)
    .values(mediatorIds.map((mediatorId) => ({ poolId, mediatorId })))
    .onConflictDoNothing();
}

export async function removeMembers(tx: Tx, poolId: string, mediatorIds: readonly string[]): Promise<void> {
  if (mediatorIds.length === 0) return;
  await tx
    .delete(mediationPoolMembers)
    .where(and(eq(mediationPoolMembers.poolId, poolId), inArray(mediationPoolMembers.mediatorId, [...mediatorIds])));
}

export async function memberRows(db: Tx, poolIds: readonly string[]) {
  if (poolIds.length === 0) return [];
  return db
    .select({ poolId: mediationPoolMembers.poolId, mediator: mediators })
    .from(mediationPoolMembers)
    .innerJoin(mediators, eq(mediators.id, mediationPoolMembers.mediatorId))
    .where(inArray(mediationPoolMembers.poolId, [...poolIds]))
    .orderBy(asc(mediators.name));
}

/** Every pool in these subtrees (for the health view, which is not paginated: a street has a handful). */
export async function poolsIn(db: Tx, f: { regionPath?: string; visiblePaths?: string[] }): Promise<PoolWithCount[]> {
  return (await listPools(db, f, { page: 1, pageSize: 10_000 })).items;
}

export async function originsOf(db: Tx, regionCodes: readonly string[]) {
  if (regionCodes.length === 0) return [];
  return db
    .select()
    .from(mediationResidentOrigins)
    .where(inArray(mediationResidentOrigins.regionCode, [...regionCodes]));
}

export async function listOrigins(
  db: Tx,
  f: { regionPath?: string; visiblePaths?: string[] },
  page: { page: number; pageSize: number },
) {
  const conds: SQL[] = [];
  if (f.regionPath !== undefined) conds.push(inSubtrees(mediationResidentOrigins.regionPath, [f.regionPath]));
  if (f.visiblePaths) conds.push(inSubtrees(mediationResidentOrigins.regionPath, f.visiblePaths));
  const where = and(...conds);
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(mediationResidentOrigins)
      .where(where)
      .orderBy(asc(mediationResidentOrigins.regionCode), sql`${mediationResidentOrigins.residents} desc`)
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mediationResidentOrigins)
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** Replaces the counts of the communities named in `rows`; returns how many old rows went. */
export async function replaceOrigins(
  tx: Tx,
  rows: readonly (ResidentOriginRow & { regionPath: string })[],
): Promise<number> {
  const codes = [...new Set(rows.map((r) => r.regionCode))];
  const gone = await tx
    .delete(mediationResidentOrigins)
    .where(inArray(mediationResidentOrigins.regionCode, codes))
    .returning({ c: mediationResidentOrigins.regionCode });
  if (rows.length) await tx.insert(mediationResidentOrigins).values([...rows]);
  return gone.length;
}
