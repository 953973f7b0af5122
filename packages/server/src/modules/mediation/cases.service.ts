import { randomUUID } from 'node:crypto';
import {
  MEDIATION_TYPES,
  type CaseCreate,
  type CaseDetail,
  type CaseListQuery,
  type CaseSummary,
  type CaseUpdate,
  type Page,
  type TimeLimitList,
  type TimeLimitsInput,
} from '@zhili/contracts';
import { requireAccess, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { normalisePii, type PiiCipher } from '../../platform/pii.ts';
import { presentDetail, presentSummaries } from './cases.present.ts';
import * as repo from './cases.repo.ts';
import { hometownNameOf } from './divisions.data.ts';
import { parseHometown } from './hometown.engine.ts';
import { fileIncidentFor, incidentToLink, type LinkedIncident } from './incident.link.ts';
import { DEFAULT_TIME_LIMIT_DAYS, WARNING_FRACTION, chinaDate, planCaseClock } from './lifecycle.engine.ts';
import { MediationErrors } from './mediation.errors.ts';
import { checkHometown, regionRef, sealPhone } from './present.ts';

const notFound = (id: string) =>
  MediationErrors.CASE_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);

/** Loads a case and checks `perm` over its region (optionally locking the row for a change). */
export async function caseInScope(
  ctx: Ctx,
  id: string,
  perm: 'mediation.read' | 'mediation.write' | 'mediation.manage',
  db = ctx.db,
  forUpdate = false,
): Promise<repo.CaseRow> {
  const row = await repo.findCase(db, id, forUpdate);
  if (!row) throw notFound(id);
  await requireAccess(ctx, perm, { regionPath: row.regionPath });
  return row;
}

/**
 * Refuses attachment ids that name no stored file (a typo or a file from another system), and the
 * same file twice, so the case's list always downloads.
 */
async function checkAttachments(ctx: Ctx, ids: readonly string[]): Promise<void> {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) throw invalid(`body.attachmentIds.${i}`, 'the same attachment twice', 'duplicate');
    seen.add(id);
  });
  const found = new Set((await repo.attachmentsByIds(ctx.db, ids)).map((f) => f.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) throw invalid(`body.attachmentIds.${missing}`, 'no such attachment', 'not_found');
}

/** 'TJ-2026-000123'. */
export const caseNumber = (year: number, serial: number): string => `TJ-${year}-${String(serial).padStart(6, '0')}`;

/** True when the parties' known home provinces differ. */
export function isCrossProvince(parties: readonly { hometownCode: string | null }[]): boolean {
  const provinces = new Set(parties.flatMap((p) => (p.hometownCode ? [p.hometownCode.slice(0, 2)] : [])));
  return provinces.size > 1;
}

/** The statutory limit of a type: configured, else 30 days. */
async function limitFor(ctx: Ctx, type: string): Promise<number> {
  return (await repo.timeLimits(ctx.db)).get(type) ?? DEFAULT_TIME_LIMIT_DAYS;
}

/**
 * Registers a case in a region of the caller's mediation.write scope. With `incidentId` it is
 * linked to that dispute incident; otherwise (with `fileIncident`) an incident is filed for it.
 * The statutory clock starts now.
 */
