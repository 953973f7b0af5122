import type { CaseAssign, CaseDetail, CaseStatus, CaseTransition, SessionCreate } from '@zhili/contracts';
import { requireAccess } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/pool.ts';
import type { PiiCipher } from '../../platform/pii.ts';
import { presentDetail } from './cases.present.ts';
import * as repo from './cases.repo.ts';
import { caseInScope } from './cases.service.ts';
import { syncIncident } from './incident.link.ts';
import { checkCaseStep, type CaseCheck } from './lifecycle.engine.ts';
import { MediationErrors } from './mediation.errors.ts';
import * as mediatorRepo from './mediators.repo.ts';

/** Steps of a case's life: assigning mediators, sessions, outcomes, follow-up and closing. */

function refuse(check: Extract<CaseCheck, { ok: false }>): never {
  throw MediationErrors[check.code]([{ path: check.path, code: check.code, message: check.message }]);
}

const stale = (row: repo.CaseRow) =>
  MediationErrors.CASE_STALE([{ path: 'body.version', code: 'stale', message: `current ${row.version}` }]);

/** After the case committed: move the linked incident along, noting on the case when it cannot. */
async function followIncident(ctx: Ctx, row: repo.CaseRow): Promise<void> {
  const problem = await syncIncident(ctx, row);
  if (problem === null) return;
  await ctx.db.transaction((tx) =>
    repo.insertEvent(tx, { caseId: row.id, action: 'incident_status', actorName: '系统', note: problem, data: {} }),
  );
}

/**
 * Assigns mediators inside `tx` (the case row already locked and checked): each must be active
 * and below capacity, counted under a lock on the mediator rows so two assignments never
 * overfill one mediator. Returns the updated case. Shared by single and batch assignment.
 */
export async function assignInTx(
  ctx: Ctx,
  tx: Tx,
  row: repo.CaseRow,
  list: readonly { mediatorId: string; forPartyId: string | null }[],
  note: string | null,
  data: Record<string, unknown> = {},
): Promise<repo.CaseRow> {
  const ids = list.map((m) => m.mediatorId);
  const locked = await mediatorRepo.lockMediators(tx, ids);
  const open = await repo.openCasesOf(tx, ids);
  const current = new Set((await repo.mediatorsOf(tx, [row.id])).map((m) => m.mediatorId));
  list.forEach((m, i) => {
    const med = locked.find((x) => x.id === m.mediatorId);
    const path = `body.mediators.${i}.mediatorId`;
    if (!med) throw MediationErrors.MEDIATOR_NOT_FOUND([{ path, code: 'not_found', message: m.mediatorId }]);
    if (!med.active) throw MediationErrors.MEDIATOR_INACTIVE([{ path, code: 'inactive', message: med.name }]);
    // This case already counts towards a mediator who stays on it.
    const load = (open.get(med.id) ?? 0) - (current.has(med.id) ? 1 : 0);
    if (load >= med.capacity)
      throw MediationErrors.MEDIATOR_AT_CAPACITY([
        { path, code: 'at_capacity', message: `${med.name} ${load}/${med.capacity}` },
      ]);
  });
  const check = checkCaseStep(row.status as CaseStatus, 'assign');
  if (!check.ok) refuse(check);
  await repo.setCaseMediators(
    tx,
    row.id,
    list.map((m, i) => ({ mediatorId: m.mediatorId, role: i === 0 ? 'lead' : 'member', forPartyId: m.forPartyId })),
  );
  const updated = await repo.updateCase(tx, row.id, row.version, { status: check.toStatus });
  if (!updated) throw stale(row);
  const names = list.map((m) => locked.find((x) => x.id === m.mediatorId)?.name ?? m.mediatorId);
  await repo.insertEvent(tx, {
    caseId: row.id,
    action: 'assign',
    fromStatus: row.status,
    toStatus: check.toStatus,
    actorName: ctx.actor.name,
    note: note ?? `调解员：${names.join('、')}`,
    data: { ...data, mediators: list },
  });
  await recordAudit(ctx, tx, {
    action: 'mediation.case.assign',
    entity: 'mediation_case',
    entityId: row.id,
    before: { status: row.status, mediators: [...current] },
    after: { status: check.toStatus, mediators: list },
  });
  return updated;
}

/** Assigns one mediator or a panel (the first leads) to a case. */
export async function assignCase(ctx: Ctx, pii: PiiCipher, id: string, input: CaseAssign): Promise<CaseDetail> {
  await requireAccess(ctx, 'mediation.write');
  const ids = input.mediators.map((m) => m.mediatorId);
  if (new Set(ids).size !== ids.length)
    throw MediationErrors.CASE_FIELD_REQUIRED([
      { path: 'body.mediators', code: 'duplicate', message: 'a mediator is listed twice' },
    ]);
  const row = await ctx.db.transaction(async (tx) => {
    const locked = await caseInScope(ctx, id, 'mediation.write', tx, true);
    if (locked.version !== input.version) throw stale(locked);
    const parties = new Set((await repo.partiesOf(tx, [id])).map((p) => p.id));
    input.mediators.forEach((m, i) => {
      if (m.forPartyId !== null && !parties.has(m.forPartyId))
        throw MediationErrors.CASE_FIELD_REQUIRED([
          { path: `body.mediators.${i}.forPartyId`, code: 'not_a_party', message: m.forPartyId },
        ]);
    });
    return assignInTx(ctx, tx, locked, input.mediators, input.note);
  });
  return presentDetail(ctx, pii, row);
}

