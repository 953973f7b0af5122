import type { Me } from '@zhili/contracts';

/**
 * Whether the caller may list the regions under a scope: some role must reach that region without
 * an organization limit (an organization-limited grant reads only that organization's rows, so
 * `GET /api/regions?parent=` answers OUT_OF_SCOPE). `scopePath` null means "everything".
 */
export function canChartRegions(me: Pick<Me, 'roles' | 'permissions'>, scopePath: string | null): boolean {
  if (!me.permissions.includes('region.read')) return false;
  return me.roles.some(
    (r) =>
      !r.organizationId &&
      (r.regionPath === null ||
        (scopePath !== null && (scopePath === r.regionPath || scopePath.startsWith(`${r.regionPath}/`)))),
  );
}
