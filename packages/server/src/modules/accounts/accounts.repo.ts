import { and, asc, count, eq, getTableColumns, ilike, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Role } from '@zhili/contracts';
import type { Scope } from '../../platform/access.ts';
import type { Tx } from '../../platform/db/pool.ts';
import { accounts, organizations, persons, regions, roleAssignments } from '../../platform/db/schema.ts';
import { inScope, likeContains } from '../auth/index.ts';

/** A person row as stored (numbers sealed). */
export type PersonRow = typeof persons.$inferSelect;

/** An account row as the accounts screens show it, with its linked person (still sealed). */
export interface AccountRow {
  id: string;
  username: string;
  displayName: string;
  disabled: boolean;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  personId: string | null;
  person: PersonRow | null;
  /** Path of the person's region: whether the caller sees their numbers in clear depends on it. */
  personRegionPath: string | null;
}

const accountColumns = {
  id: accounts.id,
  username: accounts.username,
  displayName: accounts.displayName,
  disabled: accounts.disabled,
  lockedUntil: accounts.lockedUntil,
  mustChangePassword: accounts.mustChangePassword,
  lastLoginAt: accounts.lastLoginAt,
  createdAt: accounts.createdAt,
  personId: accounts.personId,
  person: getTableColumns(persons),
  personRegionPath: sql<string | null>`(select r.path from ${regions} r where r.code = ${persons.regionCode})`,
};

/** One role assignment with its scope resolved, as access rules need it. */
export interface AssignmentScope {
  id: string;
  role: Role;
  regionCode: string | null;
  regionPath: string | null;
  organizationId: string | null;
}

export async function findAccount(db: Tx, id: string, lock = false): Promise<AccountRow | undefined> {
  const q = db
    .select(accountColumns)
    .from(accounts)
    .leftJoin(persons, eq(persons.id, accounts.personId))
    .where(eq(accounts.id, id));
  const [row] = lock ? await q.for('update', { of: accounts }) : await q;
  return row;
}

/** The scopes of an account's role assignments. */
export async function assignmentScopesOf(db: Tx, accountId: string): Promise<AssignmentScope[]> {
  const rows = await db
    .select({
      id: roleAssignments.id,
      role: roleAssignments.role,
      regionCode: roleAssignments.regionCode,
      regionPath: regions.path,
      organizationId: roleAssignments.organizationId,
    })
    .from(roleAssignments)
    .leftJoin(regions, eq(regions.code, roleAssignments.regionCode))
    .where(eq(roleAssignments.accountId, accountId));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

export interface AccountFilter {
  scope: Scope;
  q?: string | undefined;
  role?: Role | undefined;
  /** Accounts holding a role inside this region subtree. */
  regionPath?: string | undefined;
  disabled?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** A page of accounts having at least one role assignment inside `scope` (all of them for a global scope). */
export async function listAccounts(db: Tx, f: AccountFilter): Promise<{ rows: AccountRow[]; total: number }> {
  const assignmentWhere = (extra: SQL | undefined) => sql`exists (
    select 1 from ${roleAssignments} ra left join ${regions} rr on rr.code = ra.region_code
    where ra.account_id = ${accounts.id} and ${extra ?? sql`true`})`;
  const filterParts: SQL[] = [];
  if (f.role) filterParts.push(sql`ra.role = ${f.role}`);
  if (f.regionPath) filterParts.push(sql`(rr.path = ${f.regionPath} or rr.path like ${`${f.regionPath}/%`})`);
  const where = and(
    f.scope.all ? undefined : assignmentWhere(inScope(f.scope, sql`rr.path`, sql`ra.organization_id`)),
    filterParts.length > 0 ? assignmentWhere(sql.join(filterParts, sql` and `)) : undefined,
    f.q ? or(ilike(accounts.username, likeContains(f.q)), ilike(accounts.displayName, likeContains(f.q))) : undefined,
    f.disabled === undefined ? undefined : eq(accounts.disabled, f.disabled),
  );
  const [rows, totals] = await Promise.all([
    db
      .select(accountColumns)
      .from(accounts)
      .leftJoin(persons, eq(persons.id, accounts.personId))
      .where(where)
      .orderBy(asc(accounts.username))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(accounts).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function usernameTaken(db: Tx, username: string): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(sql`lower(${accounts.username}) = lower(${username})`);
  return row !== undefined;
}

export async function insertAccount(
  tx: Tx,
  a: {
    username: string;
    displayName: string;
    passwordHash: string;
    personId: string | null;
    mustChangePassword: boolean;
  },
): Promise<string> {
  const [row] = await tx.insert(accounts).values(a).returning({ id: accounts.id });
  if (!row) throw new Error('insert into accounts returned nothing');
  return row.id;
}

export async function updateAccount(
  tx: Tx,
  id: string,
  patch: { displayName?: string | undefined; disabled?: boolean | undefined },
): Promise<void> {
  await tx
    .update(accounts)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(accounts.id, id));
}

export async function insertRoleAssignment(
  tx: Tx,
  r: { accountId: string; role: Role; regionCode: string | null; organizationId: string | null },
): Promise<string> {
  const [row] = await tx.insert(roleAssignments).values(r).returning({ id: roleAssignments.id });
  if (!row) throw new Error('insert into role_assignments returned nothing');
  return row.id;
}

export async function deleteRoleAssignment(tx: Tx, id: string): Promise<void> {
  await tx.delete(roleAssignments).where(eq(roleAssignments.id, id));
}

/** Paths of the given region codes (unknown codes are absent). */
export async function regionPathsOf(db: Tx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: regions.code, path: regions.path })
    .from(regions)
    .where(inArray(regions.code, codes));
  return new Map(rows.map((r) => [r.code, r.path]));
}

/** Which of these organization ids exist. */
export async function existingOrganizations(db: Tx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, ids));
  return new Set(rows.map((r) => r.id));
}

