import {
  IncidentIntake,
  OPEN_INCIDENT_STATUSES,
  INCIDENT_STATUS_NAMES_ZH,
  type ErrorDetail,
  type IncidentStatus,
  type ServiceAttribute,
} from '@zhili/contracts';
import { hasPermission, requireAccess } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { PlatformErrors, defineErrors } from '../../platform/errors.ts';
import * as configRepo from './config.repo.ts';
import { submitIncident } from './intake.service.ts';
import {
  isOpen311Format,
  parseW3cDatetime,
  w3cDatetime,
  type Open311Attribute,
  type Open311Created,
  type Open311Discovery,
  type Open311Format,
  type Open311Request,
  type Open311Service,
  type Open311ServiceDefinition,
  type Open311Token,
} from './open311.format.ts';
import * as repo from './open311.repo.ts';
import { visibleIncidentFilter } from './visibility.ts';

/**
 * Open311 GeoReport v2 over the incidents module. Reads are public (the spec's "Requires API
 * Key: No"); anonymous callers see every incident except those of dispute categories, a key or
 * session with incident.read sees its scope. Reporter data is never selected. A POST needs an
 * API key holding incident.report and creates the incident synchronously ("realtime" services):
 * the reply carries the readable number as service_request_id, never a token.
 */
export const Open311Errors = defineErrors({
  OPEN311_FORMAT_UNKNOWN: {
    status: 404,
    zh: '不支持的格式，请使用 .json 或 .xml',
    en: 'Unknown format; use .json or .xml',
  },
  OPEN311_SERVICE_NOT_FOUND: { status: 404, zh: '服务类型（事件类别）不存在', en: 'service_code not found' },
  OPEN311_REQUEST_NOT_FOUND: { status: 404, zh: '服务请求不存在', en: 'service_request_id not found' },
  OPEN311_TOKEN_NOT_FOUND: { status: 404, zh: '令牌不存在', en: 'token not found' },
});

/** The spec's default window and page of GET requests. */
export const OPEN311_DEFAULT_DAYS = 90;
export const OPEN311_MAX_RESULTS = 1000;
const DAY_MS = 86_400_000;

export type Open311Fields = Record<string, string | string[] | undefined>;

/** GET endpoints are public by the specification: the explicit no-op names that decision. */
function publicBySpecification(_ctx: Ctx): void {}

export function requireFormat(format: string): Open311Format {
  if (!isOpen311Format(format)) {
    throw Open311Errors.OPEN311_FORMAT_UNKNOWN([{ path: 'format', code: 'unknown_format', message: format }]);
  }
  return format;
}

