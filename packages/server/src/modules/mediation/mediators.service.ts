import type { Mediator, MediatorCreate, MediatorListQuery, MediatorUpdate, Page } from '@zhili/contracts';
import { requireAccess, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { maskPhone, type PiiCipher } from '../../platform/pii.ts';
import { mayRevealPii } from '../core/index.ts';
import { hometownNameOf } from './divisions.data.ts';
import { chinaDate, isCertified } from './lifecycle.engine.ts';
import { MediationErrors } from './mediation.errors.ts';
import * as repo from './mediators.repo.ts';
import { checkHometown, iso, openPii, presentHometown, regionNames, regionRef, sealPhone } from './present.ts';

const notFound = (id: string) =>
  MediationErrors.MEDIATOR_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);

/** Extra facts a mediator is shown with: load, record, pools and the service region's name. */
interface MediatorExtras {
  load: repo.MediatorLoad;
  poolIds: string[];
  regionName: string | null;
}

/** The API shape of a mediator; the phone is masked unless `reveal`. */
export function presentMediator(pii: PiiCipher, row: repo.MediatorRow, x: MediatorExtras, reveal: boolean): Mediator {
  return {
    id: row.id,
    name: row.name,
    phone: openPii(pii, row.phoneEnc, reveal, maskPhone),
    hometown: presentHometown(row.hometownCode, row.hometownName),
    dialects: row.dialects,
    languages: row.languages,
    expertise: row.expertise as Mediator['expertise'],
    affiliations: row.affiliations as Mediator['affiliations'],
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    certificationStatus: row.certificationStatus as Mediator['certificationStatus'],
    certifiedUntil: row.certifiedUntil,
    certified: isCertified(row.certificationStatus, row.certifiedUntil, chinaDate(new Date())),
    availability: row.availability,
    leaves: row.leaves,
    capacity: row.capacity,
    openCases: x.load.open,
    totalCases: x.load.total,
    settledCases: x.load.settled,
    serviceRegionCode: row.serviceRegionCode,
    serviceRegionName: x.regionName,
    lat: row.lat,
    lng: row.lng,
    trainingBatchId: row.trainingBatchId,
    poolIds: x.poolIds,
    active: row.active,
    note: row.note,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: iso(row.updatedAt) ?? row.createdAt.toISOString(),
  };
}

/** Presents rows as `ctx`'s caller may see them, loading their extras in three queries. */
export async function presentMediators(ctx: Ctx, pii: PiiCipher, rows: repo.MediatorRow[]): Promise<Mediator[]> {
  const ids = rows.map((r) => r.id);
  const [loads, pools, names] = await Promise.all([
    repo.loadOf(ctx.db, ids),
    repo.poolIdsOf(ctx.db, ids),
    regionNames(
      ctx.db,
      rows.map((r) => r.serviceRegionCode),
    ),
  ]);
  return rows.map((r) =>
    presentMediator(
      pii,
      r,
      {
        load: loads.get(r.id) ?? { open: 0, total: 0, settled: 0, history: {} },
        poolIds: pools.get(r.id) ?? [],
        regionName: names.get(r.serviceRegionCode) ?? null,
      },
      mayRevealPii(ctx.actor, r.serviceRegionPath),
    ),
  );
}

/** Audit entries keep the phone masked. */
const auditView = (pii: PiiCipher, row: repo.MediatorRow) =>
  presentMediator(
    pii,
    row,
    { load: { open: 0, total: 0, settled: 0, history: {} }, poolIds: [], regionName: null },
    false,
  );

/** Registers a mediator serving a region within the caller's mediation.write scope. */
export async function createMediator(ctx: Ctx, pii: PiiCipher, input: MediatorCreate): Promise<Mediator> {
  await requireAccess(ctx, 'mediation.write');
  const region = await regionRef(ctx.db, input.serviceRegionCode, 'body.serviceRegionCode');
  await requireAccess(ctx, 'mediation.write', { regionPath: region.path });
  checkHometown(input.hometownCode, 'body.hometownCode');
  const { phone: phoneText, ...fields } = input;
  const phone = sealPhone(pii, phoneText);
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertMediator(tx, {
      ...fields,
      hometownName: hometownNameOf(fields.hometownCode, fields.hometownName),
      phoneEnc: phone.enc,
      phoneIndex: phone.index,
      serviceRegionPath: region.path,
    });
    await recordAudit(ctx, tx, {
      action: 'mediation.mediator.create',
      entity: 'mediator',
      entityId: created.id,
      after: auditView(pii, created),
    });
    return created;
  });
  // A new mediator has no cases and no pools yet: only the region's name is looked up.
  return presentMediator(
    pii,
    row,
    { load: { open: 0, total: 0, settled: 0, history: {} }, poolIds: [], regionName: region.name },
    mayRevealPii(ctx.actor, row.serviceRegionPath),
  );
}

