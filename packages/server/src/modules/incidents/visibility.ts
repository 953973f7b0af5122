import { timingSafeEqual } from 'node:crypto';
import { inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Permission } from '@zhili/contracts';
import { checkAccess, grantsWith, pathWithin, scopeOf } from '../../platform/access.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { IncidentErrors } from './incidents.errors.ts';
import * as repo from './incidents.repo.ts';
import { trackingHash } from './intake.service.ts';
import { incidentJointOrderMembers, incidentJointOrders, incidents } from './incidents.table.ts';

/**
 * Who sees and works which incident. A grant covers an incident when its region subtree holds
 * the incident's place (`region_path`) or its handling unit (`assignee_region_path`), or when its
 * organization is the assignee or was summoned by a whistle. The named handler and the reporter
 * are covered too (the reporter for reading and feedback only).
 */

/** The facts about one incident that decide who may touch it. */
export interface IncidentScope {
  regionPath: string | null;
  assigneeRegionPath: string | null;
  assigneeOrganizationId: string | null;
  assigneeAccountId: string | null;
  reporterAccountId: string | null;
  jointOrganizationIds: readonly string[];
}

const within = (path: string | null, scope: string): boolean => path !== null && pathWithin(path, scope);

/** True when some grant of `actor` carrying `permission` covers the incident. */
export function coversIncident(actor: Actor, permission: Permission, s: IncidentScope): boolean {
  const grants = grantsWith(actor, permission);
  if (grants.length === 0) return false;
  if (actor.kind === 'account' && actor.id !== null && s.assigneeAccountId === actor.id) return true;
  return grants.some((g) => {
    if (g.organizationId !== null) {
      return g.organizationId === s.assigneeOrganizationId || s.jointOrganizationIds.includes(g.organizationId);
    }
    if (g.regionPath === null) return true;
    return within(s.regionPath, g.regionPath) || within(s.assigneeRegionPath, g.regionPath);
  });
}

/** True when the caller is the account that filed the incident. */
export function isReporter(actor: Actor, s: Pick<IncidentScope, 'reporterAccountId'>): boolean {
  return actor.kind === 'account' && actor.id !== null && s.reporterAccountId === actor.id;
}

/** A path condition: the subtree at `path` (text_pattern_ops index). */
function inSubtree(column: typeof incidents.regionPath | typeof incidents.assigneeRegionPath, path: string): SQL {
  const escaped = path.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`(${column} = ${path} or ${column} like ${`${escaped}/%`})`;
}

/**
 * The rows of `incidents` the actor may see with `permission` (default incident.read): the SQL
 * twin of {@link coversIncident}, plus the actor's own reports. Written against the drizzle
 * `incidents` columns, so it fits any query `from incidents` (stats, Open311, lists).
 */
export function visibleIncidentFilter(actor: Actor, permission: Permission = 'incident.read'): SQL {
  const scope = scopeOf(actor, permission);
  if (scope.all) return sql`true`;
  const conds: SQL[] = [];
  for (const p of new Set(scope.regionPaths)) {
    conds.push(inSubtree(incidents.regionPath, p), inSubtree(incidents.assigneeRegionPath, p));
  }
  if (scope.organizationIds.length > 0) {
    const orgs = [...new Set(scope.organizationIds)];
    conds.push(inArray(incidents.assigneeOrganizationId, orgs));
    conds.push(sql`exists (select 1 from ${incidentJointOrders} jo
      join ${incidentJointOrderMembers} jm on jm.order_id = jo.id
      where jo.incident_id = ${incidents.id} and jm.organization_id in ${orgs})`);
  }
  if (actor.kind === 'account' && actor.id !== null) {
    if (grantsWith(actor, permission).length > 0) conds.push(sql`${incidents.assigneeAccountId} = ${actor.id}`);
    conds.push(sql`${incidents.reporterAccountId} = ${actor.id}`);
  }
  return conds.length === 0 ? sql`false` : (or(...conds) ?? sql`false`);
}

/** The scope facts of a stored incident (one more query only when organization grants matter). */
export async function scopeOfIncident(ctx: Ctx, row: repo.IncidentRow): Promise<IncidentScope> {
  const needsJoint = ctx.actor.grants.some((g) => g.organizationId !== null);
  return {
    regionPath: row.regionPath,
    assigneeRegionPath: row.assigneeRegionPath,
    assigneeOrganizationId: row.assigneeOrganizationId,
    assigneeAccountId: row.assigneeAccountId,
    reporterAccountId: row.reporterAccountId,
    jointOrganizationIds: needsJoint ? await repo.jointOrganizationIds(ctx.db, row.id) : [],
  };
}

/**
 * The access check of every service function that works on one incident: loads it and throws
 * unless the caller holds `permission` over it (or, with `reporterMay`, filed it). Returns the row.
 */
export async function requireIncidentAccess(
  ctx: Ctx,
  permission: Permission,
  id: string,
  opts: { reporterMay?: boolean } = {},
): Promise<repo.IncidentRow> {
  if (ctx.actor.kind === 'anonymous') throw PlatformErrors.UNAUTHENTICATED();
  // Without the permission anywhere, only a reporter reading their own report can pass.
  if (!opts.reporterMay) checkAccess(ctx.actor, permission);
  const row = await repo.findIncident(ctx.db, id);
  if (!row) throw IncidentErrors.INCIDENT_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  if (opts.reporterMay && isReporter(ctx.actor, row)) return row;
  checkAccess(ctx.actor, permission);
  if (!coversIncident(ctx.actor, permission, await scopeOfIncident(ctx, row))) throw PlatformErrors.OUT_OF_SCOPE();
  return row;
}

/**
 * Access on behalf of an organization (a department reporting in): a grant with `permission`
 * limited to that organization, or an unlimited one.
 */
export async function requireOrganizationAccess(
  ctx: Ctx,
  permission: Permission,
  organizationId: string,
): Promise<void> {
  checkAccess(ctx.actor, permission);
  const ok = grantsWith(ctx.actor, permission).some(
    (g) => g.organizationId === organizationId || (g.organizationId === null && g.regionPath === null),
  );
  if (!ok) throw PlatformErrors.OUT_OF_SCOPE();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Access for the reporter's own follow-up (public routes): the reporting account, or whoever
 * holds the tracking code. A wrong number and a wrong code look alike, so neither is confirmed.
 */
export async function requireReporterAccess(
  ctx: Ctx,
  idOrNumber: string,
  trackingCode: string | undefined,
  /** Where the code came from, for the error's field path. */
  codePath = 'body.trackingCode',
): Promise<repo.IncidentRow> {
  const row = UUID.test(idOrNumber)
    ? await repo.findIncident(ctx.db, idOrNumber)
    : await repo.findIncidentByNumber(ctx.db, idOrNumber);
  const refused = () =>
    IncidentErrors.INCIDENT_TRACKING_CODE_INVALID([{ path: codePath, code: 'invalid', message: idOrNumber }]);
  if (!row) throw refused();
  if (isReporter(ctx.actor, row)) return row;
  if (trackingCode === undefined) throw refused();
  const given = Buffer.from(trackingHash(trackingCode), 'hex');
  const stored = Buffer.from(row.trackingHash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) throw refused();
  return row;
}
