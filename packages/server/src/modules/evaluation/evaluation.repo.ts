import { and, count, desc, eq, ilike, inArray, max, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import { evalChampions, evalDatasets, evalFrameworks, evalRuns, evalSensitivity } from './evaluation.table.ts';

export type FrameworkRow = typeof evalFrameworks.$inferSelect;
export type DatasetRow = typeof evalDatasets.$inferSelect;
export type RunRow = typeof evalRuns.$inferSelect;
export type ChampionRow = typeof evalChampions.$inferSelect;
export type SensitivityRow = typeof evalSensitivity.$inferSelect;

/** Which regions' rows a caller may see: all, or those whose region lies in these subtrees. */
export interface Visible {
  all: boolean;
  regionPaths: string[];
}

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Rows whose `region_code` lies in one of the visible subtrees. Regions are matched by path in
 * SQL (the region table is the core module's; a raw subquery keeps this module off its internals).
 */
function visibleRegion(column: AnyColumn, v: Visible): SQL | undefined {
  if (v.all) return undefined;
  if (v.regionPaths.length === 0) return sql`false`;
  const ors = v.regionPaths.map((p) => sql`(r.path = ${p} or r.path like ${`${p}/%`})`);
  return sql`exists (select 1 from regions r where r.code = ${column} and (${sql.join(ors, sql` or `)}))`;
}

/** The path of a region ('33/3305'), or undefined when unknown. */
export async function regionPath(db: Tx, code: string): Promise<string | undefined> {
  const res = await db.execute<{ path: string }>(sql`select path from regions where code = ${code}`);
  return res.rows[0]?.path;
}

/** Number of townships (level township) under each county code given, from the region tree. */
export async function childCounts(db: Tx, parentCodes: string[], level: string): Promise<Record<string, number>> {
  if (parentCodes.length === 0) return {};
  const res = await db.execute<{ parent_code: string; n: number }>(sql`
    select parent_code, count(*)::int as n from regions
    where parent_code = any(${sql.param(parentCodes)}::text[]) and level = ${level}
    group by parent_code`);
  return Object.fromEntries(res.rows.map((r) => [r.parent_code, r.n]));
}

// ── frameworks ──────────────────────────────────────────────────────────────────────────────

export async function latestFramework(db: Tx, code: string): Promise<FrameworkRow | undefined> {
  const [row] = await db
    .select()
    .from(evalFrameworks)
    .where(eq(evalFrameworks.code, code))
    .orderBy(desc(evalFrameworks.version))
    .limit(1);
  return row;
}

export async function findFrameworkVersion(db: Tx, code: string, version: number): Promise<FrameworkRow | undefined> {
  const [row] = await db
    .select()
    .from(evalFrameworks)
    .where(and(eq(evalFrameworks.code, code), eq(evalFrameworks.version, version)));
  return row;
}

export async function listFrameworkVersions(db: Tx, code: string): Promise<FrameworkRow[]> {
  return db.select().from(evalFrameworks).where(eq(evalFrameworks.code, code)).orderBy(desc(evalFrameworks.version));
}

/** The latest version of every framework code the caller may see, filtered by `q` (code or name). */
export async function listLatestFrameworks(
  db: Tx,
  filter: { q?: string; visible: Visible },
  page: { page: number; pageSize: number },
): Promise<{ items: FrameworkRow[]; total: number }> {
  const latest = db
    .select({ code: evalFrameworks.code, version: max(evalFrameworks.version).as('latest') })
    .from(evalFrameworks)
    .groupBy(evalFrameworks.code)
    .as('latest');
  const where = and(
    filter.q
      ? or(ilike(evalFrameworks.code, likeOf(filter.q)), sql`${evalFrameworks.name}::text ilike ${likeOf(filter.q)}`)
      : undefined,
    visibleRegion(evalFrameworks.regionCode, filter.visible),
  );
  const base = db
    .select({ f: evalFrameworks })
    .from(evalFrameworks)
    .innerJoin(latest, and(eq(latest.code, evalFrameworks.code), eq(latest.version, evalFrameworks.version)))
    .where(where);
  const rows = await base
    .orderBy(evalFrameworks.code)
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [total] = await db
    .select({ n: count() })
    .from(evalFrameworks)
    .innerJoin(latest, and(eq(latest.code, evalFrameworks.code), eq(latest.version, evalFrameworks.version)))
    .where(where);
  return { items: rows.map((r) => r.f), total: total?.n ?? 0 };
}

export async function insertFramework(db: Tx, row: typeof evalFrameworks.$inferInsert): Promise<FrameworkRow> {
  const [out] = await db.insert(evalFrameworks).values(row).returning();
  return out!;
}

// ── datasets ────────────────────────────────────────────────────────────────────────────────

/** Dataset columns without the (large) units and rows. */
const datasetHead = {
  id: evalDatasets.id,
  frameworkCode: evalDatasets.frameworkCode,
  regionCode: evalDatasets.regionCode,
  name: evalDatasets.name,
  indicators: evalDatasets.indicators,
  years: evalDatasets.years,
  rowCount: evalDatasets.rowCount,
  unitCount: sql<number>`jsonb_array_length(${evalDatasets.units})`.as('unit_count'),
  createdAt: evalDatasets.createdAt,
  createdBy: evalDatasets.createdBy,
};
export type DatasetHead = Omit<DatasetRow, 'units' | 'rows'> & { unitCount: number };

export async function findDataset(db: Tx, id: string): Promise<DatasetRow | undefined> {
  const [row] = await db.select().from(evalDatasets).where(eq(evalDatasets.id, id));
  return row;
}

export async function listDatasets(
  db: Tx,
  filter: { framework?: string; q?: string; visible: Visible },
  page: { page: number; pageSize: number },
): Promise<{ items: DatasetHead[]; total: number }> {
  const where = and(
    filter.framework ? eq(evalDatasets.frameworkCode, filter.framework) : undefined,
    filter.q ? ilike(evalDatasets.name, likeOf(filter.q)) : undefined,
    visibleRegion(evalDatasets.regionCode, filter.visible),
  );
  const items = await db
    .select(datasetHead)
    .from(evalDatasets)
    .where(where)
    .orderBy(desc(evalDatasets.createdAt))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [total] = await db.select({ n: count() }).from(evalDatasets).where(where);
  return { items, total: total?.n ?? 0 };
}

export async function insertDataset(db: Tx, row: typeof evalDatasets.$inferInsert): Promise<DatasetHead> {
  const [out] = await db.insert(evalDatasets).values(row).returning(datasetHead);
  return out!;
}

// ── runs ────────────────────────────────────────────────────────────────────────────────────

export async function findRun(db: Tx, id: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(evalRuns).where(eq(evalRuns.id, id));
  return row;
}

/** The run row locked for update (publishing decides on its status). */
export async function lockRun(db: Tx, id: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(evalRuns).where(eq(evalRuns.id, id)).for('update');
  return row;
}

/** The published run of a framework and year, if any. */
export async function publishedRun(db: Tx, frameworkCode: string, year: number): Promise<RunRow | undefined> {
  const [row] = await db
    .select()
    .from(evalRuns)
    .where(and(eq(evalRuns.frameworkCode, frameworkCode), eq(evalRuns.year, year), eq(evalRuns.status, 'published')));
  return row;
}

/** Run columns without result and awards, plus the unit count and champion read from them. */
const runHead = {
  id: evalRuns.id,
  frameworkCode: evalRuns.frameworkCode,
  frameworkVersion: evalRuns.frameworkVersion,
  regionCode: evalRuns.regionCode,
  datasetId: evalRuns.datasetId,
  year: evalRuns.year,
  version: evalRuns.version,
  options: evalRuns.options,
  status: evalRuns.status,
  createdAt: evalRuns.createdAt,
  createdBy: evalRuns.createdBy,
  publishedAt: evalRuns.publishedAt,
  publishedBy: evalRuns.publishedBy,
  unitCount: sql<number>`jsonb_array_length(${evalRuns.result} -> 'units')`.as('unit_count'),
  champion: sql<string | null>`${evalRuns.awards} ->> 'champion'`.as('champion'),
};
export type RunHead = Omit<RunRow, 'result' | 'awards'> & { unitCount: number; champion: string | null };

export async function listRuns(
  db: Tx,
  filter: { framework?: string; year?: number; status?: string; visible: Visible },
  page: { page: number; pageSize: number },
): Promise<{ items: RunHead[]; total: number }> {
  const where = and(
    filter.framework ? eq(evalRuns.frameworkCode, filter.framework) : undefined,
    filter.year === undefined ? undefined : eq(evalRuns.year, filter.year),
    filter.status ? eq(evalRuns.status, filter.status) : undefined,
    visibleRegion(evalRuns.regionCode, filter.visible),
  );
  const items = await db
    .select(runHead)
    .from(evalRuns)
    .where(where)
    .orderBy(desc(evalRuns.year), evalRuns.frameworkCode, desc(evalRuns.version))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [total] = await db.select({ n: count() }).from(evalRuns).where(where);
  return { items, total: total?.n ?? 0 };
}

/**
 * Inserts a run as the next version of its framework and year. The advisory lock (per framework
 * and year, held to the end of the transaction) keeps two concurrent re-runs from both taking n+1.
 */
export async function insertRunVersion(db: Tx, row: Omit<typeof evalRuns.$inferInsert, 'version'>): Promise<RunRow> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`eval_run:${row.frameworkCode}:${row.year}`}))`);
  const [last] = await db
    .select({ v: max(evalRuns.version) })
    .from(evalRuns)
    .where(and(eq(evalRuns.frameworkCode, row.frameworkCode), eq(evalRuns.year, row.year)));
  const [out] = await db
    .insert(evalRuns)
    .values({ ...row, version: (last?.v ?? 0) + 1 })
    .returning();
  return out!;
}

export async function markPublished(db: Tx, id: string, by: string): Promise<RunRow> {
  const [out] = await db
    .update(evalRuns)
    .set({ status: 'published', publishedAt: new Date(), publishedBy: by })
    .where(eq(evalRuns.id, id))
    .returning();
  return out!;
}

// ── champion roll ───────────────────────────────────────────────────────────────────────────

export async function appendChampion(db: Tx, row: typeof evalChampions.$inferInsert): Promise<ChampionRow> {
  const [out] = await db.insert(evalChampions).values(row).returning();
  return out!;
}

export async function listChampions(db: Tx, frameworkCode: string): Promise<ChampionRow[]> {
  return db
    .select()
    .from(evalChampions)
    .where(eq(evalChampions.frameworkCode, frameworkCode))
    .orderBy(evalChampions.year);
}

// ── sensitivity ─────────────────────────────────────────────────────────────────────────────

export async function insertSensitivity(db: Tx, row: typeof evalSensitivity.$inferInsert): Promise<SensitivityRow> {
  const [out] = await db.insert(evalSensitivity).values(row).returning();
  return out!;
}

export async function findSensitivity(db: Tx, id: string): Promise<SensitivityRow | undefined> {
  const [row] = await db.select().from(evalSensitivity).where(eq(evalSensitivity.id, id));
  return row;
}

export async function updateSensitivity(
  db: Tx,
  id: string,
  patch: Partial<Pick<SensitivityRow, 'status' | 'progress' | 'result' | 'error' | 'finishedAt'>>,
): Promise<void> {
  await db.update(evalSensitivity).set(patch).where(eq(evalSensitivity.id, id));
}

/** Published runs of a framework for these years (for change against last year). */
export async function publishedRunsForYears(db: Tx, frameworkCode: string, years: number[]): Promise<RunRow[]> {
  if (years.length === 0) return [];
  return db
    .select()
    .from(evalRuns)
    .where(
      and(eq(evalRuns.frameworkCode, frameworkCode), inArray(evalRuns.year, years), eq(evalRuns.status, 'published')),
    );
}
