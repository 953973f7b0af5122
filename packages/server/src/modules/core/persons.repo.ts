import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import { persons, regions } from './core.table.ts';
import { escapeLike, inAnySubtree } from './core.repo.ts';

export type PersonRow = typeof persons.$inferSelect;
/** A person with the path of their region (null when they have none): the path decides scope. */
export type PersonWithRegion = PersonRow & { regionPath: string | null };

/** The sealed and indexed form of a person's fields, as stored. */
export type PersonValues = Pick<
  PersonRow,
  'name' | 'phoneEnc' | 'phoneIndex' | 'idNumberEnc' | 'idNumberIndex' | 'regionCode' | 'hometown'
>;

export const ID_NUMBER_UQ = 'persons_id_number_index_uq';

const withRegion = {
  id: persons.id,
  name: persons.name,
  phoneEnc: persons.phoneEnc,
  phoneIndex: persons.phoneIndex,
  idNumberEnc: persons.idNumberEnc,
  idNumberIndex: persons.idNumberIndex,
  regionCode: persons.regionCode,
  hometown: persons.hometown,
  createdAt: persons.createdAt,
  updatedAt: persons.updatedAt,
  regionPath: regions.path,
};

export async function findPerson(db: Tx, id: string): Promise<PersonWithRegion | undefined> {
  const [row] = await db
    .select(withRegion)
    .from(persons)
    .leftJoin(regions, eq(regions.code, persons.regionCode))
    .where(eq(persons.id, id));
  return row;
}

export interface PersonFilter {
  q?: string;
  phoneIndex?: string;
  idNumberIndex?: string;
  /** Only persons whose region lies in this subtree. */
  regionPath?: string;
  /** Visible region subtrees; undefined means everything, persons without a region included. */
  visiblePaths?: string[];
}

export async function listPersons(
  db: Tx,
  f: PersonFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: PersonWithRegion[]; total: number }> {
  const conds: SQL[] = [];
  if (f.q) conds.push(sql`${persons.name} ilike ${`%${escapeLike(f.q)}%`}`);
  if (f.phoneIndex !== undefined) conds.push(eq(persons.phoneIndex, f.phoneIndex));
  if (f.idNumberIndex !== undefined) conds.push(eq(persons.idNumberIndex, f.idNumberIndex));
  if (f.regionPath !== undefined) conds.push(inAnySubtree(regions.path, [f.regionPath]));
  if (f.visiblePaths) conds.push(inAnySubtree(regions.path, f.visiblePaths));
  const where = and(...conds);
  const [items, [count]] = await Promise.all([
    db
      .select(withRegion)
      .from(persons)
      .leftJoin(regions, eq(regions.code, persons.regionCode))
      .where(where)
      .orderBy(asc(persons.name), asc(persons.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(persons)
      .leftJoin(regions, eq(regions.code, persons.regionCode))
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function insertPerson(tx: Tx, values: PersonValues): Promise<PersonRow> {
  const [row] = await tx.insert(persons).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updatePerson(tx: Tx, id: string, patch: Partial<PersonValues>): Promise<PersonRow | undefined> {
  const [row] = await tx
    .update(persons)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(persons.id, id))
    .returning();
  return row;
}
