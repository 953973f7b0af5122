import type { HandlingLevel, IncidentDetail, IncidentStatus, TransitionInput } from '@zhili/contracts';
import { checkAccess } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/pool.ts';
import { clocksToStart, clocksToStop, pauseClock, planClock, resumeClock, targetsFor } from './clocks.engine.ts';
import { unitRegionFor } from './dispatch.engine.ts';
import { IncidentErrors } from './incidents.errors.ts';
import * as repo from './incidents.repo.ts';
import { presentDetail } from './incidents.service.ts';
import { configCache, type ConfigSnapshot } from './intake.cache.ts';
import * as writes from './intake.repo.ts';
import { checkTransition, escalateLevel, permissionFor } from './lifecycle.engine.ts';
import { requireIncidentAccess } from './visibility.ts';

/**
 * Transitions of an incident after intake: each is one transaction that checks the version the
 * caller saw, asks the state machine, moves the clocks, appends the timeline, audits, notifies
 * the new handlers and tells the board (NOTIFY) — all or nothing.
 */

/** Status-change listeners of other modules (mediation); they run inside the transaction. */
export type StatusListener = (e: { incidentId: string; status: IncidentStatus; tx: Tx }) => Promise<void>;
const listeners: StatusListener[] = [];

/** Registers a listener for status changes; it runs inside the changing transaction. */
export function onIncidentStatusChange(listener: StatusListener): void {
  listeners.push(listener);
}

/** Who the timeline names for a change. */
export interface EventActor {
  kind: string;
  id: string | null;
  name: string;
}

export function eventActorOf(ctx: Ctx): EventActor {
  return { kind: ctx.actor.kind, id: ctx.actor.id, name: ctx.actor.name };
}

/** Locks the incident and refuses a stale version (409 with the current version in the details). */
export async function lockCurrent(tx: Tx, id: string, version: number | null): Promise<repo.IncidentRow> {
  const row = await repo.lockIncident(tx, id);
  if (!row) throw IncidentErrors.INCIDENT_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  if (version !== null && row.version !== version) {
    throw IncidentErrors.INCIDENT_STALE([
      { path: 'body.version', code: 'stale', message: `current version is ${row.version}` },
      { path: 'currentVersion', code: String(row.version), message: String(row.version) },
    ]);
  }
  return row;
}

const REGION_LEVELS_AS_UNITS: Record<string, HandlingLevel> = {
  grid: 'grid',
  community: 'community',
  township: 'township',
  county: 'county',
};

type Patch = Partial<repo.IncidentRow>;

/** The unit a dispatch names: a department or a region's unit, and/or a named handler. */
async function dispatchUnit(
  ctx: Ctx,
  tx: Tx,
  input: TransitionInput,
): Promise<{ patch: Patch; unit: { regionCode: string | null; organizationId: string | null } }> {
  const patch: Patch = {};
  const unit = { regionCode: null as string | null, organizationId: null as string | null };
  if (input.organizationId) {
    const [org] = await repo.organizationsByIds(tx, [input.organizationId]);
    if (!org) {
      throw IncidentErrors.INCIDENT_UNKNOWN_ORGANIZATION([
        { path: 'body.organizationId', code: 'unknown', message: input.organizationId },
      ]);
    }
    Object.assign(patch, {
      handlingLevel: 'department',
      assigneeOrganizationId: org.id,
      assigneeRegionCode: null,
      assigneeRegionPath: null,
    });
    unit.organizationId = org.id;
  } else if (input.regionCode) {
    const found = await configCache(ctx.db).regionWithAncestors(input.regionCode);
    if (!found) {
      throw IncidentErrors.INCIDENT_UNKNOWN_REGION([
        { path: 'body.regionCode', code: 'unknown', message: input.regionCode },
      ]);
    }
    // A dispatcher places work only inside their own area.
    checkAccess(ctx.actor, 'incident.dispatch', { regionPath: found.region.path, organizationId: null });
    Object.assign(patch, {
      handlingLevel: REGION_LEVELS_AS_UNITS[found.region.level] ?? 'county',
      assigneeOrganizationId: null,
      assigneeRegionCode: found.region.code,
      assigneeRegionPath: found.region.path,
    });
    unit.regionCode = found.region.code;
  }
  if (input.accountId && !(await repo.accountExists(tx, input.accountId))) {
    throw IncidentErrors.INCIDENT_UNKNOWN_ACCOUNT([
      { path: 'body.accountId', code: 'unknown', message: input.accountId },
    ]);
  }
  patch.assigneeAccountId = input.accountId;
  return { patch, unit };
}

/** The escalation target: one level up, at the incident's own place. */
async function escalationUnit(ctx: Ctx, row: repo.IncidentRow): Promise<{ patch: Patch; regionCode: string | null }> {
  const level = escalateLevel(row.handlingLevel as HandlingLevel);
  let unit: { code: string; path: string } | null = null;
  if (row.regionCode) {
    const found = await configCache(ctx.db).regionWithAncestors(row.regionCode);
    if (found) unit = unitRegionFor(level, found.ancestors);
  }
  return {
    regionCode: unit?.code ?? null,
    patch: {
      handlingLevel: level,
      escalationLevel: row.escalationLevel + 1,
      assigneeOrganizationId: null,
      assigneeAccountId: null,
      assigneeRegionCode: unit?.code ?? null,
      assigneeRegionPath: unit?.path ?? null,
    },
  };
}

