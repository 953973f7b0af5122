import { and, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Role, RoleAssignment } from '@zhili/contracts';
import type { Tx } from '../../platform/db/pool.ts';
import type { Grant } from '../../platform/context.ts';
import { accounts, organizations, regions, roleAssignments, sessions } from '../../platform/db/schema.ts';

/** What sign-in needs of an account, secrets included: never leaves the auth module. */
export interface LoginAccountRow {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  disabled: boolean;
  mustChangePassword: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
}

const loginColumns = {
  id: accounts.id,
  username: accounts.username,
  displayName: accounts.displayName,
  passwordHash: accounts.passwordHash,
  disabled: accounts.disabled,
  mustChangePassword: accounts.mustChangePassword,
  failedLogins: accounts.failedLogins,
  lockedUntil: accounts.lockedUntil,
};

/** The account with this username (case-insensitive), row-locked for the login's bookkeeping. */
export async function findAccountForLogin(tx: Tx, username: string): Promise<LoginAccountRow | undefined> {
  const [row] = await tx
    .select(loginColumns)
    .from(accounts)
    .where(sql`lower(${accounts.username}) = lower(${username})`)
    .for('update');
  return row;
}

export async function findAccountById(tx: Tx, id: string, lock = false): Promise<LoginAccountRow | undefined> {
  const q = tx.select(loginColumns).from(accounts).where(eq(accounts.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function setLoginFailureState(
  tx: Tx,
  id: string,
  state: { failedLogins: number; lockedUntil: Date | null },
): Promise<void> {
  await tx
    .update(accounts)
    .set({ failedLogins: state.failedLogins, lockedUntil: state.lockedUntil })
    .where(eq(accounts.id, id));
}

export async function markLoginSucceeded(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(accounts).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: at }).where(eq(accounts.id, id));
}

/** Sets a new password hash; `mustChangePassword` marks it temporary. Clears any lockout. */
export async function setPassword(
  tx: Tx,
  id: string,
  passwordHash: string,
  mustChangePassword: boolean,
): Promise<void> {
  await tx
    .update(accounts)
    .set({ passwordHash, mustChangePassword, failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
    .where(eq(accounts.id, id));
}

/** The grants of one account: its role assignments with their regions' paths. */
export async function grantsOfAccount(db: Tx, accountId: string): Promise<Grant[]> {
  const rows = await db
    .select({
      role: roleAssignments.role,
      regionCode: roleAssignments.regionCode,
      regionPath: regions.path,
      organizationId: roleAssignments.organizationId,
    })
    .from(roleAssignments)
    .leftJoin(regions, eq(regions.code, roleAssignments.regionCode))
    .where(eq(roleAssignments.accountId, accountId));
  return rows.map((r) => ({
    role: r.role as Role,
    regionCode: r.regionCode,
    regionPath: r.regionPath,
    organizationId: r.organizationId,
  }));
}

/** Role assignments, presented, of several accounts at once (no N+1 in lists). */
export async function roleAssignmentsOf(db: Tx, accountIds: string[]): Promise<Map<string, RoleAssignment[]>> {
  const out = new Map<string, RoleAssignment[]>(accountIds.map((id) => [id, []]));
  if (accountIds.length === 0) return out;
  const rows = await db
    .select({
      accountId: roleAssignments.accountId,
      id: roleAssignments.id,
      role: roleAssignments.role,
      regionCode: roleAssignments.regionCode,
      regionName: regions.name,
      regionPath: regions.path,
      organizationId: roleAssignments.organizationId,
      organizationName: organizations.name,
    })
    .from(roleAssignments)
    .leftJoin(regions, eq(regions.code, roleAssignments.regionCode))
    .leftJoin(organizations, eq(organizations.id, roleAssignments.organizationId))
    .where(inArray(roleAssignments.accountId, accountIds))
    .orderBy(roleAssignments.createdAt, roleAssignments.id);
  for (const { accountId, ...r } of rows) {
    out.get(accountId)?.push({ ...r, role: r.role as Role });
  }
  return out;
}

/** A live session with the facts actor resolution needs about its account. */
export interface SessionRow {
  idHash: string;
  accountId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  username: string;
  mustChangePassword: boolean;
}

/** The session with this token hash, unless it expired or its account is disabled. */
export async function findLiveSession(db: Tx, idHash: string, now: Date): Promise<SessionRow | undefined> {
  const [row] = await db
    .select({
      idHash: sessions.idHash,
      accountId: sessions.accountId,
      csrfToken: sessions.csrfToken,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      username: accounts.username,
      mustChangePassword: accounts.mustChangePassword,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.idHash, idHash), sql`${sessions.expiresAt} > ${now}`, eq(accounts.disabled, false)));
  return row;
}

export async function insertSession(
  tx: Tx,
  s: {
    idHash: string;
    accountId: string;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.insert(sessions).values({
    idHash: s.idHash,
    accountId: s.accountId,
    csrfToken: s.csrfToken,
    ip: s.ip,
    userAgent: s.userAgent,
    createdAt: s.now,
    lastSeenAt: s.now,
    expiresAt: s.expiresAt,
  });
}

export async function touchSession(db: Tx, idHash: string, now: Date, expiresAt: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.idHash, idHash));
}

/** Deletes one session; returns its account when it existed. */
export async function deleteSession(tx: Tx, idHash: string): Promise<string | undefined> {
  const [row] = await tx
    .delete(sessions)
    .where(eq(sessions.idHash, idHash))
    .returning({ accountId: sessions.accountId });
  return row?.accountId;
}

/** Deletes every session of an account, except `keepIdHash`; returns how many went. */
export async function deleteSessionsOf(tx: Tx, accountId: string, keepIdHash?: string): Promise<number> {
  const rows = await tx
    .delete(sessions)
    .where(and(eq(sessions.accountId, accountId), keepIdHash ? ne(sessions.idHash, keepIdHash) : undefined))
    .returning({ idHash: sessions.idHash });
  return rows.length;
}

/** Housekeeping: sessions past their expiry are useless and only take space. */
export async function deleteExpiredSessions(db: Tx, now: Date, accountId?: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(and(lte(sessions.expiresAt, now), accountId ? eq(sessions.accountId, accountId) : undefined))
    .returning({ idHash: sessions.idHash });
  return rows.length;
}
