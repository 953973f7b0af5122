import type { z } from 'zod';
import {
  AccountCreate,
  RoleAssignmentInput,
  type Account,
  type AccountListQuery,
  type AccountUpdate,
  type Page,
  type PasswordReset,
  type RoleAssignment,
} from '@zhili/contracts';
import type { Actor, Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/pool.ts';
import type { PiiCipher } from '../../platform/pii.ts';
import { requireAccess, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pgErrorCode } from '../../platform/scheduler.ts';
import { invalid } from '../../platform/errors.ts';
import {
  hashPassword,
  parseInput,
  revokeAccountSessions,
  roleAssignmentsOf,
  setPassword,
  temporaryPassword,
  type GrantTarget,
} from '../auth/index.ts';
import { presentPerson } from '../core/index.ts';
import { AccountErrors } from './accounts.errors.ts';
import * as repo from './accounts.repo.ts';
import {
  assertGrantable,
  assertManageable,
  assertReadable,
  canSeePerson,
  isUnrestrictedAdminAssignment,
  presentAccount,
  sameAssignment,
} from './accounts.engine.ts';

/** Presents account rows with their roles, loaded in one query. */
async function presentAccounts(db: Tx, actor: Actor, rows: repo.AccountRow[], pii?: PiiCipher): Promise<Account[]> {
  const roles = await roleAssignmentsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentAccount(actor, r, roles.get(r.id) ?? [], pii));
}

/**
 * Accounts the caller may see: those with at least one role assignment inside the caller's
 * `account.read` scope (everything for a global grant). `q` matches username and display name;
 * `role` and `region` (code, whole subtree) narrow to accounts holding such an assignment.
 */