/** A single-valued field; repeated keys keep the first, empty strings count as absent (spec: "Optional Arguments"). */
function field(f: Open311Fields, name: string): string | undefined {
  const v = f[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

/** Comma-delimited (and repeated) values of a list field. */
function listField(f: Open311Fields, name: string): string[] | undefined {
  const v = f[name];
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

function bad(path: string, message: string, code = 'invalid'): ErrorDetail {
  return { path, code, message };
}

// ── discovery and services ────────────────────────────────────────────────────────────────────

export async function discovery(ctx: Ctx, endpointUrl: string): Promise<Open311Discovery> {
  publicBySpecification(ctx);
  const changed = (await configRepo.lastCategoryChange(ctx.db)) ?? new Date(0);
  const changeset = w3cDatetime(changed);
  return {
    changeset,
    contact:
      '社会治理中心 zhili social governance centre — 请联系本系统管理员 / contact the administrator of this server',
    key_service:
      '向系统管理员申请具有 incident.report 权限的 API 密钥（/api/apikeys）/ ask the administrator for an API key with incident.report (/api/apikeys)',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: endpointUrl,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

export async function listServices(ctx: Ctx): Promise<Open311Service[]> {
  publicBySpecification(ctx);
  return (await configRepo.activeCategories(ctx.db)).map((c) => ({
    service_code: c.code,
    service_name: c.nameZh,
    description: c.description,
    metadata: (c.attributes as ServiceAttribute[]).length > 0,
    type: 'realtime',
    keywords: c.keywords.join(', '),
    group: c.groupName,
  }));
}

async function activeCategory(ctx: Ctx, code: string): Promise<configRepo.CategoryRow> {
  const row = await configRepo.findCategory(ctx.db, code);
  if (!row || !row.active) {
    throw Open311Errors.OPEN311_SERVICE_NOT_FOUND([bad('service_code', `service_code ${code} not found`, 'not_found')]);
  }
  return row;
}

export async function serviceDefinition(ctx: Ctx, code: string): Promise<Open311ServiceDefinition> {
  publicBySpecification(ctx);
  const row = await activeCategory(ctx, code);
  const attributes: Open311Attribute[] = [...(row.attributes as ServiceAttribute[])]
    .sort((a, b) => a.order - b.order)
    .map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription,
      order: a.order,
      description: a.description,
      values: a.values.map((v) => ({ key: v.key, name: v.name })),
    }));
  return { service_code: row.code, attributes };
}

// ── POST requests ─────────────────────────────────────────────────────────────────────────────

/** `attribute[code]=v` and `attribute[code][]=v` (repeatable) → values by code. */
export function attributeValues(f: Open311Fields): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(f)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!m?.[1] || raw === undefined) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => v.trim()).filter((v) => v !== '');
    out.set(m[1], [...(out.get(m[1]) ?? []), ...values]);
  }
  return out;
}

/** Checks attribute values against the service definition; returns the intake's attribute map. */
export function checkAttributes(
  defs: readonly ServiceAttribute[],
  given: Map<string, string[]>,
  problems: ErrorDetail[],
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const byCode = new Map(defs.map((d) => [d.code, d]));
  for (const code of given.keys()) {
    if (!byCode.get(code)?.variable)
      problems.push(bad(`attribute[${code}]`, `unknown attribute ${code}`, 'unknown_attribute'));
  }
  for (const d of defs) {
    if (!d.variable) continue;
    const at = `attribute[${d.code}]`;
    const values = given.get(d.code) ?? [];
    if (values.length === 0) {
      if (d.required) problems.push(bad(at, `required attribute ${d.code} is missing`, 'required'));
      continue;
    }
    if (d.datatype !== 'multivaluelist' && values.length > 1) {
      problems.push(bad(at, `attribute ${d.code} takes one value`, 'single_value'));
      continue;
    }
    const keys = new Set(d.values.map((v) => v.key));
    const first = values[0] ?? '';
    if (d.datatype === 'singlevaluelist' || d.datatype === 'multivaluelist') {
      const wrong = values.filter((v) => !keys.has(v));
      if (wrong.length) problems.push(bad(at, `not a value of ${d.code}: ${wrong.join(', ')}`, 'not_in_list'));
    } else if (d.datatype === 'number' && !Number.isFinite(Number(first))) {
      problems.push(bad(at, `attribute ${d.code} must be a number`, 'not_a_number'));
    } else if (d.datatype === 'datetime' && Number.isNaN(Date.parse(first))) {
      problems.push(bad(at, `attribute ${d.code} must be an ISO 8601 datetime`, 'not_a_datetime'));
    } else if (d.datatype === 'string' && /[\r\n]/.test(first)) {
      problems.push(bad(at, `attribute ${d.code} is a single line`, 'line_break'));
    }
    out[d.code] = d.datatype === 'multivaluelist' ? values : first;
  }
  return out;
}

/** Family name first for Chinese names (张 + 三 = 张三), "given family" otherwise. */
function fullName(first: string | undefined, last: string | undefined): string | null {
  if (!first && !last) return null;
  if (!first || !last) return (first ?? last) as string;
  return /[\u3400-\u9fff]/.test(first + last) ? `${last}${first}` : `${first} ${last}`;
}

