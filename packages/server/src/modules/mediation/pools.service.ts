import { inArray } from 'drizzle-orm';
import type {
  ErrorDetail,
  MediationImportResult,
  Page,
  Pool,
  PoolCreate,
  PoolDetail,
  PoolHealth,
  PoolHealthList,
  PoolHealthQuery,
  PoolListQuery,
  PoolMembersInput,
  PoolUpdate,
  ResidentOrigin,
} from '@zhili/contracts';
import { checkAccess, pathWithin, requireAccess, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { regions } from '../../platform/db/schema.ts';
import type { PiiCipher } from '../../platform/pii.ts';
import { parseResidentOrigins } from './imports.engine.ts';
import { MediationErrors } from './mediation.errors.ts';
import * as mediatorRepo from './mediators.repo.ts';
import { presentMediators } from './mediators.service.ts';
import * as repo from './pools.repo.ts';
import { iso, provinceName, regionNames, regionRef } from './present.ts';

const notFound = (id: string) =>
  MediationErrors.POOL_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);

function presentPool(row: repo.PoolWithCount, regionName: string | null): Pool {
  return {
    id: row.id,
    regionCode: row.regionCode,
    regionName,
    name: row.name,
    minSize: row.minSize,
    targetProvinces: row.targetProvinces,
    memberCount: row.memberCount,
    note: row.note,
    createdAt: iso(row.createdAt)!,
  };
}

async function presentPools(ctx: Ctx, rows: repo.PoolWithCount[]): Promise<Pool[]> {
  const names = await regionNames(
    ctx.db,
    rows.map((r) => r.regionCode),
  );
  return rows.map((r) => presentPool(r, names.get(r.regionCode) ?? null));
}

async function poolInScope(ctx: Ctx, id: string, perm: 'mediation.read' | 'mediation.write' | 'mediation.manage') {
  const row = await repo.findPool(ctx.db, id);
  if (!row) throw notFound(id);
  await requireAccess(ctx, perm, { regionPath: row.regionPath });
  return row;
}

/** Creates a community's reserve pool (mediation.manage over the community). */
export async function createPool(ctx: Ctx, input: PoolCreate): Promise<Pool> {
  await requireAccess(ctx, 'mediation.manage');
  const region = await regionRef(ctx.db, input.regionCode, 'body.regionCode');
  await requireAccess(ctx, 'mediation.manage', { regionPath: region.path });
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertPool(tx, { ...input, regionPath: region.path });
    await recordAudit(ctx, tx, {
      action: 'mediation.pool.create',
      entity: 'mediation_pool',
      entityId: created.id,
      after: created,
    });
    return created;
  });
  return presentPool({ ...row, memberCount: 0 }, region.name);
}

/** Changes a pool's name, minimum size, target provinces or note. */
export async function updatePool(ctx: Ctx, id: string, patch: PoolUpdate): Promise<Pool> {
  await requireAccess(ctx, 'mediation.manage');
  const current = await poolInScope(ctx, id, 'mediation.manage');
  const row = await ctx.db.transaction(async (tx) => {
    const updated = await repo.updatePool(tx, id, patch);
    if (!updated) throw notFound(id);
    const { memberCount: _count, ...before } = current;
    await recordAudit(ctx, tx, {
      action: 'mediation.pool.update',
      entity: 'mediation_pool',
      entityId: id,
      before,
      after: updated,
    });
    return updated;
  });
  const [out] = await presentPools(ctx, [{ ...row, memberCount: current.memberCount }]);
  return out!;
}

/** A pool with its members. */
export async function getPool(ctx: Ctx, pii: PiiCipher, id: string): Promise<PoolDetail> {
  await requireAccess(ctx, 'mediation.read');
  const row = await poolInScope(ctx, id, 'mediation.read');
  const members = await repo.memberRows(ctx.db, [id]);
  const [pool] = await presentPools(ctx, [row]);
  return {
    ...pool!,
    members: await presentMediators(
      ctx,
      pii,
      members.map((m) => m.mediator),
    ),
  };
}