export async function listAccounts(ctx: Ctx, query: AccountListQuery, pii: PiiCipher): Promise<Page<Account>> {
  await requireAccess(ctx, 'account.read');
  let regionPath: string | undefined;
  if (query.region) {
    regionPath = (await repo.regionPathsOf(ctx.db, [query.region])).get(query.region);
    if (regionPath === undefined) throw invalid('query.region', `unknown region ${query.region}`, 'unknown_region');
  }
  const { rows, total } = await repo.listAccounts(ctx.db, {
    scope: scopeOf(ctx.actor, 'account.read'),
    q: query.q,
    role: query.role,
    regionPath,
    disabled: query.disabled === undefined ? undefined : query.disabled === 'true',
    page: query.page,
    pageSize: query.pageSize,
  });
  const items = await presentAccounts(ctx.db, ctx.actor, rows, pii);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** One account, if one of its role assignments lies in the caller's `account.read` scope. */
export async function getAccount(ctx: Ctx, id: string, pii: PiiCipher): Promise<Account> {
  await requireAccess(ctx, 'account.read');
  const row = await repo.findAccount(ctx.db, id);
  if (!row) throw AccountErrors.ACCOUNT_NOT_FOUND();
  assertReadable(ctx.actor, await repo.assignmentScopesOf(ctx.db, id));
  const [account] = await presentAccounts(ctx.db, ctx.actor, [row], pii);
  if (!account) throw AccountErrors.ACCOUNT_NOT_FOUND();
  return account;
}

/** Checks that regions and organizations named by role inputs exist; returns their scopes. */
async function resolveTargets(
  ctx: Ctx,
  roles: RoleAssignmentInput[],
  pathOf: (i: number) => string,
): Promise<GrantTarget[]> {
  const codes = [...new Set(roles.flatMap((r) => (r.regionCode ? [r.regionCode] : [])))];
  const orgIds = [...new Set(roles.flatMap((r) => (r.organizationId ? [r.organizationId] : [])))];
  const [paths, orgs] = await Promise.all([
    repo.regionPathsOf(ctx.db, codes),
    repo.existingOrganizations(ctx.db, orgIds),
  ]);
  return roles.map((r, i) => {
    const regionPath = r.regionCode === null ? null : paths.get(r.regionCode);
    if (regionPath === undefined)
      throw invalid(`${pathOf(i)}.regionCode`, `unknown region ${r.regionCode}`, 'unknown_region');
    if (r.organizationId !== null && !orgs.has(r.organizationId)) {
      throw invalid(`${pathOf(i)}.organizationId`, 'unknown organization', 'unknown_organization');
    }
    return { role: r.role, regionPath, organizationId: r.organizationId };
  });
}

const usernameTaken = () =>
  AccountErrors.ACCOUNT_USERNAME_TAKEN([{ path: 'body.username', code: 'taken', message: 'username already taken' }]);

/**
 * Creates an account with its role assignments (and, given a phone, links or creates its
 * person, phone sealed with `pii`). Every assignment must be grantable by the caller; an account
 * without roles is global and needs a global grant. Used by `POST /api/accounts`, the CLI
 * (`zhili user add`) and the demo seed.
 */
export async function createAccount(ctx: Ctx, input: z.input<typeof AccountCreate>, pii?: PiiCipher): Promise<Account> {
  await requireAccess(ctx, 'account.write');
  const data = parseInput(AccountCreate, input);
  const targets = await resolveTargets(ctx, data.roles, (i) => `body.roles.${i}`);
  if (targets.length === 0) assertManageable(ctx.actor, []);
  targets.forEach((t, i) => {
    assertGrantable(ctx.actor, t, `body.roles.${i}`);
    if (data.roles.slice(0, i).some((r) => sameAssignment(r, data.roles[i]))) {
      throw invalid(`body.roles.${i}`, 'the same role assignment is listed twice', 'duplicate');
    }
  });
  if (data.phone !== null && !pii) throw new Error('createAccount needs the personal-data cipher to store a phone');
  if (await repo.usernameTaken(ctx.db, data.username)) throw usernameTaken();
  const passwordHash = await hashPassword(data.password);
  try {
    const id = await ctx.db.transaction(async (tx) => {
      let personId: string | null = null;
      if (data.phone !== null && pii) {
        const phoneIndex = pii.blindIndex('phone', data.phone);
        // Link the person already registered with this phone, but only one the caller may see:
        // typing a number must not reveal who it belongs to elsewhere.
        const known = await repo.personsByPhoneIndex(tx, phoneIndex);
        personId = known.find((p) => canSeePerson(ctx.actor, p.regionPath))?.id ?? null;
        if (personId === null) {
          // The person lives where their first role is: that region decides who sees the number.
          const person = await repo.insertPerson(tx, {
            name: data.displayName,
            phoneEnc: pii.encrypt(data.phone),
            phoneIndex,
            regionCode: data.roles[0]?.regionCode ?? null,
          });
          personId = person.id;
          await recordAudit(ctx, tx, {
            action: 'person.create',
            entity: 'person',
            entityId: person.id,
            after: presentPerson(pii, person, false),
          });
        }
      }
      const accountId = await repo.insertAccount(tx, {
        username: data.username,
        displayName: data.displayName,
        passwordHash,
        personId,
        // A password chosen by an administrator is a first-login password: the person changes it.
        mustChangePassword: ctx.actor.kind === 'account',
      });
      for (const r of data.roles) await repo.insertRoleAssignment(tx, { accountId, ...r });
      await recordAudit(ctx, tx, {
        action: 'account.create',
        entity: 'account',
        entityId: accountId,
        after: await repo.auditSnapshot(tx, accountId),
      });
      return accountId;
    });
    return await loadPresented(ctx, id, pii);
  } catch (err) {
    // Two creations racing for one username: the unique index decides, the loser gets a 409.
    if (pgErrorCode(err) === '23505') throw usernameTaken();
    throw err;
  }
}

async function loadPresented(ctx: Ctx, id: string, pii: PiiCipher | undefined): Promise<Account> {
  const row = await repo.findAccount(ctx.db, id);
  if (!row) throw AccountErrors.ACCOUNT_NOT_FOUND();
  const [account] = await presentAccounts(ctx.db, ctx.actor, [row], pii);
  if (!account) throw AccountErrors.ACCOUNT_NOT_FOUND();
  return account;
}

/** Loads an account for a write, row-locked, and checks the caller may manage all of it. */
async function lockManaged(ctx: Ctx, tx: Tx, id: string): Promise<repo.AccountRow> {
  const row = await repo.findAccount(tx, id, true);
  if (!row) throw AccountErrors.ACCOUNT_NOT_FOUND();
  assertManageable(ctx.actor, await repo.assignmentScopesOf(tx, id));
  return row;
}

/**
 * Renames or disables/enables an account. Disabling signs it out everywhere at once; nobody can
 * disable themselves or the last unrestricted administrator.
 */
export async function updateAccount(ctx: Ctx, id: string, input: AccountUpdate, pii: PiiCipher): Promise<Account> {
  await requireAccess(ctx, 'account.write');
  await ctx.db.transaction(async (tx) => {
    const row = await lockManaged(ctx, tx, id);
    const disabling = input.disabled === true && !row.disabled;
    if (disabling && ctx.actor.kind === 'account' && ctx.actor.id === id) {
      throw AccountErrors.ACCOUNT_CANNOT_DISABLE_SELF([
        { path: 'body.disabled', code: 'self', message: 'cannot disable yourself' },
      ]);
    }
    if (disabling && (await repo.assignmentScopesOf(tx, id)).some(isUnrestrictedAdminAssignment)) {
      if ((await repo.countOtherUnrestrictedAdmins(tx, { accountId: id })) === 0)
        throw AccountErrors.ACCOUNT_LAST_ADMIN();
    }
    const before = await repo.auditSnapshot(tx, id);
    await repo.updateAccount(tx, id, { displayName: input.displayName, disabled: input.disabled });
    if (disabling) await revokeAccountSessions(tx, id);
    await recordAudit(ctx, tx, {
      action: 'account.update',
      entity: 'account',
      entityId: id,
      before,
      after: await repo.auditSnapshot(tx, id),
    });
  });
  return loadPresented(ctx, id, pii);
}

/**
 * Gives the account a random temporary password (returned once), which it must change at next
 * sign-in; clears any lockout and signs the account out everywhere.
 */
export async function resetPassword(ctx: Ctx, id: string): Promise<PasswordReset> {
  await requireAccess(ctx, 'account.write');
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    await lockManaged(ctx, tx, id);
    await setPassword(tx, id, passwordHash, true);
    const revoked = await revokeAccountSessions(tx, id);
    // The password itself never reaches the audit log.
    await recordAudit(ctx, tx, {
      action: 'account.password_reset',
      entity: 'account',
      entityId: id,
      after: { mustChangePassword: true, sessionsRevoked: revoked },
    });
  });
  return { temporaryPassword: password };
}

