import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { REGION_LEVELS, type RegionLevel } from '@zhili/contracts';
import type { Tx } from '../../platform/db/pool.ts';
import { regions } from './core.table.ts';
import { escapeLike, inAnySubtree } from './core.repo.ts';

export type RegionRow = typeof regions.$inferSelect;
export type RegionWithChildren = RegionRow & { childCount: number };

// Written out in full: drizzle renders a lone column unqualified, which the subquery would capture.
const childCount = sql<number>`(select count(*) from regions c where c.parent_code = "regions"."code")::int`;
const levelRank = sql`array_position(array[${sql.join(
  REGION_LEVELS.map((l) => sql`${l}`),
  sql`, `,
)}]::text[], ${regions.level})`;

export async function findRegion(db: Tx, code: string): Promise<RegionWithChildren | undefined> {
  const [row] = await db
    .select({ ...tableColumns(), childCount })
    .from(regions)
    .where(eq(regions.code, code));
  return row;
}

/** The regions with these codes, in no particular order. One array parameter, however many codes. */
export async function findRegions(db: Tx, codes: string[]): Promise<RegionRow[]> {
  if (codes.length === 0) return [];
  return db
    .select()
    .from(regions)
    .where(sql`${regions.code} = any(${sql.param(codes)}::text[])`);
}

export interface RegionFilter {
  /** Children of this region only. */
  parentCode?: string;
  /** Strict descendants of the region at this path. */
  below?: string;
  /** Regions whose code is one of these (the roots of a caller's scope). */
  codes?: string[];
  /** Roots of the whole tree. */
  rootsOnly?: boolean;
  q?: string;
  level?: RegionLevel;
  /** Visible subtrees; undefined means everything. */
  visiblePaths?: string[];
}

export async function listRegions(
  db: Tx,
  f: RegionFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: RegionWithChildren[]; total: number }> {
  const conds: SQL[] = [];
  if (f.parentCode !== undefined) conds.push(eq(regions.parentCode, f.parentCode));
  if (f.below !== undefined) conds.push(sql`${regions.path} like ${`${escapeLike(f.below)}/%`}`);
  if (f.codes !== undefined) conds.push(f.codes.length ? inArray(regions.code, f.codes) : sql`false`);
  if (f.rootsOnly) conds.push(isNull(regions.parentCode));
  if (f.level) conds.push(eq(regions.level, f.level));
  if (f.q) {
    const q = escapeLike(f.q);
    conds.push(or(sql`${regions.name} ilike ${`%${q}%`}`, sql`${regions.code} like ${`${q}%`}`) as SQL);
  }
  if (f.visiblePaths) conds.push(inAnySubtree(regions.path, f.visiblePaths));
  const where = and(...conds);
  const [items, [count]] = await Promise.all([
    db
      .select({ ...tableColumns(), childCount })
      .from(regions)
      .where(where)
      .orderBy(levelRank, asc(regions.code))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(regions)
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function insertRegion(
  tx: Tx,
  row: Pick<RegionRow, 'code' | 'name' | 'level' | 'parentCode' | 'path' | 'illustrative'>,
): Promise<RegionRow | undefined> {
  const [inserted] = await tx.insert(regions).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function updateRegion(
  tx: Tx,
  code: string,
  patch: Partial<Pick<RegionRow, 'name' | 'illustrative'>>,
): Promise<RegionRow | undefined> {
  const [row] = await tx
    .update(regions)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(regions.code, code))
    .returning();
  return row;
}

export interface UpsertRegion {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  path: string;
  illustrative: boolean;
}

/**
 * Inserts new codes and updates stored ones whose name or level (and, when `setIllustrative`,
 * flag) differ, in the order given. Returns the codes inserted and the codes changed; codes left
 * as they were are in neither list. Rows travel as one array per column (`unnest`), so a batch
 * is six parameters however many rows it holds.
 */
export async function upsertRegions(
  tx: Tx,
  rows: UpsertRegion[],
  setIllustrative: boolean,
): Promise<{ inserted: string[]; updated: string[] }> {
  const inserted: string[] = [];
  const updated: string[] = [];
  const BATCH = 10_000;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const column = <T>(pick: (r: UpsertRegion) => T) => sql.param(batch.map(pick));
    const result = await tx.execute<{ code: string; inserted: boolean }>(sql`
      insert into regions (code, name, level, parent_code, path, illustrative)
      select code, name, level, parent_code, path, illustrative
      from unnest(${column((r) => r.code)}::text[], ${column((r) => r.name)}::text[], ${column((r) => r.level)}::text[],
                  ${column((r) => r.parentCode)}::text[], ${column((r) => r.path)}::text[],
                  ${column((r) => r.illustrative)}::boolean[])
           with ordinality as u(code, name, level, parent_code, path, illustrative, ord)
      order by ord
      on conflict (code) do update set
        name = excluded.name, level = excluded.level,
        ${setIllustrative ? sql`illustrative = excluded.illustrative,` : sql``} updated_at = now()
      where regions.name is distinct from excluded.name or regions.level is distinct from excluded.level
        ${setIllustrative ? sql`or regions.illustrative is distinct from excluded.illustrative` : sql``}
      -- xmax = 0 only on a freshly inserted row version: tells inserts from updates.
      returning code, (xmax = 0) as inserted`);
    for (const r of result.rows) (r.inserted ? inserted : updated).push(r.code);
  }
  return { inserted, updated };
}

function tableColumns() {
  return {
    code: regions.code,
    name: regions.name,
    level: regions.level,
    parentCode: regions.parentCode,
    path: regions.path,
    illustrative: regions.illustrative,
    createdAt: regions.createdAt,
    updatedAt: regions.updatedAt,
  };
}