/** Pools in the caller's scope. */
export async function listPools(ctx: Ctx, q: PoolListQuery): Promise<Page<Pool>> {
  await requireAccess(ctx, 'mediation.read');
  const scope = scopeOf(ctx.actor, 'mediation.read');
  const regionPath = q.regionCode ? (await regionRef(ctx.db, q.regionCode, 'query.regionCode')).path : undefined;
  const { items, total } = await repo.listPools(
    ctx.db,
    { q: q.q, regionPath, visiblePaths: scope.all ? undefined : scope.regionPaths },
    q,
  );
  return { items: await presentPools(ctx, items), total, page: q.page, pageSize: q.pageSize };
}

/** Adds and removes members; each added mediator must be within the caller's write scope too. */
export async function setPoolMembers(
  ctx: Ctx,
  pii: PiiCipher,
  id: string,
  input: PoolMembersInput,
): Promise<PoolDetail> {
  await requireAccess(ctx, 'mediation.write');
  await poolInScope(ctx, id, 'mediation.write');
  const added = await mediatorRepo.findMediators(ctx.db, input.add);
  const missing = input.add.filter((m) => !added.some((a) => a.id === m));
  if (missing.length)
    throw MediationErrors.MEDIATOR_NOT_FOUND(
      missing.map((m) => ({ path: `body.add.${input.add.indexOf(m)}`, code: 'not_found', message: m })),
    );
  for (const m of added)
    checkAccess(ctx.actor, 'mediation.write', { regionPath: m.serviceRegionPath, organizationId: null });
  await ctx.db.transaction(async (tx) => {
    await repo.addMembers(tx, id, input.add);
    await repo.removeMembers(tx, id, input.remove);
    await recordAudit(ctx, tx, {
      action: 'mediation.pool.members',
      entity: 'mediation_pool',
      entityId: id,
      after: input,
    });
  });
  return getPool(ctx, pii, id);
}

/**
 * Pool health: pools under their minimum size, and origin provinces of the community's
 * residents (imported counts ≥ threshold) or target provinces with no mediator from there.
 */
export async function poolHealth(ctx: Ctx, q: PoolHealthQuery): Promise<PoolHealthList> {
  await requireAccess(ctx, 'mediation.read');
  const scope = scopeOf(ctx.actor, 'mediation.read');
  const regionPath = q.regionCode ? (await regionRef(ctx.db, q.regionCode, 'query.regionCode')).path : undefined;
  const pools = await repo.poolsIn(ctx.db, { regionPath, visiblePaths: scope.all ? undefined : scope.regionPaths });
  const [members, origins, names] = await Promise.all([
    repo.memberRows(
      ctx.db,
      pools.map((p) => p.id),
    ),
    repo.originsOf(
      ctx.db,
      pools.map((p) => p.regionCode),
    ),
    regionNames(
      ctx.db,
      pools.map((p) => p.regionCode),
    ),
  ]);
  const items = pools.map((p): PoolHealth => {
    const mine = members.filter((m) => m.poolId === p.id && m.mediator.active);
    const byProvince = new Map<string, number>();
    for (const m of mine) {
      const prov = m.mediator.hometownCode.slice(0, 2);
      byProvince.set(prov, (byProvince.get(prov) ?? 0) + 1);
    }
    const residents = new Map(
      origins.filter((o) => o.regionCode === p.regionCode).map((o) => [o.provinceCode, o.residents]),
    );
    const codes = [...new Set([...residents.keys(), ...p.targetProvinces, ...byProvince.keys()])];
    const provinces = codes
      .map((code) => {
        const mediators = byProvince.get(code) ?? 0;
        const count = residents.get(code) ?? 0;
        const target = p.targetProvinces.includes(code);
        return {
          provinceCode: code,
          provinceName: provinceName(code),
          residents: count,
          mediators,
          target,
          gap: mediators === 0 && (count >= q.threshold || target),
        };
      })
      .sort((a, b) => b.residents - a.residents || a.provinceCode.localeCompare(b.provinceCode));
    const gapProvinces = provinces.filter((x) => x.gap).map((x) => x.provinceCode);
    const underSize = mine.length < p.minSize;
    return {
      poolId: p.id,
      name: p.name,
      regionCode: p.regionCode,
      regionName: names.get(p.regionCode) ?? null,
      minSize: p.minSize,
      memberCount: p.memberCount,
      activeMembers: mine.length,
      underSize,
      provinces,
      gapProvinces,
      healthy: !underSize && gapProvinces.length === 0,
    };
  });
  return { items, threshold: q.threshold };
}