/**
 * Enabled accounts holding an unrestricted admin role, other than `exceptAccountId` /
 * `exceptAssignmentId`: the guard that keeps an installation from locking itself out.
 */
export async function countOtherUnrestrictedAdmins(
  tx: Tx,
  except: { accountId?: string; assignmentId?: string },
): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(roleAssignments)
    .innerJoin(accounts, eq(accounts.id, roleAssignments.accountId))
    .where(
      and(
        eq(roleAssignments.role, 'admin'),
        isNull(roleAssignments.regionCode),
        isNull(roleAssignments.organizationId),
        eq(accounts.disabled, false),
        except.accountId ? ne(accounts.id, except.accountId) : undefined,
        except.assignmentId ? ne(roleAssignments.id, except.assignmentId) : undefined,
      ),
    );
  return row?.n ?? 0;
}

/** People already registered with this phone (by blind index), oldest first, with their region paths. */
export async function personsByPhoneIndex(
  db: Tx,
  phoneIndex: string,
): Promise<{ id: string; regionPath: string | null }[]> {
  return db
    .select({ id: persons.id, regionPath: regions.path })
    .from(persons)
    .leftJoin(regions, eq(regions.code, persons.regionCode))
    .where(eq(persons.phoneIndex, phoneIndex))
    .orderBy(asc(persons.createdAt));
}

export async function insertPerson(
  tx: Tx,
  p: { name: string; phoneEnc: Buffer; phoneIndex: string; regionCode: string | null },
): Promise<PersonRow> {
  const [row] = await tx.insert(persons).values(p).returning();
  if (!row) throw new Error('insert into persons returned nothing');
  return row;
}

/** What the audit log keeps of an account: identity, state and roles — never password or PII. */
export async function auditSnapshot(db: Tx, id: string): Promise<Record<string, unknown> | null> {
  const row = await findAccount(db, id);
  if (!row) return null;
  const roles = await assignmentScopesOf(db, id);
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    disabled: row.disabled,
    mustChangePassword: row.mustChangePassword,
    personId: row.personId,
    roles: roles
      .map((r) => ({ id: r.id, role: r.role, regionCode: r.regionCode, organizationId: r.organizationId }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}
