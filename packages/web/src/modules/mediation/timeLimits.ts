import { ROLE_PERMISSIONS, type Me, type TimeLimit, type TimeLimitsInput } from '@zhili/contracts';

/**
 * The server sets limits only for callers whose mediation.manage is unrestricted (no region, no
 * organization): the limits apply county-wide. A township manager sees them read-only.
 */
export function mayEditTimeLimits(me: Pick<Me, 'roles'>): boolean {
  return me.roles.some(
    (r) => r.regionCode === null && r.organizationId === null && ROLE_PERMISSIONS[r.role].includes('mediation.manage'),
  );
}

/** The day on which a limit of `days` warns (the clock warns once `share` of it has passed). */
export const warningDay = (days: number, share: number): number => Math.max(1, Math.round(days * share));

/** The edited limits that differ from the saved ones, as the PUT body wants them. */
export function changedLimits(saved: readonly TimeLimit[], edits: Record<string, number>): TimeLimitsInput['limits'] {
  return saved.flatMap((l) => {
    const days = edits[l.type];
    return days !== undefined && days !== l.days ? [{ type: l.type, days }] : [];
  });
}
