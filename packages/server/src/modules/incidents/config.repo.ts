import { and, asc, count, eq, getTableColumns, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import {
  dispatchRules,
  incidentCategories,
  incidentPrefixes,
  organizations,
  regionOutlines,
  regions,
  workingCalendars,
} from '../../platform/db/schema.ts';

/** SQL of the incidents configuration: categories, dispatch rules, calendars, outlines, prefixes. */

export type CategoryRow = typeof incidentCategories.$inferSelect;
export type CategoryValues = Omit<typeof incidentCategories.$inferInsert, 'createdAt' | 'updatedAt'>;
export type DispatchRuleRow = typeof dispatchRules.$inferSelect;
export type DispatchRuleValues = Omit<typeof dispatchRules.$inferInsert, 'id' | 'createdAt'>;
export type CalendarRow = typeof workingCalendars.$inferSelect;
export type CalendarValues = Omit<typeof workingCalendars.$inferInsert, 'updatedAt'>;

/** `%`, `_` and `\` typed by a user are literal characters, not wildcards. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A region path condition: the region itself or anything below it (text_pattern_ops index). */
function inSubtree(column: SQL | typeof regions.path, path: string): SQL {
  return sql`(${column} = ${path} or ${column} like ${`${path.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`})`;
}

// ── categories ──────────────────────────────────────────────────────────────────────────────

export async function findCategory(db: Tx, code: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(incidentCategories).where(eq(incidentCategories.code, code));
  return row;
}

export interface CategoryFilter {
  q?: string;
  group?: string;
  activeOnly: boolean;
}

export async function listCategories(
  db: Tx,
  f: CategoryFilter,
  page: { page: number; pageSize: number },
): Promise<{ rows: CategoryRow[]; total: number }> {
  const conds: SQL[] = [];
  if (f.activeOnly) conds.push(eq(incidentCategories.active, true));
  if (f.group !== undefined) conds.push(eq(incidentCategories.groupName, f.group));
  if (f.q) {
    const like = likeContains(f.q);
    const match = or(
      ilike(incidentCategories.code, like),
      ilike(incidentCategories.nameZh, like),
      ilike(incidentCategories.nameEn, like),
      sql`${incidentCategories.keywords}::text ilike ${like}`,
    );
    if (match) conds.push(match);
  }
  const where = conds.length ? and(...conds) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(incidentCategories)
      .where(where)
      .orderBy(asc(incidentCategories.groupName), asc(incidentCategories.code))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ n: count() }).from(incidentCategories).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Every active category, for the Open311 service list (a county has tens, not thousands). */
export async function activeCategories(db: Tx): Promise<CategoryRow[]> {
  return db
    .select()
    .from(incidentCategories)
    .where(eq(incidentCategories.active, true))
    .orderBy(asc(incidentCategories.groupName), asc(incidentCategories.code));
}

/** Inserts a category; undefined when the code is taken. */
export async function insertCategory(tx: Tx, v: CategoryValues): Promise<CategoryRow | undefined> {
  const [row] = await tx.insert(incidentCategories).values(v).onConflictDoNothing().returning();
  return row;
}

export async function updateCategory(tx: Tx, code: string, v: CategoryValues): Promise<CategoryRow | undefined> {
  const [row] = await tx
    .update(incidentCategories)
    .set({ ...v, code, updatedAt: new Date() })
    .where(eq(incidentCategories.code, code))
    .returning();
  return row;
}

/** Locks a category row for a read-modify-write. */
export async function lockCategory(tx: Tx, code: string): Promise<CategoryRow | undefined> {
  const [row] = await tx.select().from(incidentCategories).where(eq(incidentCategories.code, code)).for('update');
  return row;
}

/** The newest change to any category: the Open311 discovery changeset. */
export async function lastCategoryChange(db: Tx): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | null>`max(${incidentCategories.updatedAt})` })
    .from(incidentCategories);
  const at = row?.at ?? null;
  return at === null ? null : new Date(at);
}

// ── lookups shared by the validations ─────────────────────────────────────────────────────────

export async function calendarCodesIn(db: Tx, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: workingCalendars.code })
    .from(workingCalendars)
    .where(sql`${workingCalendars.code} = any(${sql.param(codes)}::text[])`);
  return new Set(rows.map((r) => r.code));
}

export async function organizationExists(db: Tx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id));
  return row !== undefined;
}

/** Path, name and level of each known code. */
export async function regionsByCode(
  db: Tx,
  codes: string[],
): Promise<Map<string, { path: string; name: string; level: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: regions.code, path: regions.path, name: regions.name, level: regions.level })
    .from(regions)
    .where(sql`${regions.code} = any(${sql.param(codes)}::text[])`);
  return new Map(rows.map((r) => [r.code, { path: r.path, name: r.name, level: r.level }]));
}

// ── dispatch rules ────────────────────────────────────────────────────────────────────────────

export async function findDispatchRule(db: Tx, id: string): Promise<DispatchRuleRow | undefined> {
  const [row] = await db.select().from(dispatchRules).where(eq(dispatchRules.id, id));
  return row;
}

export interface DispatchRuleFilter {
  categoryCode?: string;
  /** Rules within this region subtree. */
  withinPath?: string;
  active?: boolean;
}

