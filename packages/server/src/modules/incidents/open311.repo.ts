import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../platform/db/pool.ts';
import { incidentCategories, incidents, organizations, regions } from '../../platform/db/schema.ts';

/** SQL of the Open311 request views. Never selects reporter columns: they must not leak. */

export interface Open311RequestRow {
  id: string;
  number: string;
  status: string;
  categoryCode: string;
  categoryName: string;
  description: string;
  address: string | null;
  regionCode: string | null;
  lat: number | null;
  lng: number | null;
  mediaUrl: string | null;
  receivedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  mergedIntoNumber: string | null;
  organizationName: string | null;
  assigneeRegionName: string | null;
  /** Deadline of the latest resolve clock. */
  resolveDueAt: Date | null;
}

export interface Open311RequestFilter {
  /** Readable numbers or ids; when given, the other filters are ignored (the spec's rule). */
  ids?: { numbers: string[]; uuids: string[] };
  serviceCodes?: string[];
  from?: Date;
  to?: Date;
  statuses?: readonly string[];
  /** The caller's visibility (visibleIncidentFilter or the public rule). */
  visible: SQL;
  limit: number;
}

const merged = alias(incidents, 'merged_into');

/** A Date from a raw-SQL timestamp, which node-postgres may hand back as a string. */
function toDate(v: Date | string | null): Date | null {
  return v === null ? null : v instanceof Date ? v : new Date(v);
}

export async function findOpen311Requests(db: Tx, f: Open311RequestFilter): Promise<Open311RequestRow[]> {
  const conds: SQL[] = [f.visible];
  if (f.ids) {
    const byId: SQL[] = [];
    if (f.ids.numbers.length) byId.push(inArray(incidents.number, f.ids.numbers));
    if (f.ids.uuids.length) byId.push(inArray(incidents.id, f.ids.uuids));
    conds.push(or(...byId) ?? sql`false`);
  } else {
    if (f.serviceCodes?.length) conds.push(inArray(incidents.categoryCode, f.serviceCodes));
    if (f.from) conds.push(gte(incidents.receivedAt, f.from));
    if (f.to) conds.push(lt(incidents.receivedAt, f.to));
    if (f.statuses) conds.push(f.statuses.length ? inArray(incidents.status, [...f.statuses]) : sql`false`);
  }
  const rows = await db
    .select({
      id: incidents.id,
      number: incidents.number,
      status: incidents.status,
      categoryCode: incidents.categoryCode,
      categoryName: incidentCategories.nameZh,
      description: incidents.description,
      address: incidents.address,
      regionCode: incidents.regionCode,
      lat: incidents.lat,
      lng: incidents.lng,
      mediaUrl: incidents.mediaUrl,
      receivedAt: incidents.receivedAt,
      updatedAt: incidents.updatedAt,
      resolvedAt: incidents.resolvedAt,
      closedAt: incidents.closedAt,
      mergedIntoNumber: merged.number,
      organizationName: organizations.name,
      assigneeRegionName: regions.name,
      resolveDueAt: sql<Date | string | null>`(select c.due_at from incident_clocks c
        where c.incident_id = ${incidents.id} and c.kind = 'resolve' order by c.id desc limit 1)`,
    })
    .from(incidents)
    .innerJoin(incidentCategories, eq(incidentCategories.code, incidents.categoryCode))
    .leftJoin(merged, eq(merged.id, incidents.mergedIntoId))
    .leftJoin(organizations, eq(organizations.id, incidents.assigneeOrganizationId))
    .leftJoin(regions, eq(regions.code, incidents.assigneeRegionCode))
    .where(and(...conds))
    // received_at desc walks incidents_received_idx and stops at the limit.
    .orderBy(desc(incidents.receivedAt))
    .limit(f.limit);
  return rows.map((r) => ({ ...r, resolveDueAt: toDate(r.resolveDueAt) }));
}

/**
 * The anonymous public view: everything but incidents of dispute categories, which concern
 * private parties. Refers to the categories table joined by {@link findOpen311Requests}.
 */
export const PUBLIC_OPEN311_FILTER: SQL = eq(incidentCategories.dispute, false);
