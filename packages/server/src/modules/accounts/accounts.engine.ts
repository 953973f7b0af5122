import type { Account, RoleAssignment } from '@zhili/contracts';
import { grantsWith } from '../../platform/access.ts';
import type { Actor } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import type { PiiCipher } from '../../platform/pii.ts';
import { grantCovers, grantRefusal, type GrantTarget } from '../auth/index.ts';
import { mayRevealPii, presentPerson } from '../core/index.ts';
import { AccountErrors } from './accounts.errors.ts';
import type { AccountRow } from './accounts.repo.ts';

/** The scope of one role assignment (region path and organization), as access rules see it. */
export type AssignmentTarget = GrantTarget;

// An account is "where its roles are". One without any role belongs to no region, so only a
// global grant reaches it.
const GLOBAL = { regionPath: null, organizationId: null };

/** Read rule: at least one of the account's assignments lies in the caller's `account.read` scope. */
export function canRead(actor: Actor, assignments: readonly AssignmentTarget[]): boolean {
  const grants = grantsWith(actor, 'account.read');
  const targets = assignments.length > 0 ? assignments : [GLOBAL];
  return targets.some((t) => grants.some((g) => grantCovers(g, t)));
}

export function assertReadable(actor: Actor, assignments: readonly AssignmentTarget[]): void {
  if (!canRead(actor, assignments)) throw PlatformErrors.OUT_OF_SCOPE();
}

/**
 * Throws unless `actor` may grant `target` under `account.write` (see grantRefusal): OUT_OF_SCOPE
 * for a region outside the caller's scope, ACCOUNT_ROLE_NOT_GRANTABLE for a role stronger than
 * the caller's own or an admin/global role from anyone but an unrestricted admin.
 */
export function assertGrantable(actor: Actor, target: AssignmentTarget, path: string): void {
  const refusal = grantRefusal(actor, 'account.write', target);
  if (refusal === null) return;
  if (refusal === 'not_permitted') throw PlatformErrors.FORBIDDEN();
  if (refusal === 'out_of_scope') {
    throw PlatformErrors.OUT_OF_SCOPE([{ path: `${path}.regionCode`, code: refusal, message: 'outside your scope' }]);
  }
  throw AccountErrors.ACCOUNT_ROLE_NOT_GRANTABLE([{ path: `${path}.role`, code: refusal, message: refusal }]);
}

/**
 * Write rule for an existing account: the caller must be able to grant every role it holds.
 * Covering just one would let a township officer reset the password of a county leader who also
 * happens to hold a township role, and so take over the stronger account.
 */
export function assertManageable(actor: Actor, assignments: readonly AssignmentTarget[]): void {
  if (assignments.length === 0) {
    const covered = grantsWith(actor, 'account.write').some((g) => grantCovers(g, GLOBAL));
    if (!covered) throw PlatformErrors.OUT_OF_SCOPE();
    return;
  }
  for (const a of assignments) {
    const refusal = grantRefusal(actor, 'account.write', a);
    if (refusal === 'not_permitted') throw PlatformErrors.FORBIDDEN();
    if (refusal !== null) throw PlatformErrors.OUT_OF_SCOPE([{ path: 'params.id', code: refusal, message: refusal }]);
  }
}

/** True when the caller's `person.read` scope reaches a person in this region. */
export function canSeePerson(actor: Actor, regionPath: string | null): boolean {
  return grantsWith(actor, 'person.read').some((g) => grantCovers(g, { regionPath, organizationId: null }));
}

export function isUnrestrictedAdminAssignment(a: {
  role: string;
  regionPath: string | null;
  organizationId: string | null;
  regionCode?: string | null;
}): boolean {
  return a.role === 'admin' && a.regionPath === null && (a.regionCode ?? null) === null && a.organizationId === null;
}

/** Two assignments with the same role, region and organization. */
export function sameAssignment(
  a: { role: string; regionCode: string | null; organizationId: string | null } | undefined,
  b: { role: string; regionCode: string | null; organizationId: string | null } | undefined,
): boolean {
  return !!a && !!b && a.role === b.role && a.regionCode === b.regionCode && a.organizationId === b.organizationId;
}

/**
 * The API shape of an account. The person is presented by core's rule: phone and ID number in
 * clear only for a caller holding `pii.read` over the person's region, masked otherwise.
 */
export function presentAccount(
  actor: Actor,
  row: AccountRow,
  roles: RoleAssignment[],
  pii: PiiCipher | undefined,
): Account {
  if (row.person && !pii) throw new Error('presenting a person needs the personal-data cipher');
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    disabled: row.disabled,
    lockedUntil: row.lockedUntil?.toISOString() ?? null,
    mustChangePassword: row.mustChangePassword,
    person: row.person && pii ? presentPerson(pii, row.person, mayRevealPii(actor, row.personRegionPath)) : null,
    roles,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