export async function listDispatchRules(
  db: Tx,
  f: DispatchRuleFilter,
  page: { page: number; pageSize: number },
): Promise<{ rows: DispatchRuleRow[]; total: number }> {
  const conds: SQL[] = [];
  if (f.categoryCode !== undefined) conds.push(eq(dispatchRules.categoryCode, f.categoryCode));
  if (f.withinPath !== undefined) conds.push(inSubtree(sql`${dispatchRules.regionPath}`, f.withinPath));
  if (f.active !== undefined) conds.push(eq(dispatchRules.active, f.active));
  const where = conds.length ? and(...conds) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(dispatchRules)
      .where(where)
      .orderBy(asc(dispatchRules.regionPath), asc(dispatchRules.order), asc(dispatchRules.createdAt))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ n: count() }).from(dispatchRules).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function insertDispatchRule(tx: Tx, v: DispatchRuleValues): Promise<DispatchRuleRow> {
  const [row] = await tx.insert(dispatchRules).values(v).returning();
  if (!row) throw new Error('dispatch rule insert returned nothing');
  return row;
}

export async function updateDispatchRule(
  tx: Tx,
  id: string,
  v: DispatchRuleValues,
): Promise<DispatchRuleRow | undefined> {
  const [row] = await tx.update(dispatchRules).set(v).where(eq(dispatchRules.id, id)).returning();
  return row;
}

export async function deleteDispatchRule(tx: Tx, id: string): Promise<DispatchRuleRow | undefined> {
  const [row] = await tx.delete(dispatchRules).where(eq(dispatchRules.id, id)).returning();
  return row;
}

// ── working calendars ─────────────────────────────────────────────────────────────────────────

export async function findCalendar(db: Tx, code: string): Promise<CalendarRow | undefined> {
  const [row] = await db.select().from(workingCalendars).where(eq(workingCalendars.code, code));
  return row;
}

export async function listCalendars(db: Tx): Promise<CalendarRow[]> {
  return db.select().from(workingCalendars).orderBy(asc(workingCalendars.code));
}

/** Creates or replaces a calendar; `created` tells which. */
export async function upsertCalendar(tx: Tx, v: CalendarValues): Promise<{ row: CalendarRow; created: boolean }> {
  const [row] = await tx
    .insert(workingCalendars)
    .values(v)
    .onConflictDoUpdate({
      target: workingCalendars.code,
      set: {
        name: v.name,
        timeZone: v.timeZone,
        hours: v.hours,
        holidays: v.holidays,
        extraWorkdays: v.extraWorkdays,
        updatedAt: new Date(),
      },
    })
    .returning({ ...getTableColumns(workingCalendars), created: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error('calendar upsert returned nothing');
  const { created, ...stored } = row;
  return { row: stored, created };
}

// ── region outlines ───────────────────────────────────────────────────────────────────────────

export interface OutlineRow {
  code: string;
  name: string;
  level: string;
  geometry: Record<string, unknown>;
}

export async function listOutlines(db: Tx, withinPath: string | null): Promise<OutlineRow[]> {
  return db
    .select({
      code: regionOutlines.regionCode,
      name: regions.name,
      level: regions.level,
      geometry: regionOutlines.geometry,
    })
    .from(regionOutlines)
    .innerJoin(regions, eq(regions.code, regionOutlines.regionCode))
    .where(withinPath === null ? undefined : inSubtree(sql`${regions.path}`, withinPath))
    .orderBy(asc(regions.path));
}

export interface OutlineValues {
  regionCode: string;
  geometry: Record<string, unknown>;
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
}

/** Upserts every outline in one statement; returns the codes that were new. */
export async function upsertOutlines(tx: Tx, rows: OutlineValues[]): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  // Chunks keep each statement under PostgreSQL's 65,535 parameters.
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const out = await tx
      .insert(regionOutlines)
      .values(chunk.map((r) => ({ ...r, updatedAt: new Date() })))
      .onConflictDoUpdate({
        target: regionOutlines.regionCode,
        set: {
          geometry: sql`excluded.geometry`,
          minLat: sql`excluded.min_lat`,
          minLng: sql`excluded.min_lng`,
          maxLat: sql`excluded.max_lat`,
          maxLng: sql`excluded.max_lng`,
          updatedAt: sql`excluded.updated_at`,
        },
      })
      .returning({ created: sql<boolean>`(xmax = 0)` });
    inserted += out.filter((r) => r.created).length;
  }
  return { inserted, updated: rows.length - inserted };
}

// ── number prefixes ───────────────────────────────────────────────────────────────────────────

export interface PrefixRow {
  regionCode: string;
  prefix: string;
  regionPath: string | null;
}

export async function listPrefixes(db: Tx): Promise<PrefixRow[]> {
  return db
    .select({ regionCode: incidentPrefixes.regionCode, prefix: incidentPrefixes.prefix, regionPath: regions.path })
    .from(incidentPrefixes)
    .leftJoin(regions, eq(regions.code, incidentPrefixes.regionCode))
    .orderBy(asc(incidentPrefixes.regionCode));
}

/** Replaces the whole prefix table inside the caller's transaction. */
export async function replacePrefixes(tx: Tx, rows: { regionCode: string; prefix: string }[]): Promise<void> {
  await tx.delete(incidentPrefixes);
  if (rows.length > 0) await tx.insert(incidentPrefixes).values(rows);
}

/** Takes the table lock so two concurrent replacements cannot interleave. */
export async function lockPrefixes(tx: Tx): Promise<void> {
  await tx.execute(sql`lock table incident_prefixes in share row exclusive mode`);
}