/** Adds a role assignment to an account the caller manages; the role must be grantable by the caller. */
export async function addRole(
  ctx: Ctx,
  id: string,
  input: z.input<typeof RoleAssignmentInput>,
): Promise<RoleAssignment> {
  await requireAccess(ctx, 'account.write');
  const data = parseInput(RoleAssignmentInput, input);
  const [target] = await resolveTargets(ctx, [data], () => 'body');
  if (!target) throw new Error('unreachable: one input gives one target');
  assertGrantable(ctx.actor, target, 'body');
  const assignmentId = await ctx.db.transaction(async (tx) => {
    await lockManaged(ctx, tx, id);
    const existing = await repo.assignmentScopesOf(tx, id);
    if (existing.some((a) => sameAssignment(a, data))) throw AccountErrors.ACCOUNT_ROLE_DUPLICATE();
    const before = await repo.auditSnapshot(tx, id);
    const newId = await repo.insertRoleAssignment(tx, { accountId: id, ...data });
    await recordAudit(ctx, tx, {
      action: 'account.role_add',
      entity: 'account',
      entityId: id,
      before,
      after: await repo.auditSnapshot(tx, id),
    });
    return newId;
  });
  const roles = (await roleAssignmentsOf(ctx.db, [id])).get(id) ?? [];
  const created = roles.find((r) => r.id === assignmentId);
  if (!created) throw AccountErrors.ACCOUNT_ROLE_NOT_FOUND();
  return created;
}

/**
 * Removes one role assignment. The caller must be able to grant that assignment themselves; the
 * last unrestricted admin assignment of an enabled account cannot go.
 */
export async function removeRole(ctx: Ctx, id: string, assignmentId: string): Promise<void> {
  await requireAccess(ctx, 'account.write');
  await ctx.db.transaction(async (tx) => {
    const row = await repo.findAccount(tx, id, true);
    if (!row) throw AccountErrors.ACCOUNT_NOT_FOUND();
    const assignment = (await repo.assignmentScopesOf(tx, id)).find((a) => a.id === assignmentId);
    if (!assignment) throw AccountErrors.ACCOUNT_ROLE_NOT_FOUND();
    assertGrantable(ctx.actor, assignment, 'params.assignmentId');
    if (isUnrestrictedAdminAssignment(assignment) && !row.disabled) {
      if ((await repo.countOtherUnrestrictedAdmins(tx, { assignmentId })) === 0)
        throw AccountErrors.ACCOUNT_LAST_ADMIN();
    }
    const before = await repo.auditSnapshot(tx, id);
    await repo.deleteRoleAssignment(tx, assignmentId);
    await recordAudit(ctx, tx, {
      action: 'account.role_remove',
      entity: 'account',
      entityId: id,
      before,
      after: await repo.auditSnapshot(tx, id),
    });
  });
}
