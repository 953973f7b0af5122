import type { HandlingLevel } from '@zhili/contracts';

/**
 * Dispatch rules, pure: which unit takes an incident of a category at a place. The intake caches
 * the active rules and asks here for every incident.
 */

/** A dispatch rule as the intake caches it (regionPath resolved from the rule's regionCode). */
export interface RuleRow {
  id: string;
  categoryCode: string | null;
  regionPath: string;
  handlingLevel: HandlingLevel;
  organizationId: string | null;
  autoDispatch: boolean;
  order: number;
  active: boolean;
}

function within(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

function depth(path: string): number {
  return path.split('/').length;
}

/**
 * Most specific active rule: the deepest regionPath containing the incident's path; among equals
 * a rule naming the category beats a catch-all; then the lower `order`; then id (deterministic).
 * An incident without a resolved region matches nothing (a dispatcher places it).
 */
export function matchRule(
  rules: readonly RuleRow[],
  categoryCode: string,
  incidentPath: string | null,
): RuleRow | null {
  if (!incidentPath) return null;
  let best: RuleRow | null = null;
  for (const r of rules) {
    if (!r.active || (r.categoryCode !== null && r.categoryCode !== categoryCode)) continue;
    if (!within(incidentPath, r.regionPath)) continue;
    if (!best || moreSpecific(r, best)) best = r;
  }
  return best;
}

function moreSpecific(a: RuleRow, b: RuleRow): boolean {
  const da = depth(a.regionPath);
  const db = depth(b.regionPath);
  if (da !== db) return da > db;
  const ca = a.categoryCode !== null;
  const cb = b.categoryCode !== null;
  if (ca !== cb) return ca;
  if (a.order !== b.order) return a.order < b.order;
  return a.id < b.id;
}

/** Region levels a handling level may fall back to, nearest first, when its own is missing. */
const FALLBACK: Record<HandlingLevel, readonly string[]> = {
  grid: ['grid', 'community', 'township', 'county'],
  community: ['community', 'township', 'county'],
  // Cities without townships (龙港 is one) go straight from community to the county-level centre.
  township: ['township', 'county'],
  county: ['county'],
  department: [],
};

/**
 * The unit region for a handling level, given the incident's region and its ancestors (any order,
 * each with its region level): grid → the grid, community → its community, township → the
 * township (or the county when there is none), county → the county. When the incident is placed
 * only at a coarser level (a community, no grid) the nearest coarser unit is returned. Null for
 * 'department' (the unit is an organization) or when no ancestor fits.
 */
export function unitRegionFor(
  level: HandlingLevel,
  ancestors: readonly { code: string; level: string; path: string }[],
): { code: string; path: string } | null {
  for (const want of FALLBACK[level]) {
    const hit = ancestors.find((a) => a.level === want);
    if (hit) return { code: hit.code, path: hit.path };
  }
  return null;
}
