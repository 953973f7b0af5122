import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import type { AntiFraudRow } from './imports.engine.ts';
import {
  mediationAntiFraud,
  mediationCaseMediators,
  mediationCases,
  mediationCorps,
  mediationCorpsMembers,
  mediationOutreach,
  mediationTrainingBatches,
  mediators,
} from './mediation.table.ts';
import { escapeLike, inSubtrees } from './mediators.repo.ts';

export type CorpsRow = typeof mediationCorps.$inferSelect;
export type MemberRow = typeof mediationCorpsMembers.$inferSelect;
export type OutreachRow = typeof mediationOutreach.$inferSelect;
export type BatchRow = typeof mediationTrainingBatches.$inferSelect;

type Page = { page: number; pageSize: number };
const offset = (p: Page) => (p.page - 1) * p.pageSize;

export interface CorpsStats {
  memberCount: number;
  activityCount: number;
  reached: number;
}

const corpsStats = {
  memberCount: sql<number>`(select count(*)::int from ${mediationCorpsMembers} m where m.corps_id = mediation_corps.id and m.active)`,
  activityCount: sql<number>`(select count(*)::int from ${mediationOutreach} o where o.corps_id = mediation_corps.id)`,
  reached: sql<number>`(select coalesce(sum(o.reached), 0)::int from ${mediationOutreach} o where o.corps_id = mediation_corps.id)`,
};

export async function insertCorps(tx: Tx, v: typeof mediationCorps.$inferInsert): Promise<CorpsRow> {
  const [row] = await tx.insert(mediationCorps).values(v).returning();
  return row!;
}

export async function updateCorps(tx: Tx, id: string, v: Partial<CorpsRow>): Promise<CorpsRow | undefined> {
  const [row] = await tx.update(mediationCorps).set(v).where(eq(mediationCorps.id, id)).returning();
  return row;
}

export async function findCorps(db: Tx, id: string): Promise<(CorpsRow & CorpsStats) | undefined> {
  const [row] = await db
    .select({ c: mediationCorps, ...corpsStats })
    .from(mediationCorps)
    .where(eq(mediationCorps.id, id));
  return row
    ? { ...row.c, memberCount: row.memberCount, activityCount: row.activityCount, reached: row.reached }
    : undefined;
}

export async function listCorps(
  db: Tx,
  f: { q?: string; kind?: string; regionPath?: string; visiblePaths?: string[] },
  page: Page,
) {
  const conds: SQL[] = [];
  if (f.q) conds.push(sql`${mediationCorps.name} ilike ${`%${escapeLike(f.q)}%`}`);
  if (f.kind) conds.push(eq(mediationCorps.kind, f.kind));
  if (f.regionPath !== undefined) conds.push(inSubtrees(mediationCorps.regionPath, [f.regionPath]));
  if (f.visiblePaths) conds.push(inSubtrees(mediationCorps.regionPath, f.visiblePaths));
  const where = and(...conds);
  const [rows, [count]] = await Promise.all([
    db
      .select({ c: mediationCorps, ...corpsStats })
      .from(mediationCorps)
      .where(where)
      .orderBy(asc(mediationCorps.name))
      .limit(page.pageSize)
      .offset(offset(page)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mediationCorps)
      .where(where),
  ]);
  return {
    items: rows.map((r) => ({
      ...r.c,
      memberCount: r.memberCount,
      activityCount: r.activityCount,
      reached: r.reached,
    })),
    total: count?.n ?? 0,
  };
}

export async function insertMember(tx: Tx, v: typeof mediationCorpsMembers.$inferInsert): Promise<MemberRow> {
  const [row] = await tx.insert(mediationCorpsMembers).values(v).returning();
  return row!;
}

export async function membersOf(db: Tx, corpsId: string): Promise<MemberRow[]> {
  return db
    .select()
    .from(mediationCorpsMembers)
    .where(eq(mediationCorpsMembers.corpsId, corpsId))
    .orderBy(
      sql`case ${mediationCorpsMembers.role} when 'leader' then 0 when 'deputy' then 1 else 2 end`,
      asc(mediationCorpsMembers.createdAt),
    );
}

export async function insertOutreach(tx: Tx, v: typeof mediationOutreach.$inferInsert): Promise<OutreachRow> {
  const [row] = await tx.insert(mediationOutreach).values(v).returning();
  return row!;
}

