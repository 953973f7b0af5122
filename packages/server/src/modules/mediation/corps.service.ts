import type {
  AntiFraudMonth,
  AntiFraudQuery,
  AntiFraudTrend,
  Corps,
  CorpsCreate,
  CorpsDetail,
  CorpsListQuery,
  CorpsMember,
  CorpsMemberCreate,
  CorpsUpdate,
  MediationImportResult,
  Outreach,
  OutreachCreate,
  OutreachListQuery,
  Page,
  PageQuery,
  TeamLeader,
  TrainingBatch,
  TrainingBatchCreate,
} from '@zhili/contracts';
import { requireAccess, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { maskPhone, type PiiCipher } from '../../platform/pii.ts';
import { mayRevealPii } from '../core/index.ts';
import * as repo from './corps.repo.ts';
import { hometownNameOf } from './divisions.data.ts';
import { monthAYearBefore, parseAntiFraud, yearOnYear } from './imports.engine.ts';
import { chinaDate, isCertified } from './lifecycle.engine.ts';
import { MediationErrors } from './mediation.errors.ts';
import { resolveImportRegions } from './pools.service.ts';
import { checkHometown, openPii, presentHometown, regionNames, regionRef, sealPhone } from './present.ts';

/** Volunteer corps and members, outreach, anti-fraud statistics and team-leader training. */

type Perm = 'mediation.read' | 'mediation.write' | 'mediation.manage';
const visible = (ctx: Ctx) => {
  const s = scopeOf(ctx.actor, 'mediation.read');
  return s.all ? undefined : s.regionPaths;
};
const pathOf = async (ctx: Ctx, code: string | undefined, field: string) =>
  code ? (await regionRef(ctx.db, code, field)).path : undefined;

function presentCorps(r: repo.CorpsRow & repo.CorpsStats, regionName: string | null): Corps {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as Corps['kind'],
    regionCode: r.regionCode,
    regionName,
    description: r.description,
    foundedOn: r.foundedOn,
    active: r.active,
    memberCount: r.memberCount,
    activityCount: r.activityCount,
    reached: r.reached,
    createdAt: r.createdAt.toISOString(),
  };
}

async function corpsInScope(ctx: Ctx, id: string, perm: Perm) {
  const row = await repo.findCorps(ctx.db, id);
  if (!row) throw MediationErrors.CORPS_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  await requireAccess(ctx, perm, { regionPath: row.regionPath });
  return row;
}

/** Founds a corps (老乡义警, 老乡反诈团, team leaders) in a region of the caller's manage scope. */
export async function createCorps(ctx: Ctx, input: CorpsCreate): Promise<Corps> {
  await requireAccess(ctx, 'mediation.manage');
  const region = await regionRef(ctx.db, input.regionCode, 'body.regionCode');
  await requireAccess(ctx, 'mediation.manage', { regionPath: region.path });
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertCorps(tx, { ...input, regionPath: region.path });
    await recordAudit(ctx, tx, {
      action: 'mediation.corps.create',
      entity: 'mediation_corps',
      entityId: created.id,
      after: created,
    });
    return created;
  });
  return presentCorps({ ...row, memberCount: 0, activityCount: 0, reached: 0 }, region.name);
}

export async function updateCorps(ctx: Ctx, id: string, patch: CorpsUpdate): Promise<Corps> {
  await requireAccess(ctx, 'mediation.manage');
  const current = await corpsInScope(ctx, id, 'mediation.manage');
  await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateCorps(tx, id, patch);
    await recordAudit(ctx, tx, {
      action: 'mediation.corps.update',
      entity: 'mediation_corps',
      entityId: id,
      before: current,
      after: updated,
    });
  });
  const row = (await repo.findCorps(ctx.db, id))!;
  const names = await regionNames(ctx.db, [row.regionCode]);
  return presentCorps(row, names.get(row.regionCode) ?? null);
}