/** Records a mediation session; the case is then in session. */
export async function recordSession(ctx: Ctx, pii: PiiCipher, id: string, input: SessionCreate): Promise<CaseDetail> {
  await requireAccess(ctx, 'mediation.write');
  const row = await ctx.db.transaction(async (tx) => {
    const current = await caseInScope(ctx, id, 'mediation.write', tx, true);
    if (current.version !== input.version) throw stale(current);
    const check = checkCaseStep(current.status as CaseStatus, 'session');
    if (!check.ok) refuse(check);
    const mediatorIds = input.mediatorIds ?? (await repo.mediatorsOf(tx, [id])).map((m) => m.mediatorId);
    await repo.insertSession(tx, {
      caseId: id,
      heldAt: new Date(input.heldAt),
      place: input.place,
      mediatorIds,
      attendees: input.attendees,
      summary: input.summary,
      nextSteps: input.nextSteps,
      recordedBy: ctx.actor.name,
    });
    const updated = await repo.updateCase(tx, id, current.version, { status: check.toStatus });
    if (!updated) throw stale(current);
    await repo.insertEvent(tx, {
      caseId: id,
      action: 'session',
      fromStatus: current.status,
      toStatus: check.toStatus,
      actorName: ctx.actor.name,
      note: input.summary.slice(0, 500),
      data: { heldAt: input.heldAt, place: input.place },
    });
    await recordAudit(ctx, tx, {
      action: 'mediation.case.session',
      entity: 'mediation_case',
      entityId: id,
      before: { status: current.status },
      after: { status: check.toStatus, session: { ...input, mediatorIds } },
    });
    return updated;
  });
  return presentDetail(ctx, pii, row);
}

/** The column changes an action makes besides the status. */
function changesFor(current: repo.CaseRow, input: CaseTransition, now: Date): Partial<repo.CaseValues> {
  const stopClock = { outcomeAt: now, clockStoppedAt: now, clockCheckAt: null };
  switch (input.action) {
    case 'agree':
      return {
        ...stopClock,
        agreement: {
          terms: input.terms,
          amountAgreed: input.amountAgreed,
          performBy: input.performBy,
          performance: 'pending',
          signedAt: now.toISOString(),
        },
      };
    case 'fail':
      return { ...stopClock, failureReason: input.note };
    case 'refer':
      return { ...stopClock, referral: { target: input.referralTarget!, note: input.note, at: now.toISOString() } };
    case 'follow_up':
      return {
        followUp: { note: input.note ?? '', satisfied: input.satisfied, at: now.toISOString() },
        ...(current.agreement && input.performance
          ? { agreement: { ...current.agreement, performance: input.performance } }
          : {}),
      };
    case 'close':
      return { closedAt: now };
    case 'comment':
      return {};
  }
}

/**
 * An outcome, follow-up, close or comment. Outcomes stop the statutory clock; the linked
 * incident follows after the commit.
 */
export async function transitionCase(ctx: Ctx, pii: PiiCipher, id: string, input: CaseTransition): Promise<CaseDetail> {
  await requireAccess(ctx, 'mediation.write');
  const now = new Date();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await caseInScope(ctx, id, 'mediation.write', tx, true);
    if (current.version !== input.version) throw stale(current);
    const check = checkCaseStep(current.status as CaseStatus, input.action, input);
    if (!check.ok) refuse(check);
    const updated = await repo.updateCase(tx, id, current.version, {
      status: check.toStatus,
      ...changesFor(current, input, now),
    });
    if (!updated) throw stale(current);
    await repo.insertEvent(tx, {
      caseId: id,
      action: input.action,
      fromStatus: current.status,
      toStatus: check.toStatus,
      actorName: ctx.actor.name,
      note: input.note,
      data: {
        ...(input.action === 'agree' ? { terms: input.terms, amountAgreed: input.amountAgreed } : {}),
        ...(input.action === 'refer' ? { referralTarget: input.referralTarget } : {}),
        ...(input.action === 'follow_up' ? { satisfied: input.satisfied, performance: input.performance } : {}),
      },
    });
    await recordAudit(ctx, tx, {
      action: `mediation.case.${input.action}`,
      entity: 'mediation_case',
      entityId: id,
      before: { status: current.status, version: current.version },
      after: { status: check.toStatus, version: updated.version, input },
    });
    return updated;
  });
  if (row.status !== 'in_session' && input.action !== 'comment') await followIncident(ctx, row);
  return presentDetail(ctx, pii, row);
}