export async function listOutreach(
  db: Tx,
  f: { q?: string; corpsId?: string; regionPath?: string; visiblePaths?: string[]; from?: string; to?: string },
  page: Page,
) {
  const conds: SQL[] = [];
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    conds.push(
      sql`(${mediationOutreach.topic} ilike ${like} or ${mediationOutreach.place} ilike ${like} or ${mediationOutreach.audience} ilike ${like})`,
    );
  }
  if (f.corpsId) conds.push(eq(mediationOutreach.corpsId, f.corpsId));
  if (f.regionPath !== undefined) conds.push(inSubtrees(mediationOutreach.regionPath, [f.regionPath]));
  if (f.visiblePaths) conds.push(inSubtrees(mediationOutreach.regionPath, f.visiblePaths));
  if (f.from) conds.push(sql`${mediationOutreach.date} >= ${f.from}`);
  if (f.to) conds.push(sql`${mediationOutreach.date} <= ${f.to}`);
  const where = and(...conds);
  const [rows, [count]] = await Promise.all([
    db
      .select({ o: mediationOutreach, corpsName: mediationCorps.name })
      .from(mediationOutreach)
      .leftJoin(mediationCorps, eq(mediationCorps.id, mediationOutreach.corpsId))
      .where(where)
      .orderBy(desc(mediationOutreach.date), desc(mediationOutreach.createdAt))
      .limit(page.pageSize)
      .offset(offset(page)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mediationOutreach)
      .where(where),
  ]);
  return { items: rows.map((r) => ({ ...r.o, corpsName: r.corpsName })), total: count?.n ?? 0 };
}

/** Inserts or replaces months; returns how many existed before. */
export async function upsertAntiFraud(
  tx: Tx,
  rows: readonly (AntiFraudRow & { regionPath: string })[],
): Promise<number> {
  let replaced = 0;
  for (const r of rows) {
    const res = await tx
      .insert(mediationAntiFraud)
      .values(r)
      .onConflictDoUpdate({
        target: [mediationAntiFraud.regionCode, mediationAntiFraud.month],
        set: { alerts: r.alerts, cases: r.cases, lossYuan: r.lossYuan, updatedAt: new Date() },
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    if (res[0] && !res[0].inserted) replaced += 1;
  }
  return replaced;
}

/** Months of a region (its own rows only: the police report per street). */
export async function antiFraudOf(db: Tx, regionCode: string) {
  return db
    .select()
    .from(mediationAntiFraud)
    .where(eq(mediationAntiFraud.regionCode, regionCode))
    .orderBy(asc(mediationAntiFraud.month));
}

export async function insertBatch(tx: Tx, v: typeof mediationTrainingBatches.$inferInsert): Promise<BatchRow> {
  const [row] = await tx.insert(mediationTrainingBatches).values(v).returning();
  return row!;
}

export async function findBatch(db: Tx, id: string): Promise<BatchRow | undefined> {
  const [row] = await db.select().from(mediationTrainingBatches).where(eq(mediationTrainingBatches.id, id));
  return row;
}

export async function listBatches(db: Tx, f: { regionPath?: string; visiblePaths?: string[] }, page: Page) {
  const conds: SQL[] = [];
  if (f.regionPath !== undefined) conds.push(inSubtrees(mediationTrainingBatches.regionPath, [f.regionPath]));
  if (f.visiblePaths) conds.push(inSubtrees(mediationTrainingBatches.regionPath, f.visiblePaths));
  const where = and(...conds);
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(mediationTrainingBatches)
      .where(where)
      .orderBy(asc(mediationTrainingBatches.startDate))
      .limit(page.pageSize)
      .offset(offset(page)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mediationTrainingBatches)
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export interface LeaderRow {
  id: string;
  batchId: string | null;
  name: string;
  organizationName: string | null;
  certificationStatus: string;
  certifiedUntil: string | null;
  active: boolean;
  mediated: number;
  settled: number;
}

/** Team leaders of batches with the cases they took and settled. */
export async function leadersOf(db: Tx, batchIds: readonly string[]): Promise<LeaderRow[]> {
  if (batchIds.length === 0) return [];
  return db
    .select({
      id: mediators.id,
      batchId: mediators.trainingBatchId,
      name: mediators.name,
      organizationName: mediators.organizationName,
      certificationStatus: mediators.certificationStatus,
      certifiedUntil: mediators.certifiedUntil,
      active: mediators.active,
      mediated: sql<number>`(select count(*)::int from ${mediationCaseMediators} cm where cm.mediator_id = mediation_mediators.id)`,
      settled: sql<number>`(select count(*)::int from ${mediationCaseMediators} cm join ${mediationCases} c on c.id = cm.case_id where cm.mediator_id = mediation_mediators.id and c.agreement is not null)`,
    })
    .from(mediators)
    .where(inArray(mediators.trainingBatchId, [...batchIds]))
    .orderBy(asc(mediators.name));
}
