import { ROLE_PERMISSIONS, type Permission, type Role } from '@zhili/contracts';
import type { Actor, Grant } from '../../platform/context.ts';

/** A role about to be given (to an account or an API key), with its scope resolved to a path. */
export interface GrantTarget {
  role: Role;
  regionPath: string | null;
  organizationId: string | null;
}

/** Why a grant is refused; null when it is allowed. */
export type GrantRefusal = 'not_permitted' | 'out_of_scope' | 'unrestricted_admin_only' | 'permission_not_held';

function within(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

/** Same rule as platform/access.ts: the grant's region subtree and organization contain the target. */
export function grantCovers(g: Grant, t: { regionPath: string | null; organizationId: string | null }): boolean {
  if (g.regionPath !== null && (t.regionPath === null || !within(t.regionPath, g.regionPath))) return false;
  if (g.organizationId !== null && t.organizationId !== g.organizationId) return false;
  return true;
}

/** An admin grant limited by nothing: the only kind that may hand out admin or global roles. */
export function isUnrestrictedAdmin(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'admin' && g.regionPath === null && g.organizationId === null);
}

/**
 * Whether `actor`, acting under `managePermission` (account.write, apikey.manage), may give
 * `target`. Nobody grants beyond themselves: the target must lie in a scope where the actor holds
 * `managePermission`, and every permission of the role must be one the actor holds in a grant
 * covering that same scope, so no one can mint a role stronger than their own. Admin and
 * region-less roles come only from an unrestricted admin.
 */
export function grantRefusal(actor: Actor, managePermission: Permission, target: GrantTarget): GrantRefusal | null {
  const managing = actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(managePermission));
  if (managing.length === 0) return 'not_permitted';
  if (target.role === 'admin' || target.regionPath === null) {
    return isUnrestrictedAdmin(actor) ? null : 'unrestricted_admin_only';
  }
  if (!managing.some((g) => grantCovers(g, target))) return 'out_of_scope';
  const covering = actor.grants.filter((g) => grantCovers(g, target));
  const held = new Set(covering.flatMap((g) => ROLE_PERMISSIONS[g.role]));
  return ROLE_PERMISSIONS[target.role].every((p) => held.has(p)) ? null : 'permission_not_held';
}
