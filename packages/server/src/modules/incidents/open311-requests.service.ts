import {
  INCIDENT_STATUS_NAMES_ZH,
  OPEN_INCIDENT_STATUSES,
  type ErrorDetail,
  type IncidentStatus,
} from '@zhili/contracts';
import { hasPermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { Open311Errors } from './open311.errors.ts';
import { bad, field, listField, type Open311Fields } from './open311.fields.ts';
import { parseW3cDatetime, w3cDatetime, type Open311Request, type Open311Token } from './open311.format.ts';
import * as repo from './open311.repo.ts';
import { publicBySpecification } from './open311.service.ts';
import { visibleIncidentFilter } from './visibility.ts';

/**
 * Open311 GET requests, requests/{id} and tokens/{id}: public reads (anonymous callers see every
 * incident except those of dispute categories; incident.read sees its scope), never reporter data.
 */

/** The spec's default window and page of GET requests. */
export const OPEN311_DEFAULT_DAYS = 90;
export const OPEN311_MAX_RESULTS = 1000;
const DAY_MS = 86_400_000;

/** GeoReport's two statuses: "closed — it has been resolved". A merged duplicate is closed too. */
export function open311Status(status: IncidentStatus): 'open' | 'closed' {
  return OPEN_INCIDENT_STATUSES.includes(status) ? 'open' : 'closed';
}

const CLOSED_STATUSES: readonly IncidentStatus[] = ['resolved', 'followed_up', 'closed', 'merged'];

function visibility(ctx: Ctx) {
  return hasPermission(ctx.actor, 'incident.read') ? visibleIncidentFilter(ctx.actor) : repo.PUBLIC_OPEN311_FILTER;
}

export function presentOpen311Request(r: repo.Open311RequestRow): Open311Request {
  const status = open311Status(r.status as IncidentStatus);
  const zh = INCIDENT_STATUS_NAMES_ZH[r.status as IncidentStatus] ?? r.status;
  const notes =
    r.status === 'merged' && r.mergedIntoNumber
      ? `${zh}：与 ${r.mergedIntoNumber} 重复 / duplicate of ${r.mergedIntoNumber}`
      : `${zh} / ${r.status.replace('_', ' ')}`;
  // For a closed request the spec wants the time it was closed: when it was resolved (or merged).
  const updated = status === 'closed' ? (r.resolvedAt ?? r.closedAt ?? r.updatedAt) : r.updatedAt;
  return {
    service_request_id: r.number,
    status,
    status_notes: notes,
    service_name: r.categoryName,
    service_code: r.categoryCode,
    description: r.description,
    agency_responsible: r.organizationName ?? r.assigneeRegionName,
    service_notice: null,
    requested_datetime: w3cDatetime(r.receivedAt),
    updated_datetime: w3cDatetime(updated),
    expected_datetime: r.resolveDueAt ? w3cDatetime(r.resolveDueAt) : null,
    address: r.address,
    address_id: r.regionCode,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: r.mediaUrl,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idsOf(list: string[]): { numbers: string[]; uuids: string[] } {
  return { numbers: list.filter((s) => !UUID.test(s)), uuids: list.filter((s) => UUID.test(s)) };
}

/**
 * GET requests.{format}. `service_request_id` (comma-delimited) overrides every other argument;
 * otherwise service_code and status (comma-delimited), start_date/end_date (w3c, ≤ 90 days
 * apart; the default is the most recent 90 days), newest first, at most 1,000.
 */
export async function listServiceRequests(ctx: Ctx, f: Open311Fields, now = new Date()): Promise<Open311Request[]> {
  publicBySpecification(ctx);
  const visible = visibility(ctx);
  const ids = listField(f, 'service_request_id');
  if (ids) {
    if (ids.length > OPEN311_MAX_RESULTS) {
      throw PlatformErrors.VALIDATION_FAILED([
        bad('service_request_id', `at most ${OPEN311_MAX_RESULTS} ids`, 'too_many'),
      ]);
    }
    const rows = await repo.findOpen311Requests(ctx.db, { ids: idsOf(ids), visible, limit: OPEN311_MAX_RESULTS });
    return rows.map(presentOpen311Request);
  }
  const problems: ErrorDetail[] = [];
  const dates: Partial<Record<'start_date' | 'end_date', Date>> = {};
  for (const name of ['start_date', 'end_date'] as const) {
    const text = field(f, name);
    if (text === undefined) continue;
    const d = parseW3cDatetime(text);
    if (d) dates[name] = d;
    else
      problems.push(
        bad(name, `${name} must be a w3c datetime with a time zone, e.g. 2010-01-01T00:00:00Z`, 'invalid_date'),
      );
  }
  const span = OPEN311_DEFAULT_DAYS * DAY_MS;
  const end = dates.end_date ?? (dates.start_date ? new Date(dates.start_date.getTime() + span) : now);
  const start = dates.start_date ?? new Date(end.getTime() - span);
  if (end.getTime() < start.getTime()) problems.push(bad('end_date', 'end_date is before start_date', 'invalid_range'));
  if (end.getTime() - start.getTime() > span) {
    problems.push(bad('end_date', `the range may not span more than ${OPEN311_DEFAULT_DAYS} days`, 'range_too_long'));
  }
  const statusList = listField(f, 'status');
  const wrong = statusList?.filter((s) => s !== 'open' && s !== 'closed') ?? [];
  if (wrong.length)
    problems.push(bad('status', `status must be open or closed, not ${wrong.join(', ')}`, 'invalid_status'));
  if (problems.length) throw PlatformErrors.VALIDATION_FAILED(problems);
  const statuses = statusList && [
    ...(statusList.includes('open') ? OPEN_INCIDENT_STATUSES : []),
    ...(statusList.includes('closed') ? CLOSED_STATUSES : []),
  ];
  const rows = await repo.findOpen311Requests(ctx.db, {
    serviceCodes: listField(f, 'service_code'),
    // end_date is inclusive in the spec's wording ("latest datetime to include").
    from: start,
    to: new Date(end.getTime() + 1),
    statuses,
    visible,
    limit: OPEN311_MAX_RESULTS,
  });
  return rows.map(presentOpen311Request);
}

/** GET requests/{id}.{format}: by readable number (what we hand out) or by id. */
export async function getServiceRequest(ctx: Ctx, id: string): Promise<Open311Request[]> {
  publicBySpecification(ctx);
  const rows = await repo.findOpen311Requests(ctx.db, { ids: idsOf([id]), visible: visibility(ctx), limit: 1 });
  if (rows.length === 0)
    throw Open311Errors.OPEN311_REQUEST_NOT_FOUND([bad('service_request_id', `${id} not found`, 'not_found')]);
  return rows.map(presentOpen311Request);
}

/**
 * GET tokens/{token}.{format}. Our services are realtime, so POST never hands out tokens; a
 * client that asks anyway may use the request's id or number as its own token.
 */
export async function tokenLookup(ctx: Ctx, token: string): Promise<Open311Token[]> {
  publicBySpecification(ctx);
  const rows = await repo.findOpen311Requests(ctx.db, { ids: idsOf([token]), visible: visibility(ctx), limit: 1 });
  const row = rows[0];
  if (!row) throw Open311Errors.OPEN311_TOKEN_NOT_FOUND([bad('token', `${token} not found`, 'not_found')]);
  return [{ service_request_id: row.number, token }];
}