export async function createCase(ctx: Ctx, pii: PiiCipher, input: CaseCreate): Promise<CaseDetail> {
  await requireAccess(ctx, 'mediation.write');
  const region = await regionRef(ctx.db, input.regionCode, 'body.regionCode');
  await requireAccess(ctx, 'mediation.write', { regionPath: region.path });
  input.parties.forEach((p, i) => checkHometown(p.hometownCode, `body.parties.${i}.hometownCode`));
  for (const side of ['applicant', 'respondent'] as const) {
    if (!input.parties.some((p) => p.side === side))
      throw invalid('body.parties', `a case needs at least one ${side}`, 'side_missing');
  }
  await checkAttachments(ctx, input.attachmentIds);
  const id = randomUUID();
  let incident: LinkedIncident | null = null;
  if (input.incidentId) incident = await incidentToLink(ctx, input.incidentId);
  else if (input.fileIncident) incident = await fileIncidentFor(ctx, id, input);
  const days = input.timeLimitDays ?? (await limitFor(ctx, input.type));
  const now = new Date();
  const clock = planCaseClock(now, days);
  const row = await ctx.db.transaction(async (tx) => {
    const year = Number(chinaDate(now).slice(0, 4));
    const number = caseNumber(year, await repo.nextSerial(tx, year));
    const created = await repo.insertCase(tx, {
      id,
      number,
      type: input.type,
      title: input.title,
      description: input.description,
      amount: input.amount,
      status: 'registered',
      urgency: input.urgency,
      regionCode: region.code,
      regionPath: region.path,
      address: input.address,
      lat: input.lat,
      lng: input.lng,
      occurredOn: input.occurredOn,
      attachmentIds: input.attachmentIds,
      incidentId: incident?.id ?? null,
      incidentNumber: incident?.number ?? null,
      crossProvince: isCrossProvince(input.parties),
      timeLimitDays: days,
      clockStartedAt: now,
      clockWarnAt: clock.warnAt,
      clockDueAt: clock.dueAt,
      clockCheckAt: clock.warnAt,
      registeredAt: now,
      createdBy: ctx.actor.name,
    });
    await repo.insertParties(
      tx,
      input.parties.map((p, ord) => {
        const phone = sealPhone(pii, p.phone);
        return {
          caseId: id,
          ord,
          name: p.name,
          side: p.side,
          role: p.role,
          kind: p.kind,
          hometownCode: p.hometownCode,
          hometownName: hometownNameOf(p.hometownCode, p.hometownName),
          dialects: p.dialects,
          phoneEnc: phone.enc,
          phoneIndex: phone.index,
          idNumberEnc: p.idNumber === null ? null : pii.encrypt(normalisePii(p.idNumber)),
          address: p.address,
        };
      }),
    );
    await repo.insertEvent(tx, {
      caseId: id,
      action: 'register',
      toStatus: 'registered',
      actorName: ctx.actor.name,
      note: incident ? `关联事件 ${incident.number}` : null,
      data: { incidentId: incident?.id ?? null, timeLimitDays: days },
    });
    await recordAudit(ctx, tx, {
      action: 'mediation.case.create',
      entity: 'mediation_case',
      entityId: id,
      // Parties' contacts stay out of the audit log; names and roles identify them.
      after: { ...created, parties: input.parties.map((p) => ({ name: p.name, side: p.side, role: p.role })) },
    });
    return created;
  });
  return presentDetail(ctx, pii, row);
}

/** One case with parties (contacts masked unless pii.read), sessions and timeline. */
export async function getCase(ctx: Ctx, pii: PiiCipher, id: string): Promise<CaseDetail> {
  await requireAccess(ctx, 'mediation.read');
  const row = await caseInScope(ctx, id, 'mediation.read');
  return presentDetail(ctx, pii, row);
}

/** The case board: cases in the caller's scope with filters. */
export async function listCases(ctx: Ctx, q: CaseListQuery): Promise<Page<CaseSummary>> {
  await requireAccess(ctx, 'mediation.read');
  const scope = scopeOf(ctx.actor, 'mediation.read');
  const regionPath = q.regionCode ? (await regionRef(ctx.db, q.regionCode, 'query.regionCode')).path : undefined;
  const { items, total } = await repo.listCases(
    ctx.db,
    {
      q: q.q,
      statuses: q.status === undefined ? undefined : Array.isArray(q.status) ? q.status : [q.status],
      type: q.type,
      regionPath,
      visiblePaths: scope.all ? undefined : scope.regionPaths,
      mediatorId: q.mediatorId,
      urgency: q.urgency,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      crossProvince: q.crossProvince === undefined ? undefined : q.crossProvince === 'true',
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    },
    { page: q.page, pageSize: q.pageSize, sort: q.sort },
  );
  return { items: await presentSummaries(ctx, items), total, page: q.page, pageSize: q.pageSize };
}