/** Stops, pauses, resumes and starts the clocks a transition asks for. */
async function moveClocks(
  tx: Tx,
  snap: ConfigSnapshot,
  row: repo.IncidentRow,
  action: TransitionInput['action'],
  toStatus: IncidentStatus,
  now: Date,
): Promise<void> {
  const category = snap.categories.get(row.categoryCode);
  const onSite = category?.onSiteRequired ?? true;
  const clocks = await repo.clocksOf(tx, row.id);
  const calendarOf = (code: string | null) => (code ? (snap.calendars.get(code) ?? null) : null);
  const stop = new Set(clocksToStop(toStatus, action));
  const metByAction = action === 'respond' || action === 'dispatch' || action === 'arrive' || action === 'resolve';
  let changed = false;
  for (const c of clocks) {
    const live = c.state === 'running' || c.state === 'paused';
    if (!live) continue;
    if (stop.has(c.kind as never)) {
      const state =
        metByAction || (action === 'close' && c.state === 'running' && c.kind !== 'report_in') ? 'met' : 'cancelled';
      await repo.updateClock(tx, c.id, { state, metAt: state === 'met' ? now : null, checkAt: null });
      changed = true;
    } else if (action === 'hold' && c.state === 'running' && c.dueAt) {
      const remainingMs = pauseClock({ dueAt: c.dueAt, calendar: calendarOf(c.calendar) }, now);
      await repo.updateClock(tx, c.id, { state: 'paused', remainingMs, checkAt: null });
      changed = true;
    } else if (action === 'resume' && c.state === 'paused') {
      const t = resumeClock(c.remainingMs ?? 0, c.targetMs, now, calendarOf(c.calendar));
      const checkAt = c.breachedAt ? null : c.warnedAt ? t.dueAt : t.checkAt;
      await repo.updateClock(tx, c.id, {
        state: 'running',
        warnAt: t.warnAt,
        dueAt: t.dueAt,
        checkAt,
        remainingMs: null,
      });
      changed = true;
    }
  }
  const priority = row.priority as Parameters<typeof targetsFor>[1];
  const targets = targetsFor(category?.clocks ?? {}, priority);
  const stillLive = new Set(
    clocks
      .filter((c) => (c.state === 'running' || c.state === 'paused') && !stop.has(c.kind as never))
      .map((c) => c.kind),
  );
  const fresh = clocksToStart(toStatus, targets, onSite, action).filter((p) => !stillLive.has(p.kind));
  if (fresh.length > 0) {
    await writes.insertClocks(
      tx,
      fresh.map((p) => {
        const t = planClock(now, p.targetMs, calendarOf(p.calendar));
        return {
          incidentId: row.id,
          kind: p.kind,
          organizationId: p.organizationId ?? null,
          state: 'running' as const,
          calendar: p.calendar,
          startedAt: now,
          warnAt: t.warnAt,
          dueAt: t.dueAt,
          checkAt: t.checkAt,
          metAt: null,
          targetMs: p.targetMs,
        };
      }),
    );
    changed = true;
  }
  if (changed) await repo.refreshNextDue(tx, row.id);
}

/** The audit view of an incident's workflow state (no personal data). */
function auditView(r: Partial<repo.IncidentRow>) {
  return {
    status: r.status,
    version: r.version,
    handlingLevel: r.handlingLevel,
    assigneeOrganizationId: r.assigneeOrganizationId,
    assigneeRegionCode: r.assigneeRegionCode,
    assigneeAccountId: r.assigneeAccountId,
    escalationLevel: r.escalationLevel,
    mergedIntoId: r.mergedIntoId,
    satisfaction: r.satisfaction,
  };
}

/**
 * Applies a checked transition inside `tx` to the locked row: incident, clocks, timeline, audit,
 * notifications, NOTIFY and status listeners. Access must have been checked by the caller.
 */
