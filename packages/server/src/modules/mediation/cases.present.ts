import type {
  CaseAction,
  CaseClock,
  CaseDetail,
  CaseMediator,
  CaseStatus,
  CaseSummary,
  Party,
  ReferralTarget,
} from '@zhili/contracts';
import { checkAccess } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { maskPhone, type PiiCipher } from '../../platform/pii.ts';
import { mayRevealPii } from '../core/index.ts';
import { presentAttachment } from '../files/index.ts';
import * as repo from './cases.repo.ts';
import { caseActionsFrom, caseClockColour, daysLeft } from './lifecycle.engine.ts';
import { iso, maskDocument, openPii, presentHometown, regionNames } from './present.ts';

/** Turning case rows into the API's summaries and details. */

export function presentClock(row: repo.CaseRow, now = new Date()): CaseClock {
  const c = {
    dueAt: row.clockDueAt,
    warnAt: row.clockWarnAt,
    warnedAt: row.clockWarnedAt,
    breachedAt: row.clockBreachedAt,
    stoppedAt: row.clockStoppedAt,
  };
  return {
    limitDays: row.timeLimitDays,
    startedAt: row.clockStartedAt.toISOString(),
    warnAt: row.clockWarnAt.toISOString(),
    dueAt: row.clockDueAt.toISOString(),
    warnedAt: iso(row.clockWarnedAt),
    breachedAt: iso(row.clockBreachedAt),
    stoppedAt: iso(row.clockStoppedAt),
    colour: caseClockColour(c, now),
    daysLeft: daysLeft(c, now),
  };
}

/** '张三、李四 与 某公司' — applicants, then respondents. */
export function partyLine(parties: readonly { name: string; side: string }[]): string {
  const side = (s: string) =>
    parties
      .filter((p) => p.side === s)
      .map((p) => p.name)
      .join('、');
  const a = side('applicant');
  const r = side('respondent');
  return a && r ? `${a} 与 ${r}` : a || r;
}

function presentCaseMediator(m: repo.CaseMediatorRow): CaseMediator {
  return {
    mediatorId: m.mediatorId,
    name: m.name,
    role: m.role === 'lead' ? 'lead' : 'member',
    hometown: presentHometown(m.hometownCode, m.hometownName),
    forPartyId: m.forPartyId,
    assignedAt: m.assignedAt.toISOString(),
  };
}

function summary(
  row: repo.CaseRow,
  parties: repo.PartyRow[],
  mediators: repo.CaseMediatorRow[],
  regionName: string | null,
): CaseSummary {
  return {
    id: row.id,
    number: row.number,
    type: row.type as CaseSummary['type'],
    title: row.title,
    status: row.status as CaseStatus,
    urgency: row.urgency as CaseSummary['urgency'],
    amount: row.amount,
    regionCode: row.regionCode,
    regionName,
    partyNames: partyLine(parties),
    crossProvince: row.crossProvince,
    mediators: mediators.map(presentCaseMediator),
    incidentId: row.incidentId,
    incidentNumber: row.incidentNumber,
    clock: presentClock(row),
    registeredAt: row.registeredAt.toISOString(),
    outcomeAt: iso(row.outcomeAt),
    closedAt: iso(row.closedAt),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** Summaries of many cases, their parties, mediators and region names loaded in three queries. */
export async function presentSummaries(ctx: Ctx, rows: repo.CaseRow[]): Promise<CaseSummary[]> {
  const ids = rows.map((r) => r.id);
  const [parties, mediators, names] = await Promise.all([
    repo.partiesOf(ctx.db, ids),
    repo.mediatorsOf(ctx.db, ids),
    regionNames(
      ctx.db,
      rows.map((r) => r.regionCode),
    ),
  ]);
  return rows.map((r) =>
    summary(
      r,
      parties.filter((p) => p.caseId === r.id),
      mediators.filter((m) => m.caseId === r.id),
      names.get(r.regionCode) ?? null,
    ),
  );
}

/** A party with its contact and ID number in clear only when `reveal`. */
export function presentParty(pii: PiiCipher, p: repo.PartyRow, reveal: boolean): Party {
  return {
    id: p.id,
    name: p.name,
    side: p.side as Party['side'],
    role: p.role as Party['role'],
    kind: p.kind === 'organization' ? 'organization' : 'person',
    hometown: p.hometownCode ? presentHometown(p.hometownCode, p.hometownName) : null,
    dialects: p.dialects,
    phone: openPii(pii, p.phoneEnc, reveal, maskPhone),
    idNumber: openPii(pii, p.idNumberEnc, reveal, maskDocument),
    address: p.address,
    masked: !reveal && (p.phoneEnc !== null || p.idNumberEnc !== null),
  };
}

/** True when the caller holds mediation.write over the case (the detail's buttons need it). */
function mayWrite(ctx: Ctx, row: repo.CaseRow): boolean {
  try {
    checkAccess(ctx.actor, 'mediation.write', { regionPath: row.regionPath, organizationId: null });
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}

/** The full case as the caller may see it (one round of parallel queries). */
export async function presentDetail(ctx: Ctx, pii: PiiCipher, row: repo.CaseRow): Promise<CaseDetail> {
  const [parties, mediators, names, sessions, events, files] = await Promise.all([
    repo.partiesOf(ctx.db, [row.id]),
    repo.mediatorsOf(ctx.db, [row.id]),
    regionNames(ctx.db, [row.regionCode]),
    repo.sessionsOf(ctx.db, row.id),
    repo.eventsOf(ctx.db, row.id),
    repo.attachmentsByIds(ctx.db, row.attachmentIds),
  ]);
  const fileById = new Map(files.map((f) => [f.id, f]));
  const base = summary(row, parties, mediators, names.get(row.regionCode) ?? null);
  const reveal = mayRevealPii(ctx.actor, row.regionPath);
  const status = row.status as CaseStatus;
  const allowed: CaseAction[] = mayWrite(ctx, row) ? caseActionsFrom(status) : [];
  return {
    ...base,
    description: row.description,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
    occurredOn: row.occurredOn,
    parties: parties.map((p) => presentParty(pii, p, reveal)),
    attachmentIds: row.attachmentIds,
    attachments: row.attachmentIds.flatMap((fid) => {
      const f = fileById.get(fid);
      return f ? [presentAttachment(f)] : [];
    }),
    sessions: sessions.map((s) => ({
      id: s.id,
      heldAt: s.heldAt.toISOString(),
      place: s.place,
      mediatorIds: s.mediatorIds,
      attendees: s.attendees,
      summary: s.summary,
      nextSteps: s.nextSteps,
      recordedBy: s.recordedBy,
      createdAt: s.createdAt.toISOString(),
    })),
    agreement: row.agreement ?? null,
    failureReason: row.failureReason,
    referral: row.referral ? { ...row.referral, target: row.referral.target as ReferralTarget } : null,
    followUp: row.followUp ?? null,
    timeline: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      action: e.action as CaseAction,
      fromStatus: (e.fromStatus as CaseStatus | null) ?? null,
      toStatus: (e.toStatus as CaseStatus | null) ?? null,
      actorName: e.actorName,
      note: e.note,
      data: e.data,
    })),
    allowedActions: allowed,
    documents: row.agreement ? ['agreement', 'judicial_confirmation'] : [],
  };
}