/** Loads a mediator and checks `perm` over its service region. */
export async function mediatorInScope(
  ctx: Ctx,
  id: string,
  perm: 'mediation.read' | 'mediation.write',
): Promise<repo.MediatorRow> {
  const row = await repo.findMediator(ctx.db, id);
  if (!row) throw notFound(id);
  await requireAccess(ctx, perm, { regionPath: row.serviceRegionPath });
  return row;
}

/** One mediator in the caller's mediation.read scope. */
export async function getMediator(ctx: Ctx, pii: PiiCipher, id: string): Promise<Mediator> {
  await requireAccess(ctx, 'mediation.read');
  const row = await mediatorInScope(ctx, id, 'mediation.read');
  const [out] = await presentMediators(ctx, pii, [row]);
  return out!;
}

/** The registry with filters, narrowed to the caller's scope. */
export async function listMediators(ctx: Ctx, pii: PiiCipher, q: MediatorListQuery): Promise<Page<Mediator>> {
  await requireAccess(ctx, 'mediation.read');
  const scope = scopeOf(ctx.actor, 'mediation.read');
  const regionPath = q.regionCode ? (await regionRef(ctx.db, q.regionCode, 'query.regionCode')).path : undefined;
  const { items, total } = await repo.listMediators(
    ctx.db,
    {
      q: q.q,
      regionPath,
      visiblePaths: scope.all ? undefined : scope.regionPaths,
      hometown: q.hometown,
      dialect: q.dialect,
      expertise: q.expertise,
      affiliation: q.affiliation,
      certification: q.certification,
      poolId: q.poolId,
      trainingBatchId: q.trainingBatchId,
      active: q.active === undefined ? undefined : q.active === 'true',
      hasCapacity: q.hasCapacity === undefined ? undefined : q.hasCapacity === 'true',
    },
    q,
  );
  return { items: await presentMediators(ctx, pii, items), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Changes a mediator's fields. Moving the service area needs write scope over both regions;
 * a stale `version` is refused (MEDIATOR_STALE).
 */
export async function updateMediator(ctx: Ctx, pii: PiiCipher, id: string, patch: MediatorUpdate): Promise<Mediator> {
  await requireAccess(ctx, 'mediation.write');
  const current = await mediatorInScope(ctx, id, 'mediation.write');
  const { version, phone, serviceRegionCode, ...fields } = patch;
  checkHometown(fields.hometownCode, 'body.hometownCode');
  const values: Partial<repo.MediatorValues> = { ...fields };
  // A new code without a name gets its own; an unchanged code keeps the name stored with it.
  if (fields.hometownCode && fields.hometownCode !== current.hometownCode && !fields.hometownName)
    values.hometownName = hometownNameOf(fields.hometownCode, null);
  if (serviceRegionCode !== undefined && serviceRegionCode !== current.serviceRegionCode) {
    const region = await regionRef(ctx.db, serviceRegionCode, 'body.serviceRegionCode');
    await requireAccess(ctx, 'mediation.write', { regionPath: region.path });
    Object.assign(values, { serviceRegionCode, serviceRegionPath: region.path });
  }
  if (phone !== undefined) {
    const sealed = sealPhone(pii, phone);
    Object.assign(values, { phoneEnc: sealed.enc, phoneIndex: sealed.index });
  }
  const row = await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateMediator(tx, id, version, values);
    if (!updated)
      throw MediationErrors.MEDIATOR_STALE([
        { path: 'body.version', code: 'stale', message: `current ${current.version}` },
      ]);
    await recordAudit(ctx, tx, {
      action: 'mediation.mediator.update',
      entity: 'mediator',
      entityId: id,
      before: auditView(pii, current),
      after: auditView(pii, updated),
    });
    return updated;
  });
  const [out] = await presentMediators(ctx, pii, [row]);
  return out!;
}
