import { and, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  OPEN_INCIDENT_STATUSES,
  type Clock,
  type ClockKind,
  type ClockState,
  type DuplicateQuery,
  type DuplicateSuggestion,
  type IncidentAction,
  type IncidentDetail,
  type IncidentListQuery,
  type IncidentStatus,
  type IncidentSummary,
  type Page,
} from '@zhili/contracts';
import { grantsWith, hasPermission, requireAccess } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { maskPhone } from '../../platform/pii.ts';
import { clockColour } from './clocks.engine.ts';
import { IncidentErrors } from './incidents.errors.ts';
import * as repo from './incidents.repo.ts';
import { incidents } from './incidents.table.ts';
import { configCache } from './intake.cache.ts';
import { findDuplicates } from './duplicates.repo.ts';
import { piiOf } from './intake.service.ts';
import { actionsFrom, permissionFor } from './lifecycle.engine.ts';
import {
  coversIncident,
  isReporter,
  requireIncidentAccess,
  scopeOfIncident,
  visibleIncidentFilter,
} from './visibility.ts';

/** Reading incidents: the board's list, the detail screen, duplicate suggestions. */

const iso = (d: Date | string | null): string | null => (d === null ? null : repo.toDate(d)!.toISOString());

type ClockLike = {
  kind: string;
  state: string;
  startedAt: Date | string;
  dueAt: Date | string | null;
  warnAt: Date | string | null;
  metAt: Date | string | null;
  warnedAt: Date | string | null;
  breachedAt: Date | string | null;
  remainingMs: number | null;
  organizationId: string | null;
};

export function presentClock(c: ClockLike, now: Date): Clock {
  const state = c.state as ClockState;
  return {
    kind: c.kind as ClockKind,
    state,
    colour: clockColour(
      { state, warnAt: repo.toDate(c.warnAt), dueAt: repo.toDate(c.dueAt), breachedAt: repo.toDate(c.breachedAt) },
      now,
    ),
    startedAt: iso(c.startedAt)!,
    dueAt: iso(c.dueAt),
    warnAt: iso(c.warnAt),
    metAt: iso(c.metAt),
    warnedAt: iso(c.warnedAt),
    breachedAt: iso(c.breachedAt),
    remainingMs: c.remainingMs,
    organizationId: c.organizationId,
  };
}

export function presentSummary(r: repo.SummaryRow, now = new Date()): IncidentSummary {
  const k = r.clock;
  return {
    id: r.id,
    number: r.number,
    categoryCode: r.categoryCode,
    categoryName: r.categoryName ?? r.categoryCode,
    categoryNameEn: r.categoryNameEn ?? r.categoryCode,
    description: r.description,
    status: r.status as IncidentStatus,
    priority: r.priority as IncidentSummary['priority'],
    channel: r.channel as IncidentSummary['channel'],
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    regionCode: r.regionCode,
    regionName: r.regionName,
    handlingLevel: r.handlingLevel as IncidentSummary['handlingLevel'],
    assigneeOrganizationId: r.assigneeOrganizationId,
    assigneeOrganizationName: r.assigneeOrganizationName,
    assigneeRegionCode: r.assigneeRegionCode,
    assigneeUnitName: r.assigneeOrganizationName ?? r.assigneeRegionName,
    assigneeAccountId: r.assigneeAccountId,
    escalationLevel: r.escalationLevel,
    nextClock: k
      ? presentClock(
          {
            kind: k.kind,
            state: k.state,
            startedAt: k.started_at,
            dueAt: k.due_at,
            warnAt: k.warn_at,
            metAt: k.met_at,
            warnedAt: k.warned_at,
            breachedAt: k.breached_at,
            remainingMs: k.remaining_ms,
            organizationId: k.organization_id,
          },
          now,
        )
      : null,
    overdue: r.overdue,
    version: r.version,
    receivedAt: iso(r.receivedAt)!,
    updatedAt: iso(r.updatedAt)!,
  };
}

function maskName(name: string): string {
  return name.length <= 1 ? '*' : `${name[0]}${'*'.repeat(Math.min(name.length - 1, 3))}`;
}

