import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A category of incident; published as an Open311 service (`code` = service_code). */
export const incidentCategories = pgTable('incident_categories', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  description: text('description').notNull().default(''),
  groupName: text('group_name').notNull().default(''),
  groupNameEn: text('group_name_en').notNull().default(''),
  keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
  handlingLevel: text('handling_level').notNull(),
  defaultOrganizationId: uuid('default_organization_id'),
  onSiteRequired: boolean('on_site_required').notNull().default(true),
  defaultPriority: text('default_priority').notNull().default('normal'),
  dispute: boolean('dispute').notNull().default(false),
  /** ClockTargets per priority (contracts). */
  clocks: jsonb('clocks').$type<Record<string, unknown>>().notNull().default({}),
  /** Open311 attributes (contracts ServiceAttribute[]). */
  attributes: jsonb('attributes').$type<unknown[]>().notNull().default([]),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** category × region → handling unit. */
export const dispatchRules = pgTable(
  'dispatch_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    categoryCode: text('category_code'),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    handlingLevel: text('handling_level').notNull(),
    organizationId: uuid('organization_id'),
    autoDispatch: boolean('auto_dispatch').notNull().default(true),
    order: integer('order').notNull().default(100),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('dispatch_rules_category_idx').on(t.categoryCode)],
);

/** Working hours and holidays for deadlines counted in working time. */
export const workingCalendars = pgTable('working_calendars', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  hours: jsonb('hours').$type<Record<string, string[]>>().notNull(),
  holidays: jsonb('holidays').$type<string[]>().notNull().default([]),
  extraWorkdays: jsonb('extra_workdays').$type<string[]>().notNull().default([]),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Region outlines (GeoJSON Polygon/MultiPolygon, WGS-84) for point-in-polygon and the map. */
export const regionOutlines = pgTable('region_outlines', {
  regionCode: text('region_code').primaryKey(),
  geometry: jsonb('geometry').$type<Record<string, unknown>>().notNull(),
  minLat: doublePrecision('min_lat').notNull(),
  minLng: doublePrecision('min_lng').notNull(),
  maxLat: doublePrecision('max_lat').notNull(),
  maxLng: doublePrecision('max_lng').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Number prefix of a region's incidents ('LG' for 龙港); the nearest ancestor's applies. */
export const incidentPrefixes = pgTable('incident_prefixes', {
  regionCode: text('region_code').primaryKey(),
  prefix: text('prefix').notNull(),
});

/** Next serial per prefix and year, taken a block at a time by the intake batch. */
export const incidentCounters = pgTable(
  'incident_counters',
  {
    prefix: text('prefix').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.year] })],
);

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull(),
    categoryCode: text('category_code').notNull(),
    description: text('description').notNull(),
    address: text('address'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** The resolved grid or community. */
    regionCode: text('region_code'),
    regionPath: text('region_path'),
    reporterAccountId: uuid('reporter_account_id'),
    reporterNameEnc: bytea('reporter_name_enc'),
    reporterPhoneEnc: bytea('reporter_phone_enc'),
    reporterPhoneIndex: text('reporter_phone_index'),
    reporterEmailEnc: bytea('reporter_email_enc'),
    anonymous: boolean('anonymous').notNull().default(false),
    /** SHA-256 of the tracking code handed to the reporter. */
    trackingHash: text('tracking_hash').notNull(),
    priority: text('priority').notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    /** Status to go back to on resume. */
    statusBeforeHold: text('status_before_hold'),
    version: integer('version').notNull().default(1),
    handlingLevel: text('handling_level').notNull(),
    assigneeOrganizationId: uuid('assignee_organization_id'),
    assigneeRegionCode: text('assignee_region_code'),
    assigneeRegionPath: text('assignee_region_path'),
    assigneeAccountId: uuid('assignee_account_id'),
    escalationLevel: smallint('escalation_level').notNull().default(0),
    mergedIntoId: uuid('merged_into_id'),
    sourceRef: text('source_ref'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    mediaUrl: text('media_url'),
    satisfaction: smallint('satisfaction'),
    feedback: text('feedback'),
    /** Earliest pending deadline among running clocks (board sort and overdue filter). */
    nextDueAt: ts('next_due_at'),
    overdue: boolean('overdue').notNull().default(false),
    receivedAt: ts('received_at').notNull(),
    respondedAt: ts('responded_at'),
    dispatchedAt: ts('dispatched_at'),
    acceptedAt: ts('accepted_at'),
    onSiteAt: ts('on_site_at'),
    resolvedAt: ts('resolved_at'),
    /** Level of the unit that resolved it (for the "settled locally" share). */
    resolvedLevel: text('resolved_level'),
    followedUpAt: ts('followed_up_at'),
    closedAt: ts('closed_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('incidents_number_uq').on(t.number),
    // Nullable keys are indexed only where set: most intakes carry none, and every index entry
    // is work on the intake's hot path.
    uniqueIndex('incidents_source_ref_uq')
      .on(t.channel, t.sourceRef)
      .where(sql`${t.sourceRef} is not null`),
    index('incidents_region_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
    index('incidents_assignee_path_idx').using('btree', sql`${t.assigneeRegionPath} text_pattern_ops`),
    index('incidents_status_idx').on(t.status, t.receivedAt),
    index('incidents_received_idx').on(t.receivedAt),
    index('incidents_category_idx').on(t.categoryCode, t.receivedAt),
    index('incidents_assignee_org_idx')
      .on(t.assigneeOrganizationId)
      .where(sql`${t.assigneeOrganizationId} is not null`),
    index('incidents_assignee_account_idx')
      .on(t.assigneeAccountId)
      .where(sql`${t.assigneeAccountId} is not null`),
    index('incidents_reporter_idx')
      .on(t.reporterAccountId)
      .where(sql`${t.reporterAccountId} is not null`),
    // Duplicate suggestions at intake: same category in the same grid, or within a latitude band.
    index('incidents_dup_region_idx').on(t.categoryCode, t.regionCode, t.receivedAt),
    index('incidents_dup_geo_idx')
      .on(t.categoryCode, t.lat)
      .where(sql`${t.lat} is not null`),
  ],
);

/** The timeline: every transition with actor and time. Append-only. */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: uuid('incident_id').notNull(),
    at: ts('at').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.id)],
);

