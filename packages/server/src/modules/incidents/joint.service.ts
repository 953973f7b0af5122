import {
  OPEN_INCIDENT_STATUSES,
  type IncidentDetail,
  type IncidentStatus,
  type ReportInInput,
  type WhistleInput,
} from '@zhili/contracts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { planClock } from './clocks.engine.ts';
import { IncidentErrors } from './incidents.errors.ts';
import * as repo from './incidents.repo.ts';
import { presentDetail } from './incidents.service.ts';
import * as writes from './intake.repo.ts';
import { eventActorOf, lockCurrent, notifyChanged } from './lifecycle.service.ts';
import { requireIncidentAccess, requireOrganizationAccess } from './visibility.ts';

/**
 * 网格吹哨、部门报到: community staff summon several departments to one joint order; each must
 * report in before its deadline (a report_in clock the sweeper watches).
 */

/** Summons departments to the incident (incident.dispatch over it). */
export async function whistle(ctx: Ctx, id: string, input: WhistleInput): Promise<IncidentDetail> {
  await requireIncidentAccess(ctx, 'incident.dispatch', id);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockCurrent(tx, id, input.version);
    if (!OPEN_INCIDENT_STATUSES.includes(current.status as IncidentStatus)) {
      throw IncidentErrors.INCIDENT_INVALID_TRANSITION([
        { path: 'body', code: 'INCIDENT_INVALID_TRANSITION', message: `whistle from ${current.status}` },
      ]);
    }
    const ids = [...new Set(input.organizationIds)];
    const found = new Set((await repo.organizationsByIds(tx, ids)).map((o) => o.id));
    const missing = input.organizationIds.findIndex((o) => !found.has(o));
    if (missing >= 0) {
      throw IncidentErrors.INCIDENT_UNKNOWN_ORGANIZATION([
        { path: `body.organizationIds.${missing}`, code: 'unknown', message: input.organizationIds[missing]! },
      ]);
    }
    const now = new Date();
    const targetMs = input.reportInMinutes * 60_000;
    const times = planClock(now, targetMs, null);
    const orderId = await repo.insertJointOrder(
      tx,
      { incidentId: id, note: input.note, createdBy: ctx.actor.name, createdAt: now },
      ids.map((organizationId) => ({ organizationId, deadlineAt: times.dueAt })),
    );
    await writes.insertClocks(
      tx,
      ids.map((organizationId) => ({
        incidentId: id,
        kind: 'report_in',
        organizationId,
        state: 'running' as const,
        calendar: null,
        startedAt: now,
        warnAt: times.warnAt,
        dueAt: times.dueAt,
        checkAt: times.checkAt,
        metAt: null,
        targetMs,
      })),
    );
    await repo.refreshNextDue(tx, id);
    const patch = { version: current.version + 1, updatedAt: now };
    await repo.updateIncident(tx, id, patch);
    const actor = eventActorOf(ctx);
    await writes.insertEvents(tx, [
      {
        incidentId: id,
        at: now,
        action: 'whistle',
        fromStatus: current.status,
        toStatus: current.status,
        actorKind: actor.kind,
        actorId: actor.id,
        actorName: actor.name,
        note: input.note,
        data: { orderId, organizationIds: ids, reportInMinutes: input.reportInMinutes },
      },
    ]);
    await recordAudit(ctx, tx, {
      action: 'incident.whistle',
      entity: 'incident',
      entityId: id,
      before: { version: current.version },
      after: { version: patch.version, orderId, organizationIds: ids, reportInMinutes: input.reportInMinutes },
    });
    await writes.enqueueUnitNotices(
      tx,
      ids.map((organizationId) => ({
        regionCode: null,
        organizationId,
        accountId: null,
        payload: {
          title: `吹哨报到 ${current.number}`,
          text: `${input.note.slice(0, 200)}（请于 ${input.reportInMinutes} 分钟内报到）`,
          link: `/incidents/${id}`,
          kind: 'incident.whistle',
        },
      })),
    );
    const after = { ...current, ...patch };
    await notifyChanged(tx, after);
    return after;
  });
  return presentDetail(ctx, row);
}

/**
 * A summoned department reports in (incident.handle held for that organization, or globally).
 * Stops its report_in clock.
 */
export async function reportIn(ctx: Ctx, id: string, input: ReportInInput): Promise<IncidentDetail> {
  await requireOrganizationAccess(ctx, 'incident.handle', input.organizationId);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockCurrent(tx, id, null);
    const summons = await repo.findSummons(tx, id, input.organizationId);
    if (!summons) {
      throw IncidentErrors.INCIDENT_NOT_SUMMONED([
        { path: 'body.organizationId', code: 'not_summoned', message: input.organizationId },
      ]);
    }
    const now = new Date();
    await repo.markReported(tx, summons.orderId, input.organizationId, now, input.note);
    for (const c of await repo.clocksOf(tx, id)) {
      if (
        c.kind === 'report_in' &&
        c.organizationId === input.organizationId &&
        (c.state === 'running' || c.state === 'paused')
      ) {
        await repo.updateClock(tx, c.id, { state: 'met', metAt: now, checkAt: null });
      }
    }
    await repo.refreshNextDue(tx, id);
    const patch = { version: current.version + 1, updatedAt: now };
    await repo.updateIncident(tx, id, patch);
    const actor = eventActorOf(ctx);
    await writes.insertEvents(tx, [
      {
        incidentId: id,
        at: now,
        action: 'report_in',
        fromStatus: current.status,
        toStatus: current.status,
        actorKind: actor.kind,
        actorId: actor.id,
        actorName: actor.name,
        note: input.note,
        data: { orderId: summons.orderId, organizationId: input.organizationId },
      },
    ]);
    await recordAudit(ctx, tx, {
      action: 'incident.report_in',
      entity: 'incident',
      entityId: id,
      before: { version: current.version },
      after: { version: patch.version, orderId: summons.orderId, organizationId: input.organizationId },
    });
    const after = { ...current, ...patch };
    await notifyChanged(tx, after);
    return after;
  });
  return presentDetail(ctx, row);
}
