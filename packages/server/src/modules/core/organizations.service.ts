import {
  OrganizationType,
  type Organization,
  type OrganizationCreate,
  type OrganizationListQuery,
  type OrganizationUpdate,
  type Page,
} from '@zhili/contracts';
import { requireAccess, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { CoreErrors } from './core.errors.ts';
import { isUniqueViolation } from './core.repo.ts';
import * as repo from './organizations.repo.ts';
import { resolveRegion } from './regions.service.ts';

const CREDIT_CODE_UQ = 'organizations_credit_code_uq';

/** The API shape of an organization. */
export function presentOrganization(row: repo.OrganizationRow & { regionName?: string }): Organization {
  return {
    id: row.id,
    name: row.name,
    type: OrganizationType.parse(row.type),
    regionCode: row.regionCode,
    ...(row.regionName === undefined ? {} : { regionName: row.regionName }),
    parentId: row.parentId,
    creditCode: row.creditCode,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What access checks see of an organization: its region's path and its own id. */
const targetOf = (o: repo.OrganizationWithRegion) => ({ regionPath: o.regionPath, organizationId: o.id });

const creditCodeTaken = (code: string | null) =>
  CoreErrors.ORGANIZATION_CREDIT_CODE_TAKEN([
    { path: 'body.creditCode', code: 'taken', message: `credit code ${code ?? ''} is already used` },
  ]);

/** Lists the organizations in the caller's scope (its region subtrees, or the organizations it is limited to). */
export async function listOrganizations(ctx: Ctx, query: OrganizationListQuery): Promise<Page<Organization>> {
  await requireAccess(ctx, 'organization.read');
  const scope = scopeOf(ctx.actor, 'organization.read');
  let regionPath: string | undefined;
  if (query.region) {
    regionPath = (await resolveRegion(ctx, query.region, 'query.region')).path;
  }
  const { items, total } = await repo.listOrganizations(
    ctx.db,
    { q: query.q, type: query.type, regionPath, visible: scope.all ? undefined : scope },
    query,
  );
  return { items: items.map(presentOrganization), total, page: query.page, pageSize: query.pageSize };
}

export async function getOrganization(ctx: Ctx, id: string): Promise<Organization> {
  await requireAccess(ctx, 'organization.read');
  const row = await repo.findOrganization(ctx.db, id);
  if (!row) throw CoreErrors.ORGANIZATION_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  await requireAccess(ctx, 'organization.read', targetOf(row));
  return presentOrganization(row);
}

/** Registers an organization in a region of the caller's organization.write scope. */
export async function createOrganization(ctx: Ctx, input: OrganizationCreate): Promise<Organization> {
  await requireAccess(ctx, 'organization.write');
  const region = await resolveRegion(ctx, input.regionCode, 'body.regionCode');
  await requireAccess(ctx, 'organization.write', { regionPath: region.path });
  if (input.parentId !== null && !(await repo.findOrganization(ctx.db, input.parentId))) {
    throw CoreErrors.ORGANIZATION_PARENT_NOT_FOUND([
      { path: 'body.parentId', code: 'not_found', message: `no organization ${input.parentId}` },
    ]);
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await repo.insertOrganization(tx, input);
      const created = presentOrganization({ ...row, regionName: region.name });
      await recordAudit(ctx, tx, {
        action: 'organization.create',
        entity: 'organization',
        entityId: row.id,
        after: created,
      });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err, CREDIT_CODE_UQ)) throw creditCodeTaken(input.creditCode);
    throw err;
  }
}

/** Renames, (de)activates or corrects the credit code of an organization in the caller's scope. */
export async function updateOrganization(ctx: Ctx, id: string, patch: OrganizationUpdate): Promise<Organization> {
  await requireAccess(ctx, 'organization.write');
  const current = await repo.findOrganization(ctx.db, id);
  if (!current) throw CoreErrors.ORGANIZATION_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  await requireAccess(ctx, 'organization.write', targetOf(current));
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await repo.updateOrganization(tx, id, patch);
      if (!row) throw CoreErrors.ORGANIZATION_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
      const after = presentOrganization({ ...row, regionName: current.regionName });
      await recordAudit(ctx, tx, {
        action: 'organization.update',
        entity: 'organization',
        entityId: id,
        before: presentOrganization(current),
        after,
      });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err, CREDIT_CODE_UQ)) throw creditCodeTaken(patch.creditCode ?? null);
    throw err;
  }
}
