import type { FeedbackInput, IncidentAction, IncidentStatus, IncidentTrack, TransitionInput } from '@zhili/contracts';
import type { Ctx } from '../../platform/context.ts';
import { IncidentErrors } from './incidents.errors.ts';
import * as repo from './incidents.repo.ts';
import { findCategory } from './config.repo.ts';
import { applyTransition, lockCurrent, type EventActor } from './lifecycle.service.ts';
import { requireReporterAccess } from './visibility.ts';

/** The reporter's side after intake: follow the incident by its number, rate it, or reopen it. */

const FEEDBACK_STATUSES: readonly string[] = ['resolved', 'followed_up', 'closed'];

function blankTransition(action: TransitionInput['action'], version: number): TransitionInput {
  return {
    action,
    version,
    note: null,
    organizationId: null,
    regionCode: null,
    accountId: null,
    targetId: null,
    lat: null,
    lng: null,
    attachmentIds: [],
    satisfaction: null,
  };
}

/**
 * 回访: the reporting account or the holder of the tracking code rates the outcome (resolved →
 * followed up) or says it is not fixed (→ reopened, dispatched again to the same unit).
 */
export async function giveFeedback(ctx: Ctx, idOrNumber: string, input: FeedbackInput): Promise<void> {
  const row = await requireReporterAccess(ctx, idOrNumber, input.trackingCode);
  if (!input.reopen && input.satisfaction === null && !input.comment?.trim()) {
    throw IncidentErrors.INCIDENT_RATING_REQUIRED([
      { path: 'body.satisfaction', code: 'required', message: 'rating or reopen' },
    ]);
  }
  const actor: EventActor =
    ctx.actor.kind === 'anonymous'
      ? { kind: 'reporter', id: null, name: '报告人' }
      : { kind: ctx.actor.kind, id: ctx.actor.id, name: ctx.actor.name };
  const auditCtx: Ctx =
    ctx.actor.kind === 'anonymous' ? { ...ctx, actor: { ...ctx.actor, name: '报告人（查询码）' } } : ctx;
  await ctx.db.transaction(async (tx) => {
    const current = await lockCurrent(tx, row.id, null);
    if (!FEEDBACK_STATUSES.includes(current.status)) {
      throw IncidentErrors.INCIDENT_FEEDBACK_NOT_ALLOWED([
        { path: 'params.id', code: 'not_resolved', message: current.status },
      ]);
    }
    const comment = input.comment?.trim() || null;
    const extra = {
      feedback: comment ?? current.feedback,
      ...(input.satisfaction !== null ? { satisfaction: input.satisfaction } : {}),
    };
    if (input.reopen) {
      const t = { ...blankTransition('reopen', current.version), note: comment ?? '报告人回访：问题未解决' };
      await applyTransition(auditCtx, tx, current, t, actor, extra);
    } else if (current.status === 'resolved') {
      const t = { ...blankTransition('follow_up', current.version), note: comment, satisfaction: input.satisfaction };
      await applyTransition(auditCtx, tx, current, t, actor, extra);
    } else {
      const note = comment ?? `满意度 ${input.satisfaction ?? ''}`.trim();
      await applyTransition(
        auditCtx,
        tx,
        current,
        { ...blankTransition('comment', current.version), note },
        actor,
        extra,
      );
    }
  });
}

/** The public tracking view: number, status and the bare timeline, for the holder of the code. */
export async function trackIncident(ctx: Ctx, number: string, code: string): Promise<IncidentTrack> {
  const row = await requireReporterAccess(ctx, number, code, 'query.code');
  const [events, category] = await Promise.all([repo.eventsOf(ctx.db, row.id), findCategory(ctx.db, row.categoryCode)]);
  return {
    number: row.number,
    status: row.status as IncidentStatus,
    categoryName: category?.nameZh ?? row.categoryCode,
    categoryNameEn: category?.nameEn ?? row.categoryCode,
    receivedAt: row.receivedAt.toISOString(),
    timeline: events
      .filter((e) => e.action !== 'comment')
      .map((e) => ({
        at: e.at.toISOString(),
        action: e.action as IncidentAction,
        toStatus: e.toStatus as IncidentStatus | null,
      })),
  };
}
