import { eq } from 'drizzle-orm';
import { ROLE_PERMISSIONS, type Permission } from '@zhili/contracts';
import type { Actor, Ctx, Grant } from './context.ts';
import { PlatformErrors, invalid } from './errors.ts';
import { regions } from '../modules/core/core.table.ts';

/**
 * What an access check is about. A target with neither field is global: only grants without a
 * region or organization limit cover it. `regionCode` is resolved to its path in the database.
 */
export interface Target {
  regionPath?: string | null;
  regionCode?: string | null;
  organizationId?: string | null;
}

/** True when `path` is `scope` or lies in its subtree. */
export function pathWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

function grantCovers(g: Grant, t: { regionPath: string | null; organizationId: string | null }): boolean {
  if (g.regionPath !== null && (t.regionPath === null || !pathWithin(t.regionPath, g.regionPath))) return false;
  if (g.organizationId !== null && t.organizationId !== g.organizationId) return false;
  return true;
}

/** The grants of `actor` that carry `permission`, whatever their scope. */
export function grantsWith(actor: Actor, permission: Permission): Grant[] {
  return actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return grantsWith(actor, permission).length > 0;
}

/** Pure form of the check, for engines and tests: throws FORBIDDEN or OUT_OF_SCOPE. */
export function checkAccess(
  actor: Actor,
  permission: Permission,
  target?: { regionPath: string | null; organizationId: string | null },
): void {
  if (actor.kind === 'anonymous') throw PlatformErrors.UNAUTHENTICATED();
  const grants = grantsWith(actor, permission);
  if (grants.length === 0) throw PlatformErrors.FORBIDDEN([{ path: '', code: permission, message: permission }]);
  if (target && !grants.some((g) => grantCovers(g, target))) throw PlatformErrors.OUT_OF_SCOPE();
}

/**
 * The access check every service method starts with: the caller must hold `permission` in a
 * scope that covers `target` (when given). Without a target only the permission is checked;
 * list queries then narrow their rows with {@link scopeOf}.
 */
export async function requireAccess(ctx: Ctx, permission: Permission, target?: Target): Promise<void> {
  if (!target) return checkAccess(ctx.actor, permission);
  let regionPath = target.regionPath ?? null;
  if (regionPath === null && target.regionCode) {
    // Check the permission before touching the database so an unauthorised caller learns nothing.
    checkAccess(ctx.actor, permission);
    const [row] = await ctx.db.select({ path: regions.path }).from(regions).where(eq(regions.code, target.regionCode));
    if (!row) throw invalid('regionCode', `unknown region ${target.regionCode}`, 'unknown_region');
    regionPath = row.path;
  }
  checkAccess(ctx.actor, permission, { regionPath, organizationId: target.organizationId ?? null });
}

/** The rows a caller may see for `permission`: everything, or these region subtrees / organizations. */
export interface Scope {
  all: boolean;
  regionPaths: string[];
  organizationIds: string[];
}

export function scopeOf(actor: Actor, permission: Permission): Scope {
  const grants = grantsWith(actor, permission);
  if (grants.some((g) => g.regionPath === null && g.organizationId === null)) {
    return { all: true, regionPaths: [], organizationIds: [] };
  }
  // An organization-limited grant reaches only rows of that organization (as checkAccess
  // requires), so it contributes to organizationIds and never widens the region list.
  return {
    all: false,
    regionPaths: grants.flatMap((g) => (g.regionPath !== null && g.organizationId === null ? [g.regionPath] : [])),
    organizationIds: grants.flatMap((g) => (g.organizationId !== null ? [g.organizationId] : [])),
  };
}