/** Imported resident counts in the caller's scope. */
export async function listResidentOrigins(
  ctx: Ctx,
  q: { regionCode?: string; page: number; pageSize: number },
): Promise<Page<ResidentOrigin>> {
  await requireAccess(ctx, 'mediation.read');
  const scope = scopeOf(ctx.actor, 'mediation.read');
  const regionPath = q.regionCode ? (await regionRef(ctx.db, q.regionCode, 'query.regionCode')).path : undefined;
  const { items, total } = await repo.listOrigins(
    ctx.db,
    { regionPath, visiblePaths: scope.all ? undefined : scope.regionPaths },
    q,
  );
  const names = await regionNames(
    ctx.db,
    items.map((r) => r.regionCode),
  );
  return {
    items: items.map((r) => ({
      regionCode: r.regionCode,
      regionName: names.get(r.regionCode) ?? null,
      provinceCode: r.provinceCode,
      provinceName: provinceName(r.provinceCode),
      residents: r.residents,
      asOf: r.asOf,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Region paths of the codes rows name, with a row error for each unknown code or one outside
 * the caller's `perm` scope. Shared by both CSV imports.
 */
export async function resolveImportRegions(
  ctx: Ctx,
  perm: 'mediation.manage',
  codes: readonly string[],
  column: string,
): Promise<{ paths: Map<string, string>; errors: ErrorDetail[] }> {
  const unique = [...new Set(codes)];
  const rows = unique.length
    ? await ctx.db.select({ code: regions.code, path: regions.path }).from(regions).where(inArray(regions.code, unique))
    : [];
  const paths = new Map(rows.map((r) => [r.code, r.path]));
  const scope = scopeOf(ctx.actor, perm);
  const errors: ErrorDetail[] = [];
  codes.forEach((code, i) => {
    const path = paths.get(code);
    const at = `row ${i + 2}.${column}`;
    if (path === undefined) errors.push({ path: at, code: 'unknown_region', message: `unknown region ${code}` });
    else if (!scope.all && !scope.regionPaths.some((p) => pathWithin(path, p)))
      errors.push({ path: at, code: 'out_of_scope', message: `region ${code} is outside your scope` });
  });
  return { paths, errors };
}

/** Imports resident counts (all or nothing); counts of the communities named are replaced. */
export async function importResidentOrigins(ctx: Ctx, csv: string): Promise<MediationImportResult> {
  await requireAccess(ctx, 'mediation.manage');
  const parsed = parseResidentOrigins(csv);
  if (parsed.errors.length) throw MediationErrors.IMPORT_INVALID(parsed.errors);
  const { paths, errors } = await resolveImportRegions(
    ctx,
    'mediation.manage',
    parsed.rows.map((r) => r.regionCode),
    'communityCode',
  );
  if (errors.length) throw MediationErrors.IMPORT_INVALID(errors);
  return ctx.db.transaction(async (tx) => {
    const rows = parsed.rows.map((r) => ({ ...r, regionPath: paths.get(r.regionCode)! }));
    const replaced = await repo.replaceOrigins(tx, rows);
    await recordAudit(ctx, tx, {
      action: 'mediation.resident_origins.import',
      entity: 'mediation_resident_origins',
      after: { rows: rows.length, communities: [...new Set(rows.map((r) => r.regionCode))] },
    });
    return { imported: rows.length, replaced };
  });
}
