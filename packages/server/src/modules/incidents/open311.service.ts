import { IncidentIntake, type ErrorDetail, type ServiceAttribute } from '@zhili/contracts';
import { requireAccess } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import * as configRepo from './config.repo.ts';
import { submitIncident } from './intake.service.ts';
import { Open311Errors } from './open311.errors.ts';
import { attributeValues, bad, checkAttributes, field, fullName, type Open311Fields } from './open311.fields.ts';
import {
  isOpen311Format,
  w3cDatetime,
  type Open311Attribute,
  type Open311Created,
  type Open311Discovery,
  type Open311Format,
  type Open311Service,
  type Open311ServiceDefinition,
} from './open311.format.ts';

/**
 * Open311 GeoReport v2 over the incidents module. Reads are public (the spec's "Requires API
 * Key: No"); anonymous callers see every incident except those of dispute categories, a key or
 * session with incident.read sees its scope. Reporter data is never selected. A POST needs an
 * API key holding incident.report and creates the incident synchronously ("realtime" services):
 * the reply carries the readable number as service_request_id, never a token. The GET side of
 * requests and tokens is in open311-requests.service.ts.
 */

/** GET endpoints are public by the specification: the explicit no-op names that decision. */
export function publicBySpecification(_ctx: Ctx): void {}

export function requireFormat(format: string): Open311Format {
  if (!isOpen311Format(format)) {
    throw Open311Errors.OPEN311_FORMAT_UNKNOWN([{ path: 'format', code: 'unknown_format', message: format }]);
  }
  return format;
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