function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}

/** The full detail as this caller may see it (reporter masked without pii.read; actions by role). */
export async function presentDetail(ctx: Ctx, row: repo.IncidentRow): Promise<IncidentDetail> {
  const [summary, clocks, events, jointOrders, scope, snap, mediationCaseId] = await Promise.all([
    repo.summaryById(ctx.db, row.id),
    repo.clocksOf(ctx.db, row.id),
    repo.eventsOf(ctx.db, row.id),
    repo.jointOrdersOf(ctx.db, row.id),
    scopeOfIncident(ctx, row),
    configCache(ctx.db).get(),
    repo.mediationCaseIdOf(ctx.db, row.id),
  ]);
  if (!summary) throw IncidentErrors.INCIDENT_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: row.id }]);
  const now = new Date();
  const current = summary;
  const pii = piiOf(ctx.db);
  const open = (b: Buffer | null): string | null => (b && pii ? pii.decrypt(b) : null);
  const reveal = isReporter(ctx.actor, row) || coversIncident(ctx.actor, 'pii.read', scope);
  const name = open(row.reporterNameEnc);
  const phone = open(row.reporterPhoneEnc);
  const email = open(row.reporterEmailEnc);
  const masked = !reveal && (name !== null || phone !== null || email !== null);

  const onSite = snap.categories.get(row.categoryCode)?.onSiteRequired ?? true;
  const status = current.status as IncidentStatus;
  const allowed: IncidentAction[] = actionsFrom(status, onSite).filter((a) =>
    coversIncident(ctx.actor, permissionFor(a), scope),
  );
  if (OPEN_INCIDENT_STATUSES.includes(status) && coversIncident(ctx.actor, 'incident.dispatch', scope)) {
    allowed.push('whistle');
  }
  const myOrgs = new Set(grantsWith(ctx.actor, 'incident.handle').map((g) => g.organizationId));
  if (jointOrders.some((o) => o.members.some((m) => m.state === 'summoned' && myOrgs.has(m.organizationId)))) {
    allowed.push('report_in');
  }

  return {
    ...presentSummary(current, now),
    reporter: {
      name: name === null ? null : reveal ? name : maskName(name),
      phone: phone === null ? null : reveal ? phone : maskPhone(phone),
      email: email === null ? null : reveal ? email : maskEmail(email),
      anonymous: row.anonymous,
      masked,
    },
    attributes: row.attributes,
    attachmentIds: row.attachmentIds,
    mediaUrl: row.mediaUrl,
    mergedIntoId: row.mergedIntoId,
    satisfaction: row.satisfaction,
    feedback: row.feedback,
    clocks: clocks.map((c) => presentClock(c, now)),
    timeline: events.map((e) => ({
      id: String(e.id),
      at: e.at.toISOString(),
      action: e.action as IncidentAction,
      fromStatus: e.fromStatus as IncidentStatus | null,
      toStatus: e.toStatus as IncidentStatus | null,
      actorName: e.actorName,
      note: e.note,
      data: e.data,
    })),
    jointOrders: jointOrders.map((o) => ({
      id: o.id,
      note: o.note,
      createdAt: o.createdAt.toISOString(),
      createdBy: o.createdBy,
      members: o.members.map((m) => ({
        organizationId: m.organizationId,
        organizationName: m.organizationName,
        state: m.state as 'summoned' | 'reported' | 'done',
        deadlineAt: m.deadlineAt.toISOString(),
        reportedAt: m.reportedAt ? m.reportedAt.toISOString() : null,
        note: m.note,
      })),
    })),
    allowedActions: allowed,
    mediationCaseId,
  };
}

/** One incident: incident.read over it, or its reporter. */
export async function getIncident(ctx: Ctx, id: string): Promise<IncidentDetail> {
  const row = await requireIncidentAccess(ctx, 'incident.read', id, { reporterMay: true });
  return presentDetail(ctx, row);
}