/** Our intake field → the Open311 argument a client sent, for error paths. */
const INTAKE_FIELD: Record<string, string> = {
  description: 'description',
  'location.lat': 'lat',
  'location.lng': 'long',
  'location.address': 'address_string',
  'location.regionCode': 'address_id',
  'reporter.name': 'first_name',
  'reporter.phone': 'phone',
  'reporter.email': 'email',
  mediaUrl: 'media_url',
};

/**
 * POST requests.{format}: files an incident through the one-window intake (channel open311).
 * Needs an API key with incident.report; the location is lat+long, address_string or address_id
 * (a region code of ours — a grid or community — is taken as the location's region).
 */
export async function createServiceRequest(ctx: Ctx, f: Open311Fields): Promise<Open311Created[]> {
  // Without a key the caller is anonymous: the routes answer UNAUTHENTICATED with the spec's 403.
  await requireAccess(ctx, 'incident.report');
  const serviceCode = field(f, 'service_code');
  if (!serviceCode)
    throw PlatformErrors.VALIDATION_FAILED([bad('service_code', 'service_code is required', 'required')]);
  const category = await activeCategory(ctx, serviceCode);
  const problems: ErrorDetail[] = [];
  const latText = field(f, 'lat');
  const longText = field(f, 'long');
  const addressString = field(f, 'address_string');
  const addressId = field(f, 'address_id');
  if ((latText === undefined) !== (longText === undefined)) {
    problems.push(bad(latText === undefined ? 'lat' : 'long', 'lat and long must be sent together', 'required'));
  }
  const lat = latText === undefined ? null : Number(latText);
  const lng = longText === undefined ? null : Number(longText);
  if (lat !== null && !Number.isFinite(lat)) problems.push(bad('lat', 'lat must be a number', 'not_a_number'));
  if (lng !== null && !Number.isFinite(lng)) problems.push(bad('long', 'long must be a number', 'not_a_number'));
  if (latText === undefined && longText === undefined && !addressString && !addressId) {
    problems.push(bad('lat', 'a location is required: lat & long, address_string or address_id', 'location_required'));
  }
  const regionCode =
    addressId && (await configRepo.regionsByCode(ctx.db, [addressId])).has(addressId) ? addressId : null;
  const attributes = checkAttributes(category.attributes as ServiceAttribute[], attributeValues(f), problems);
  const name = fullName(field(f, 'first_name'), field(f, 'last_name'));
  const phone = field(f, 'phone') ?? null;
  const email = field(f, 'email') ?? null;
  const parsed = IncidentIntake.safeParse({
    categoryCode: category.code,
    description: field(f, 'description') ?? category.nameZh,
    location: {
      address: addressString ?? (addressId && !regionCode ? addressId : null),
      lat: Number.isFinite(lat) ? lat : null,
      lng: Number.isFinite(lng) ? lng : null,
      regionCode,
    },
    reporter: { name, phone, email, anonymous: name === null && phone === null && email === null },
    channel: 'open311',
    attributes,
    mediaUrl: field(f, 'media_url') ?? null,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      problems.push(bad(INTAKE_FIELD[path] ?? path, issue.message, issue.code));
    }
  }
  if (problems.length > 0 || !parsed.success) throw PlatformErrors.VALIDATION_FAILED(problems);
  const receipt = await submitIncident(ctx, parsed.data);
  return [
    {
      service_request_id: receipt.number,
      service_notice: `已受理，编号 ${receipt.number}${receipt.trackingCode ? `，查询码 ${receipt.trackingCode}（请转告反映人，用于查询和评价）` : ''} / Received as ${receipt.number}${receipt.trackingCode ? `; tracking code ${receipt.trackingCode} (give it to the reporter to follow and rate the request)` : ''}`,
      // The reporter's account in the client's system is theirs to keep; we echo nothing personal.
      account_id: null,
    },
  ];
}

// ── GET requests ──────────────────────────────────────────────────────────────────────────────

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