export async function applyTransition(
  ctx: Ctx,
  tx: Tx,
  row: repo.IncidentRow,
  input: TransitionInput,
  actor: EventActor,
  extra: Patch = {},
): Promise<repo.IncidentRow> {
  const snap = await configCache(ctx.db).get();
  const onSiteRequired = snap.categories.get(row.categoryCode)?.onSiteRequired ?? true;
  const from = row.status as IncidentStatus;
  const check = checkTransition(from, input.action, input, {
    statusBeforeHold: (row.statusBeforeHold as IncidentStatus | null) ?? null,
    onSiteRequired,
  });
  if (!check.ok) {
    throw IncidentErrors[check.code]([
      { path: check.path ?? 'body.action', code: check.code, message: `${input.action} from ${from}` },
    ]);
  }
  const to = check.toStatus;
  const now = new Date();
  const patch: Patch = { status: to, version: row.version + 1, updatedAt: now, ...extra };
  const data: Record<string, unknown> = {};
  let notice: writes.UnitNotice | null = null;
  const noticeOf = (title: string, kind: string, unit: Omit<writes.UnitNotice, 'payload'>): writes.UnitNotice => ({
    ...unit,
    payload: {
      title: `${title} ${row.number}`,
      text: row.description.slice(0, 200),
      link: `/incidents/${row.id}`,
      kind,
    },
  });

  switch (input.action) {
    case 'respond':
      patch.respondedAt = now;
      break;
    case 'dispatch': {
      const target = await dispatchUnit(ctx, tx, input);
      Object.assign(patch, target.patch, { dispatchedAt: now, respondedAt: row.respondedAt ?? now });
      notice = noticeOf('新派单', 'incident.dispatched', { ...target.unit, accountId: input.accountId });
      Object.assign(data, {
        organizationId: input.organizationId,
        regionCode: input.regionCode,
        accountId: input.accountId,
      });
      break;
    }
    case 'accept':
      patch.acceptedAt = now;
      if (!row.assigneeAccountId && actor.kind === 'account') patch.assigneeAccountId = actor.id;
      break;
    case 'arrive':
      patch.onSiteAt = now;
      Object.assign(data, { lat: input.lat, lng: input.lng });
      break;
    case 'resolve':
      Object.assign(patch, { resolvedAt: now, resolvedLevel: row.handlingLevel });
      data.attachmentIds = input.attachmentIds;
      break;
    case 'follow_up':
      patch.followedUpAt = now;
      if (input.satisfaction !== null) patch.satisfaction = input.satisfaction;
      data.satisfaction = input.satisfaction;
      break;
    case 'close':
      patch.closedAt = now;
      break;
    case 'return':
      Object.assign(patch, {
        assigneeOrganizationId: null,
        assigneeRegionCode: null,
        assigneeRegionPath: null,
        assigneeAccountId: null,
      });
      Object.assign(data, { organizationId: row.assigneeOrganizationId, regionCode: row.assigneeRegionCode });
      break;
    case 'escalate': {
      const unit = await escalationUnit(ctx, row);
      Object.assign(patch, unit.patch);
      Object.assign(data, {
        fromLevel: row.handlingLevel,
        toLevel: unit.patch.handlingLevel,
        regionCode: unit.regionCode,
      });
      if (unit.regionCode)
        notice = noticeOf('事件升级', 'incident.escalated', {
          regionCode: unit.regionCode,
          organizationId: null,
          accountId: null,
        });
      break;
    }
    case 'merge': {
      const target = input.targetId ? await repo.findIncident(tx, input.targetId) : undefined;
      if (!target || target.id === row.id || target.status === 'merged') {
        throw IncidentErrors.INCIDENT_MERGE_INVALID([
          { path: 'body.targetId', code: 'invalid', message: String(input.targetId) },
        ]);
      }
      patch.mergedIntoId = target.id;
      data.targetNumber = target.number;
      break;
    }
    case 'reopen':
      Object.assign(patch, { resolvedAt: null, closedAt: null, dispatchedAt: now });
      notice = noticeOf('事件重新打开', 'incident.reopened', {
        regionCode: row.assigneeRegionCode,
        organizationId: row.assigneeOrganizationId,
        accountId: row.assigneeAccountId,
      });
      break;
    case 'hold':
      patch.statusBeforeHold = from;
      break;
    case 'resume':
      patch.statusBeforeHold = null;
      break;
    case 'comment':
      break;
  }

  await repo.updateIncident(tx, row.id, patch);
  await moveClocks(tx, snap, row, input.action, to, now);
  await writes.insertEvents(tx, [
    {
      incidentId: row.id,
      at: now,
      action: input.action,
      fromStatus: from,
      toStatus: to,
      actorKind: actor.kind,
      actorId: actor.id,
      actorName: actor.name,
      note: input.note,
      data,
    },
  ]);
  const after = { ...row, ...patch };
  await recordAudit(ctx, tx, {
    action: `incident.${input.action}`,
    entity: 'incident',
    entityId: row.id,
    before: auditView(row),
    after: auditView(after),
  });
  if (notice) await writes.enqueueUnitNotices(tx, [notice]);
  await notifyChanged(tx, after);
  if (to !== from) for (const l of listeners) await l({ incidentId: row.id, status: to, tx });
  return after;
}

/** Tells the board (SSE) about a change; delivered when the transaction commits. */
export async function notifyChanged(tx: Tx, r: repo.IncidentRow): Promise<void> {
  await repo.notifyIncidentChanged(tx, r);
}

/**
 * Moves an incident through its life (respond, dispatch, accept, arrive, resolve, …). The caller
 * needs permissionFor(action) over the incident; `input.version` must be the current version.
 */
export async function transitionIncident(ctx: Ctx, id: string, input: TransitionInput): Promise<IncidentDetail> {
  await requireIncidentAccess(ctx, permissionFor(input.action), id);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockCurrent(tx, id, input.version);
    return applyTransition(ctx, tx, current, input, eventActorOf(ctx));
  });
  // Presented without a second scope check: a handler who just returned it may no longer see it.
  return presentDetail(ctx, row);
}