/** Chinese names of the editable case fields, for the timeline's note of an edit. */
const CASE_FIELD_NAMES_ZH: Record<string, string> = {
  title: '案由',
  description: '纠纷描述',
  amount: '争议金额',
  urgency: '紧急程度',
  type: '纠纷类型',
  address: '地点',
  attachmentIds: '附件',
};

/** Edits a case's descriptive fields (not after it is closed). */
export async function updateCase(ctx: Ctx, pii: PiiCipher, id: string, patch: CaseUpdate): Promise<CaseDetail> {
  await requireAccess(ctx, 'mediation.write');
  const current = await caseInScope(ctx, id, 'mediation.write');
  if (current.status === 'closed')
    throw MediationErrors.CASE_INVALID_TRANSITION([{ path: 'params.id', code: 'closed', message: current.number }]);
  if (patch.attachmentIds) await checkAttachments(ctx, patch.attachmentIds);
  const { version, ...fields } = patch;
  const row = await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateCase(tx, id, version, fields);
    if (!updated)
      throw MediationErrors.CASE_STALE([
        { path: 'body.version', code: 'stale', message: `current ${current.version}` },
      ]);
    // The timeline says what changed (field names); the values stay in the audit log.
    const changed = Object.keys(fields).filter(
      (k) => JSON.stringify(current[k as keyof typeof current]) !== JSON.stringify(updated[k as keyof typeof updated]),
    );
    await repo.insertEvent(tx, {
      caseId: id,
      action: 'edit',
      actorName: ctx.actor.name,
      note:
        changed.length > 0 ? `修改：${changed.map((k) => CASE_FIELD_NAMES_ZH[k] ?? k).join('、')}` : '保存（无改动）',
      data: { fields: changed },
    });
    await recordAudit(ctx, tx, {
      action: 'mediation.case.update',
      entity: 'mediation_case',
      entityId: id,
      before: current,
      after: updated,
    });
    return updated;
  });
  return presentDetail(ctx, pii, row);
}

/** Statutory limits per type (configured or the 30-day default). */
export async function listTimeLimits(ctx: Ctx): Promise<TimeLimitList> {
  await requireAccess(ctx, 'mediation.read');
  const limits = await repo.timeLimits(ctx.db);
  return {
    items: MEDIATION_TYPES.map((type) => ({
      type,
      days: limits.get(type) ?? DEFAULT_TIME_LIMIT_DAYS,
      isDefault: !limits.has(type),
      warningShare: WARNING_FRACTION,
    })),
  };
}

/** Sets limits for new cases of these types (running clocks keep theirs). Global: needs unrestricted manage. */
export async function setTimeLimits(ctx: Ctx, input: TimeLimitsInput) {
  await requireAccess(ctx, 'mediation.manage', {});
  await ctx.db.transaction(async (tx) => {
    const before = Object.fromEntries(await repo.timeLimits(tx));
    await repo.setTimeLimits(tx, input.limits);
    await recordAudit(ctx, tx, {
      action: 'mediation.time_limits.update',
      entity: 'mediation_time_limits',
      before,
      after: input.limits,
    });
  });
  return listTimeLimits(ctx);
}

/** The case linked to an incident, if any (for the incidents module's detail view). */
export async function caseIdForIncident(db: Ctx['db'], incidentId: string): Promise<string | null> {
  return (await repo.findCaseByIncident(db, incidentId))?.id ?? null;
}

/** Hometown of a party as the engine reads it (for matching). */
export const partyHometown = (code: string | null) => (code ? parseHometown(code) : null);
