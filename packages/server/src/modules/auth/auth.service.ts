import type { LoginBody, Me, PasswordChange } from '@zhili/contracts';
import type { Actor, Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/pool.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, PlatformErrors } from '../../platform/errors.ts';
import {
  afterFailedLogin,
  burnPasswordVerify,
  hashPassword,
  isLocked,
  newToken,
  permissionsOf,
  sessionExpiry,
  tokenHash,
  verifyPassword,
} from './auth.engine.ts';
import { AuthErrors } from './auth.errors.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOf,
  findAccountById,
  findAccountForLogin,
  insertSession,
  markLoginSucceeded,
  roleAssignmentsOf,
  setLoginFailureState,
  setPassword,
} from './auth.repo.ts';
import type { SessionInfo } from './actor.service.ts';

/** What the browser learns at sign-in: its session token (for the cookie) and who it is. */
export interface LoginResult {
  token: string;
  expiresAt: Date;
  me: Me;
}

/**
 * Auth use cases act on the caller's own account, so their check is "signed in with a session
 * account" rather than a permission: every account may look at and protect itself.
 */
function requireSignedIn(ctx: Ctx): string {
  if (ctx.actor.kind !== 'account' || ctx.actor.id === null) throw PlatformErrors.UNAUTHENTICATED();
  return ctx.actor.id;
}

async function buildMe(db: Tx, accountId: string, csrfToken: string): Promise<Me> {
  const account = await findAccountById(db, accountId);
  if (!account) throw PlatformErrors.UNAUTHENTICATED();
  const roles = (await roleAssignmentsOf(db, [accountId])).get(accountId) ?? [];
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    roles,
    permissions: permissionsOf(roles),
    mustChangePassword: account.mustChangePassword,
    csrfToken,
  };
}

function asAccountActor(account: { id: string; username: string }): Actor {
  return { kind: 'account', id: account.id, name: account.username, grants: [] };
}

/**
 * Signs in with username and password and opens a session. Unknown user and wrong password get
 * the same answer after the same work; five straight failures lock the account for 15 minutes;
 * a disabled account is only reported once the password has been proven.
 */
export async function login(
  ctx: Ctx,
  input: LoginBody,
  client: { userAgent: string | null; previousSessionHash?: string | null },
): Promise<LoginResult> {
  // Signing in is what creates an actor, so it is open to anonymous callers by design.
  const now = new Date();
  const outcome = await ctx.db.transaction(async (tx): Promise<LoginResult | AppError> => {
    const account = await findAccountForLogin(tx, input.username);
    const failed = async (reason: string, accountId: string | null, extra: object = {}) =>
      recordAudit(ctx, tx, {
        action: 'auth.login_failed',
        entity: 'account',
        entityId: accountId,
        after: { username: input.username, reason, ...extra },
      });
    if (!account) {
      await burnPasswordVerify(input.password);
      await failed('unknown_user', null);
      return AuthErrors.AUTH_INVALID_CREDENTIALS();
    }
    if (isLocked(account.lockedUntil, now)) {
      await failed('locked', account.id);
      return lockedError(account.lockedUntil);
    }
    if (!(await verifyPassword(account.passwordHash, input.password))) {
      const state = afterFailedLogin(account.failedLogins, account.lockedUntil, now);
      await setLoginFailureState(tx, account.id, state);
      const lockedNow = isLocked(state.lockedUntil, now);
      await failed('wrong_password', account.id, { failedLogins: state.failedLogins, locked: lockedNow });
      return lockedNow ? lockedError(state.lockedUntil) : AuthErrors.AUTH_INVALID_CREDENTIALS();
    }
    if (account.disabled) {
      await failed('disabled', account.id);
      return AuthErrors.AUTH_ACCOUNT_DISABLED();
    }
    // A fresh token at every sign-in: a cookie planted before login (session fixation) is worthless.
    if (client.previousSessionHash) await deleteSession(tx, client.previousSessionHash);
    await deleteExpiredSessions(tx, now, account.id);
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = sessionExpiry(now, now);
    await insertSession(tx, {
      idHash: tokenHash(token),
      accountId: account.id,
      csrfToken,
      ip: ctx.ip,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
      now,
      expiresAt,
    });
    await markLoginSucceeded(tx, account.id, now);
    await recordAudit({ ...ctx, actor: asAccountActor(account) }, tx, {
      action: 'auth.login',
      entity: 'account',
      entityId: account.id,
      after: { userAgent: client.userAgent?.slice(0, 200) ?? null, sessionExpiresAt: expiresAt },
    });
    return { token, expiresAt, me: await buildMe(tx, account.id, csrfToken) };
  });
  // Failures are returned, not thrown, so that the failure count and audit entry commit.
  if (outcome instanceof AppError) throw outcome;
  return outcome;
}

function lockedError(lockedUntil: Date | null): AppError {
  const until = lockedUntil?.toISOString() ?? '';
  return AuthErrors.AUTH_ACCOUNT_LOCKED([{ path: 'lockedUntil', code: 'locked_until', message: until }]);
}

/** Ends the caller's session (a no-op without one). */
export async function logout(ctx: Ctx, session: SessionInfo | null): Promise<void> {
  // Anyone may end the session they hold; there is nothing to check beyond holding it.
  if (!session) return;
  await ctx.db.transaction(async (tx) => {
    const accountId = await deleteSession(tx, session.idHash);
    if (accountId) await recordAudit(ctx, tx, { action: 'auth.logout', entity: 'account', entityId: accountId });
  });
}

/** The signed-in account, its roles, permissions and the CSRF token of this session. */
export async function getMe(ctx: Ctx, session: SessionInfo | null): Promise<Me> {
  const accountId = requireSignedIn(ctx);
  if (!session) throw PlatformErrors.UNAUTHENTICATED();
  return buildMe(ctx.db, accountId, session.csrfToken);
}

/**
 * Changes the caller's own password after proving the current one; clears mustChangePassword and
 * signs out every other session (a thief holding one loses it).
 */
export async function changePassword(ctx: Ctx, session: SessionInfo | null, input: PasswordChange): Promise<Me> {
  const accountId = requireSignedIn(ctx);
  if (!session) throw PlatformErrors.UNAUTHENTICATED();
  const account = await findAccountById(ctx.db, accountId);
  if (!account) throw PlatformErrors.UNAUTHENTICATED();
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw AuthErrors.AUTH_CURRENT_PASSWORD_WRONG([
      { path: 'body.currentPassword', code: 'wrong_password', message: 'current password is wrong' },
    ]);
  }
  if (input.newPassword === input.currentPassword) {
    throw AuthErrors.AUTH_PASSWORD_UNCHANGED([
      { path: 'body.newPassword', code: 'unchanged', message: 'new password equals the current one' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await setPassword(tx, accountId, passwordHash, false);
    const revoked = await deleteSessionsOf(tx, accountId, session.idHash);
    await recordAudit(ctx, tx, {
      action: 'auth.password_change',
      entity: 'account',
      entityId: accountId,
      before: { mustChangePassword: account.mustChangePassword },
      after: { mustChangePassword: false, otherSessionsRevoked: revoked },
    });
  });
  return buildMe(ctx.db, accountId, session.csrfToken);
}
