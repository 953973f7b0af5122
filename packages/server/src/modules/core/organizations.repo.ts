import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { OrganizationType } from '@zhili/contracts';
import type { Tx } from '../../platform/db/pool.ts';
import { organizations, regions } from './core.table.ts';
import { escapeLike, inAnySubtree } from './core.repo.ts';

export type OrganizationRow = typeof organizations.$inferSelect;
/** An organization with the name and path of its region (the path decides scope). */
export type OrganizationWithRegion = OrganizationRow & { regionName: string; regionPath: string };

const withRegion = {
  id: organizations.id,
  name: organizations.name,
  type: organizations.type,
  regionCode: organizations.regionCode,
  parentId: organizations.parentId,
  creditCode: organizations.creditCode,
  active: organizations.active,
  createdAt: organizations.createdAt,
  updatedAt: organizations.updatedAt,
  regionName: regions.name,
  regionPath: regions.path,
};

export async function findOrganization(db: Tx, id: string): Promise<OrganizationWithRegion | undefined> {
  const [row] = await db
    .select(withRegion)
    .from(organizations)
    .innerJoin(regions, eq(regions.code, organizations.regionCode))
    .where(eq(organizations.id, id));
  return row;
}

/** Finds by exact name within one region: how seeds and imports recognise what they made before. */
export async function findOrganizationByName(
  db: Tx,
  regionCode: string,
  name: string,
): Promise<OrganizationRow | undefined> {
  const [row] = await db
    .select()
    .from(organizations)
    .where(and(eq(organizations.regionCode, regionCode), eq(organizations.name, name)));
  return row;
}

export interface OrganizationFilter {
  q?: string;
  type?: OrganizationType;
  /** Only organizations whose region lies in this subtree. */
  regionPath?: string;
  /** Visible region subtrees and organizations; undefined means everything. */
  visible?: { regionPaths: string[]; organizationIds: string[] };
}

export async function listOrganizations(
  db: Tx,
  f: OrganizationFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: OrganizationWithRegion[]; total: number }> {
  const conds: SQL[] = [];
  if (f.q) {
    const q = escapeLike(f.q);
    conds.push(
      or(
        sql`${organizations.name} ilike ${`%${q}%`}`,
        sql`${organizations.creditCode} like ${`${q.toUpperCase()}%`}`,
      ) as SQL,
    );
  }
  if (f.type) conds.push(eq(organizations.type, f.type));
  if (f.regionPath !== undefined) conds.push(inAnySubtree(regions.path, [f.regionPath]));
  if (f.visible) {
    const ids = f.visible.organizationIds;
    conds.push(
      or(
        inAnySubtree(regions.path, f.visible.regionPaths),
        ids.length ? sql`${organizations.id} = any(${sql.param(ids)}::uuid[])` : sql`false`,
      ) as SQL,
    );
  }
  const where = and(...conds);
  const [items, [count]] = await Promise.all([
    db
      .select(withRegion)
      .from(organizations)
      .innerJoin(regions, eq(regions.code, organizations.regionCode))
      .where(where)
      .orderBy(asc(regions.path), asc(organizations.name))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(organizations)
      .innerJoin(regions, eq(regions.code, organizations.regionCode))
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function insertOrganization(
  tx: Tx,
  values: Pick<OrganizationRow, 'name' | 'type' | 'regionCode' | 'parentId' | 'creditCode'>,
): Promise<OrganizationRow> {
  const [row] = await tx.insert(organizations).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateOrganization(
  tx: Tx,
  id: string,
  patch: Partial<Pick<OrganizationRow, 'name' | 'active' | 'creditCode'>>,
): Promise<OrganizationRow | undefined> {
  const [row] = await tx
    .update(organizations)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(organizations.id, id))
    .returning();
  return row;
}