/**
 * SLA clocks. `checkAt` is the next moment the sweeper must look at the clock (the warning,
 * then the deadline); null once nothing is pending. The partial index keeps the sweep's scan
 * to due rows only, however many incidents are open.
 */
export const incidentClocks = pgTable(
  'incident_clocks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: uuid('incident_id').notNull(),
    kind: text('kind').notNull(),
    /** For report_in clocks: the summoned department. */
    organizationId: uuid('organization_id'),
    state: text('state').notNull(),
    calendar: text('calendar'),
    startedAt: ts('started_at').notNull(),
    warnAt: ts('warn_at'),
    dueAt: ts('due_at'),
    checkAt: ts('check_at'),
    warnedAt: ts('warned_at'),
    breachedAt: ts('breached_at'),
    metAt: ts('met_at'),
    /** Remaining target while paused (elapsed or working ms). */
    remainingMs: integer('remaining_ms'),
    targetMs: integer('target_ms').notNull(),
  },
  (t) => [
    index('incident_clocks_incident_idx').on(t.incidentId),
    index('incident_clocks_check_idx')
      .on(t.checkAt)
      .where(sql`${t.checkAt} is not null`),
  ],
);

/** 吹哨: a joint order summoning several departments to one incident. */
export const incidentJointOrders = pgTable(
  'incident_joint_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id').notNull(),
    note: text('note').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('incident_joint_orders_incident_idx').on(t.incidentId)],
);

export const incidentJointOrderMembers = pgTable(
  'incident_joint_order_members',
  {
    orderId: uuid('order_id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    state: text('state').notNull().default('summoned'),
    deadlineAt: ts('deadline_at').notNull(),
    reportedAt: ts('reported_at'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.organizationId] })],
);