export async function listCorps(ctx: Ctx, q: CorpsListQuery): Promise<Page<Corps>> {
  await requireAccess(ctx, 'mediation.read');
  const regionPath = await pathOf(ctx, q.regionCode, 'query.regionCode');
  const { items, total } = await repo.listCorps(
    ctx.db,
    { q: q.q, kind: q.kind, regionPath, visiblePaths: visible(ctx) },
    q,
  );
  const names = await regionNames(
    ctx.db,
    items.map((r) => r.regionCode),
  );
  return {
    items: items.map((r) => presentCorps(r, names.get(r.regionCode) ?? null)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function presentMember(pii: PiiCipher, m: repo.MemberRow, reveal: boolean): CorpsMember {
  return {
    id: m.id,
    corpsId: m.corpsId,
    name: m.name,
    phone: openPii(pii, m.phoneEnc, reveal, maskPhone),
    hometown: m.hometownCode ? presentHometown(m.hometownCode, m.hometownName) : null,
    dialects: m.dialects,
    role: m.role as CorpsMember['role'],
    mediatorId: m.mediatorId,
    occupation: m.occupation,
    joinedOn: m.joinedOn,
    active: m.active,
  };
}

/** A corps with its members (phones masked unless pii.read). */
export async function getCorps(ctx: Ctx, pii: PiiCipher, id: string): Promise<CorpsDetail> {
  await requireAccess(ctx, 'mediation.read');
  const row = await corpsInScope(ctx, id, 'mediation.read');
  const [members, names] = await Promise.all([repo.membersOf(ctx.db, id), regionNames(ctx.db, [row.regionCode])]);
  const reveal = mayRevealPii(ctx.actor, row.regionPath);
  return {
    ...presentCorps(row, names.get(row.regionCode) ?? null),
    members: members.map((m) => presentMember(pii, m, reveal)),
  };
}

/** Enrols a member; the phone is sealed like a person's. */
export async function addCorpsMember(
  ctx: Ctx,
  pii: PiiCipher,
  id: string,
  input: CorpsMemberCreate,
): Promise<CorpsMember> {
  await requireAccess(ctx, 'mediation.write');
  const corps = await corpsInScope(ctx, id, 'mediation.write');
  checkHometown(input.hometownCode, 'body.hometownCode');
  const { phone: phoneText, ...fields } = input;
  const phone = sealPhone(pii, phoneText);
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertMember(tx, {
      ...fields,
      hometownName: hometownNameOf(fields.hometownCode, fields.hometownName),
      corpsId: id,
      phoneEnc: phone.enc,
      phoneIndex: phone.index,
    });
    await recordAudit(ctx, tx, {
      action: 'mediation.corps.member.add',
      entity: 'mediation_corps',
      entityId: id,
      after: presentMember(pii, created, false),
    });
    return created;
  });
  return presentMember(pii, row, mayRevealPii(ctx.actor, corps.regionPath));
}

function presentOutreach(r: repo.OutreachRow & { corpsName: string | null }, regionName: string | null): Outreach {
  return {
    id: r.id,
    corpsId: r.corpsId,
    corpsName: r.corpsName,
    regionCode: r.regionCode,
    regionName,
    date: r.date,
    place: r.place,
    audience: r.audience,
    reached: r.reached,
    topic: r.topic,
    dialect: r.dialect,
    media: r.media as Outreach['media'],
    views: r.views,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Logs an outreach activity in a region of the caller's write scope. */
export async function createOutreach(ctx: Ctx, input: OutreachCreate): Promise<Outreach> {
  await requireAccess(ctx, 'mediation.write');
  const region = await regionRef(ctx.db, input.regionCode, 'body.regionCode');
  await requireAccess(ctx, 'mediation.write', { regionPath: region.path });
  const corps = input.corpsId ? await corpsInScope(ctx, input.corpsId, 'mediation.read') : null;
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertOutreach(tx, { ...input, regionPath: region.path, createdBy: ctx.actor.name });
    await recordAudit(ctx, tx, {
      action: 'mediation.outreach.create',
      entity: 'mediation_outreach',
      entityId: created.id,
      after: created,
    });
    return created;
  });
  return presentOutreach({ ...row, corpsName: corps?.name ?? null }, region.name);
}

export async function listOutreach(ctx: Ctx, q: OutreachListQuery): Promise<Page<Outreach>> {
  await requireAccess(ctx, 'mediation.read');
  const regionPath = await pathOf(ctx, q.regionCode, 'query.regionCode');
  const { items, total } = await repo.listOutreach(
    ctx.db,
    { q: q.q, corpsId: q.corpsId, regionPath, visiblePaths: visible(ctx), from: q.from, to: q.to },
    q,
  );
  const names = await regionNames(
    ctx.db,
    items.map((r) => r.regionCode),
  );
  return {
    items: items.map((r) => presentOutreach(r, names.get(r.regionCode) ?? null)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Imports monthly anti-fraud figures (all or nothing; a month already there is replaced). */
export async function importAntiFraud(ctx: Ctx, csv: string): Promise<MediationImportResult> {
  await requireAccess(ctx, 'mediation.manage');
  const parsed = parseAntiFraud(csv);
  if (parsed.errors.length) throw MediationErrors.IMPORT_INVALID(parsed.errors);
  const { paths, errors } = await resolveImportRegions(
    ctx,
    'mediation.manage',
    parsed.rows.map((r) => r.regionCode),
    'regionCode',
  );
  if (errors.length) throw MediationErrors.IMPORT_INVALID(errors);
  return ctx.db.transaction(async (tx) => {
    const rows = parsed.rows.map((r) => ({ ...r, regionPath: paths.get(r.regionCode)! }));
    const replaced = await repo.upsertAntiFraud(tx, rows);
    await recordAudit(ctx, tx, {
      action: 'mediation.anti_fraud.import',
      entity: 'mediation_anti_fraud',
      after: { rows: rows.length, regions: [...new Set(rows.map((r) => r.regionCode))] },
    });
    return { imported: rows.length, replaced };
  });
}

/** Months with their year-on-year change (pure, over a region's stored months). */
export function withYearOnYear(
  rows: readonly { month: string; alerts: number; cases: number; lossYuan: number | null }[],
): AntiFraudMonth[] {
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return rows.map((r) => {
    const prev = byMonth.get(monthAYearBefore(r.month));
    return {
      month: r.month,
      alerts: r.alerts,
      cases: r.cases,
      lossYuan: r.lossYuan,
      alertsYoY: yearOnYear(r.alerts, prev?.alerts),
      casesYoY: yearOnYear(r.cases, prev?.cases),
    };
  });
}

/** A region's anti-fraud months in [from, to] with year-on-year change. */
export async function antiFraudTrend(ctx: Ctx, q: AntiFraudQuery): Promise<AntiFraudTrend> {
  await requireAccess(ctx, 'mediation.read', { regionCode: q.regionCode });
  const region = await regionRef(ctx.db, q.regionCode, 'query.regionCode');
  const months = withYearOnYear(await repo.antiFraudOf(ctx.db, q.regionCode)).filter(
    (m) => (!q.from || m.month >= q.from) && (!q.to || m.month <= q.to),
  );
  return { regionCode: region.code, regionName: region.name, months };
}

function presentBatch(b: repo.BatchRow, leaders: repo.LeaderRow[], regionName: string | null): TrainingBatch {
  const today = chinaDate(new Date());
  const mine = leaders.filter((l) => l.batchId === b.id);
  return {
    id: b.id,
    name: b.name,
    regionCode: b.regionCode,
    regionName,
    startDate: b.startDate,
    endDate: b.endDate,
    hours: b.hours,
    trainer: b.trainer,
    note: b.note,
    leaderCount: mine.length,
    certifiedCount: mine.filter((l) => isCertified(l.certificationStatus, l.certifiedUntil, today)).length,
    casesMediated: mine.reduce((s, l) => s + l.mediated, 0),
    casesSettled: mine.reduce((s, l) => s + l.settled, 0),
    createdAt: b.createdAt.toISOString(),
  };
}

/** Records a team-leader training batch (leaders then register as mediators with its id). */
export async function createTrainingBatch(ctx: Ctx, input: TrainingBatchCreate): Promise<TrainingBatch> {
  await requireAccess(ctx, 'mediation.manage');
  const region = await regionRef(ctx.db, input.regionCode, 'body.regionCode');
  await requireAccess(ctx, 'mediation.manage', { regionPath: region.path });
  if (input.endDate < input.startDate) throw invalid('body.endDate', 'the batch ends before it starts', 'before_start');
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertBatch(tx, { ...input, regionPath: region.path });
    await recordAudit(ctx, tx, {
      action: 'mediation.training_batch.create',
      entity: 'mediation_training_batch',
      entityId: created.id,
      after: created,
    });
    return created;
  });
  return presentBatch(row, [], region.name);
}

export async function listTrainingBatches(
  ctx: Ctx,
  q: PageQuery & { regionCode?: string },
): Promise<Page<TrainingBatch>> {
  await requireAccess(ctx, 'mediation.read');
  const regionPath = await pathOf(ctx, q.regionCode, 'query.regionCode');
  const { items, total } = await repo.listBatches(ctx.db, { regionPath, visiblePaths: visible(ctx) }, q);
  const [leaders, names] = await Promise.all([
    repo.leadersOf(
      ctx.db,
      items.map((b) => b.id),
    ),
    regionNames(
      ctx.db,
      items.map((b) => b.regionCode),
    ),
  ]);
  return {
    items: items.map((b) => presentBatch(b, leaders, names.get(b.regionCode) ?? null)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A leader's status: in training, qualified (certified), serving (has taken cases) or lapsed. */
export function leaderStatus(l: repo.LeaderRow, today: string): TeamLeader['status'] {
  if (!l.active || l.certificationStatus === 'expired' || l.certificationStatus === 'revoked') return 'lapsed';
  if (l.certificationStatus === 'certified' && !isCertified(l.certificationStatus, l.certifiedUntil, today))
    return 'lapsed';
  if (l.certificationStatus !== 'certified') return 'in_training';
  return l.mediated > 0 ? 'serving' : 'qualified';
}

/** The team leaders of a batch with their status and results. */
export async function listTeamLeaders(ctx: Ctx, batchId: string, q: PageQuery): Promise<Page<TeamLeader>> {
  await requireAccess(ctx, 'mediation.read');
  const batch = await repo.findBatch(ctx.db, batchId);
  if (!batch)
    throw MediationErrors.TRAINING_BATCH_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: batchId }]);
  await requireAccess(ctx, 'mediation.read', { regionPath: batch.regionPath });
  const all = await repo.leadersOf(ctx.db, [batchId]);
  const today = chinaDate(new Date());
  const start = (q.page - 1) * q.pageSize;
  return {
    items: all.slice(start, start + q.pageSize).map((l) => ({
      mediatorId: l.id,
      name: l.name,
      organizationName: l.organizationName,
      certificationStatus: l.certificationStatus as TeamLeader['certificationStatus'],
      certifiedUntil: l.certifiedUntil,
      active: l.active,
      status: leaderStatus(l, today),
      casesMediated: l.mediated,
      casesSettled: l.settled,
    })),
    total: all.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}