function escapeLike(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** "Mine": reported by me, handed to me, or to a unit I hold a role at (the grid worker's tasks). */
function mineFilter(ctx: Ctx): SQL {
  const me = ctx.actor.id ?? '00000000-0000-0000-0000-000000000000';
  const conds: SQL[] = [eq(incidents.reporterAccountId, me), eq(incidents.assigneeAccountId, me)];
  const grants = grantsWith(ctx.actor, 'incident.handle');
  const regionCodes = grants.flatMap((g) => (g.regionCode && g.organizationId === null ? [g.regionCode] : []));
  const orgs = grants.flatMap((g) => (g.organizationId ? [g.organizationId] : []));
  if (regionCodes.length) conds.push(inArray(incidents.assigneeRegionCode, regionCodes));
  if (orgs.length) conds.push(inArray(incidents.assigneeOrganizationId, orgs));
  return or(...conds)!;
}

/**
 * Lists incidents within the caller's scope (incident.read), filtered and paginated; a resident
 * without incident.read lists only their own reports with `mine=true`.
 */
export async function listIncidents(ctx: Ctx, q: IncidentListQuery): Promise<Page<IncidentSummary>> {
  const ownOnly = q.mine === 'true' && !hasPermission(ctx.actor, 'incident.read');
  await requireAccess(ctx, ownOnly ? 'incident.report' : 'incident.read');
  const conds: SQL[] = [ownOnly ? eq(incidents.reporterAccountId, ctx.actor.id!) : visibleIncidentFilter(ctx.actor)];
  if (q.mine === 'true' && !ownOnly) conds.push(mineFilter(ctx));
  if (q.status !== undefined) {
    conds.push(inArray(incidents.status, Array.isArray(q.status) ? q.status : [q.status]));
  }
  if (q.categoryCode) conds.push(eq(incidents.categoryCode, q.categoryCode));
  if (q.priority) conds.push(eq(incidents.priority, q.priority));
  if (q.overdue !== undefined) conds.push(eq(incidents.overdue, q.overdue === 'true'));
  if (q.from) conds.push(gte(incidents.receivedAt, new Date(q.from)));
  if (q.to) conds.push(lte(incidents.receivedAt, new Date(q.to)));
  if (q.regionCode) {
    const found = await configCache(ctx.db).regionWithAncestors(q.regionCode);
    if (!found) {
      throw IncidentErrors.INCIDENT_UNKNOWN_REGION([
        { path: 'query.regionCode', code: 'unknown', message: q.regionCode },
      ]);
    }
    const p = found.region.path;
    conds.push(sql`(${incidents.regionPath} = ${p} or ${incidents.regionPath} like ${`${p}/%`})`);
  }
  if (q.q) {
    const like = escapeLike(q.q.trim());
    conds.push(or(ilike(incidents.number, like), ilike(incidents.description, like), ilike(incidents.address, like))!);
  }
  const { items, total } = await repo.listSummaries(ctx.db, and(...conds)!, q.sort, q);
  const now = new Date();
  return { items: items.map((r) => presentSummary(r, now)), total, page: q.page, pageSize: q.pageSize };
}

/** Duplicate suggestions for the intake form: same category, ≤ 200 m (or same region), 72 h, open. */
export async function findDuplicateSuggestions(ctx: Ctx, q: DuplicateQuery): Promise<DuplicateSuggestion[]> {
  await requireAccess(ctx, 'incident.report');
  const hasPoint = q.lat !== undefined && q.lng !== undefined;
  if (!hasPoint && !q.regionCode) return [];
  const hits = await findDuplicates(
    ctx.db,
    [
      {
        categoryCode: q.categoryCode,
        lat: q.lat ?? null,
        lng: q.lng ?? null,
        regionCode: hasPoint ? null : (q.regionCode ?? null),
      },
    ],
    10,
  );
  return hits.map((h) => ({
    id: h.id,
    number: h.number,
    distanceM: h.distanceM === null ? null : Math.round(h.distanceM),
    description: h.description,
    receivedAt: h.receivedAt.toISOString(),
    status: h.status as IncidentStatus,
  }));
}
