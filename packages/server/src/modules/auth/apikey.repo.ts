import {
  and,
  count,
  desc,
  eq,
  ilike,
  inArray,
  isNotNull,
  isNull,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from 'drizzle-orm';
import type { ApiKey, Role } from '@zhili/contracts';
import type { Tx } from '../../platform/db/pool.ts';
import type { Scope } from '../../platform/access.ts';
import { apiKeys, organizations, regions } from '../../platform/db/schema.ts';

/** `%` and `_` typed by a user are literal characters, not wildcards. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** SQL condition "this region path / organization lies in `scope`". */
export function inScope(scope: Scope, pathColumn: SQLWrapper, orgColumn: SQLWrapper): SQL {
  if (scope.all) return sql`true`;
  const parts: SQL[] = scope.regionPaths.map((p) => sql`(${pathColumn} = ${p} or ${pathColumn} like ${`${p}/%`})`);
  if (scope.organizationIds.length > 0) parts.push(inArray(orgColumn, scope.organizationIds));
  return parts.length > 0 ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  regionCode: apiKeys.regionCode,
  regionPath: regions.path,
  organizationId: apiKeys.organizationId,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: string;
  regionCode: string | null;
  regionPath: string | null;
  organizationId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function presentApiKey(r: ApiKeyRow): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    role: r.role as Role,
    regionCode: r.regionCode,
    organizationId: r.organizationId,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

/** The unrevoked key with this hash, with its region's path for the grant. */
export async function findLiveApiKey(db: Tx, keyHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select(keyColumns)
    .from(apiKeys)
    .leftJoin(regions, eq(regions.code, apiKeys.regionCode))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  return row;
}

export async function findApiKey(db: Tx, id: string, lock = false): Promise<ApiKeyRow | undefined> {
  const q = db
    .select(keyColumns)
    .from(apiKeys)
    .leftJoin(regions, eq(regions.code, apiKeys.regionCode))
    .where(eq(apiKeys.id, id));
  const [row] = lock ? await q.for('update', { of: apiKeys }) : await q;
  return row;
}

/** Records use, skipping the write when it was recorded within the last minute. */
export async function touchApiKey(db: Tx, id: string, now: Date, intervalMs: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.id, id),
        sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < ${new Date(now.getTime() - intervalMs)})`,
      ),
    );
}

export async function insertApiKey(
  tx: Tx,
  k: {
    name: string;
    prefix: string;
    keyHash: string;
    role: Role;
    regionCode: string | null;
    organizationId: string | null;
    createdBy: string | null;
  },
): Promise<string> {
  const [row] = await tx.insert(apiKeys).values(k).returning({ id: apiKeys.id });
  if (!row) throw new Error('insert into api_keys returned nothing');
  return row.id;
}

export async function revokeApiKey(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, id));
}

export interface ApiKeyFilter {
  scope: Scope;
  q?: string | undefined;
  revoked?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** A page of keys inside `scope`, newest first. */
export async function listApiKeys(db: Tx, f: ApiKeyFilter): Promise<{ rows: ApiKeyRow[]; total: number }> {
  const where = and(
    inScope(f.scope, regions.path, apiKeys.organizationId),
    f.q ? or(ilike(apiKeys.name, likeContains(f.q)), ilike(apiKeys.prefix, likeContains(f.q))) : undefined,
    f.revoked === undefined ? undefined : f.revoked ? isNotNull(apiKeys.revokedAt) : isNull(apiKeys.revokedAt),
  );
  const [rows, totals] = await Promise.all([
    db
      .select(keyColumns)
      .from(apiKeys)
      .leftJoin(regions, eq(regions.code, apiKeys.regionCode))
      .where(where)
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(apiKeys).leftJoin(regions, eq(regions.code, apiKeys.regionCode)).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

/** Paths of the given region codes (unknown codes are absent from the map). */
export async function regionPathsOf(db: Tx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: regions.code, path: regions.path })
    .from(regions)
    .where(inArray(regions.code, codes));
  return new Map(rows.map((r) => [r.code, r.path]));
}

export async function organizationExists(db: Tx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id));
  return row !== undefined;
}
