import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });
const money = (name: string) => numeric(name, { precision: 14, scale: 2, mode: 'number' });

/** Weekly availability span and leave, as stored (contracts AvailabilitySlot / LeavePeriod). */
export interface SlotJson {
  weekday: number;
  from: string;
  to: string;
}
export interface LeaveJson {
  from: string;
  to: string;
  reason: string | null;
}

/**
 * Mediators (老乡调解员, team leaders, professional mediators). The phone is sealed like a
 * person's; `serviceRegionPath` is the record's access scope.
 */
export const mediators = pgTable(
  'mediation_mediators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    phoneEnc: bytea('phone_enc'),
    phoneIndex: text('phone_index'),
    /** GB/T 2260 code of 2, 4 or 6 digits. */
    hometownCode: text('hometown_code').notNull(),
    hometownName: text('hometown_name'),
    dialects: jsonb('dialects').$type<string[]>().notNull().default([]),
    languages: jsonb('languages').$type<string[]>().notNull().default([]),
    expertise: jsonb('expertise').$type<string[]>().notNull().default([]),
    affiliations: jsonb('affiliations').$type<string[]>().notNull().default([]),
    organizationId: uuid('organization_id'),
    organizationName: text('organization_name'),
    certificationStatus: text('certification_status').notNull().default('none'),
    certifiedUntil: day('certified_until'),
    availability: jsonb('availability').$type<SlotJson[]>().notNull().default([]),
    leaves: jsonb('leaves').$type<LeaveJson[]>().notNull().default([]),
    capacity: integer('capacity').notNull().default(3),
    serviceRegionCode: text('service_region_code').notNull(),
    serviceRegionPath: text('service_region_path').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    trainingBatchId: uuid('training_batch_id'),
    active: boolean('active').notNull().default(true),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('mediation_mediators_path_idx').using('btree', sql`${t.serviceRegionPath} text_pattern_ops`),
    index('mediation_mediators_hometown_idx').using('btree', sql`${t.hometownCode} text_pattern_ops`),
    index('mediation_mediators_batch_idx').on(t.trainingBatchId),
  ],
);

/** A community's reserve pool of hometown mediators (储备库), with the provinces it should cover. */
export const mediationPools = pgTable(
  'mediation_pools',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    name: text('name').notNull(),
    minSize: integer('min_size').notNull().default(10),
    targetProvinces: jsonb('target_provinces').$type<string[]>().notNull().default([]),
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('mediation_pools_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`)],
);

export const mediationPoolMembers = pgTable(
  'mediation_pool_members',
  {
    poolId: uuid('pool_id')
      .notNull()
      .references(() => mediationPools.id, { onDelete: 'cascade' }),
    mediatorId: uuid('mediator_id')
      .notNull()
      .references(() => mediators.id, { onDelete: 'cascade' }),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.poolId, t.mediatorId] }), index('mediation_pool_members_med_idx').on(t.mediatorId)],
);

/** Imported resident counts by community × origin province (for pool health). */
export const mediationResidentOrigins = pgTable(
  'mediation_resident_origins',
  {
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    provinceCode: text('province_code').notNull(),
    residents: integer('residents').notNull(),
    asOf: day('as_of'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.provinceCode] })],
);

export interface AgreementJson {
  terms: string[];
  amountAgreed: number | null;
  performBy: string | null;
  performance: 'pending' | 'performed' | 'partly' | 'not_performed';
  signedAt: string;
}

/**
 * A mediation case. The statutory clock lives on the row: `clockCheckAt` is the next moment the
 * sweep must look (the warning, then the deadline), null once nothing is pending.
 */
export const mediationCases = pgTable(
  'mediation_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    type: text('type').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    amount: money('amount'),
    status: text('status').notNull(),
    urgency: text('urgency').notNull().default('normal'),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    address: text('address'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    occurredOn: day('occurred_on'),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    /** The governance-centre incident this case is linked to (filed for it, or the one it came from). */
    incidentId: uuid('incident_id'),
    incidentNumber: text('incident_number'),
    crossProvince: boolean('cross_province').notNull().default(false),
    timeLimitDays: integer('time_limit_days').notNull(),
    clockStartedAt: ts('clock_started_at').notNull(),
    clockWarnAt: ts('clock_warn_at').notNull(),
    clockDueAt: ts('clock_due_at').notNull(),
    clockWarnedAt: ts('clock_warned_at'),
    clockBreachedAt: ts('clock_breached_at'),
    clockStoppedAt: ts('clock_stopped_at'),
    clockCheckAt: ts('clock_check_at'),
    agreement: jsonb('agreement').$type<AgreementJson>(),
    failureReason: text('failure_reason'),
    referral: jsonb('referral').$type<{ target: string; note: string | null; at: string }>(),
    followUp: jsonb('follow_up').$type<{ note: string; satisfied: boolean | null; at: string }>(),
    registeredAt: ts('registered_at').notNull(),
    outcomeAt: ts('outcome_at'),
    closedAt: ts('closed_at'),
    createdBy: text('created_by'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mediation_cases_number_uq').on(t.number),
    index('mediation_cases_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
    index('mediation_cases_status_idx').on(t.status, t.registeredAt),
    index('mediation_cases_incident_idx').on(t.incidentId),
    index('mediation_cases_check_idx')
      .on(t.clockCheckAt)
      .where(sql`${t.clockCheckAt} is not null`),
  ],
);

/** Parties to a case; phone and ID number sealed. */
export const mediationParties = pgTable(
  'mediation_parties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    ord: integer('ord').notNull(),
    name: text('name').notNull(),
    side: text('side').notNull(),
    role: text('role').notNull(),
    kind: text('kind').notNull().default('person'),
    hometownCode: text('hometown_code'),
    hometownName: text('hometown_name'),
    dialects: jsonb('dialects').$type<string[]>().notNull().default([]),
    phoneEnc: bytea('phone_enc'),
    phoneIndex: text('phone_index'),
    idNumberEnc: bytea('id_number_enc'),
    address: text('address'),
  },
  (t) => [index('mediation_parties_case_idx').on(t.caseId, t.ord)],
);

/** The mediators assigned to a case (one, or a panel whose first member leads). */
export const mediationCaseMediators = pgTable(
  'mediation_case_mediators',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    mediatorId: uuid('mediator_id')
      .notNull()
      .references(() => mediators.id),
    role: text('role').notNull(),
    forPartyId: uuid('for_party_id'),
    assignedAt: ts('assigned_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.mediatorId] }),
    index('mediation_case_mediators_med_idx').on(t.mediatorId),
  ],
);

export const mediationSessions = pgTable(
  'mediation_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    heldAt: ts('held_at').notNull(),
    place: text('place'),
    mediatorIds: jsonb('mediator_ids').$type<string[]>().notNull().default([]),
    attendees: text('attendees'),
    summary: text('summary').notNull(),
    nextSteps: text('next_steps'),
    recordedBy: text('recorded_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('mediation_sessions_case_idx').on(t.caseId, t.heldAt)],
);

/** The case timeline. Append-only. */
export const mediationCaseEvents = pgTable(
  'mediation_case_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('mediation_case_events_case_idx').on(t.caseId, t.seq)],
);

/** Statutory time limit per dispute type (days); types without a row use 30. */
export const mediationTimeLimits = pgTable('mediation_time_limits', {
  type: text('type').primaryKey(),
  days: integer('days').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Next case serial per year ('TJ-2026-000001'). */
export const mediationCounters = pgTable('mediation_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull().default(0),
});

/** Volunteer corps: 老乡义警, 老乡反诈团, team-leader corps. */
export const mediationCorps = pgTable(
  'mediation_corps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    description: text('description'),
    foundedOn: day('founded_on'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('mediation_corps_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`)],
);

export const mediationCorpsMembers = pgTable(
  'mediation_corps_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    corpsId: uuid('corps_id')
      .notNull()
      .references(() => mediationCorps.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    phoneEnc: bytea('phone_enc'),
    phoneIndex: text('phone_index'),
    hometownCode: text('hometown_code'),
    hometownName: text('hometown_name'),
    dialects: jsonb('dialects').$type<string[]>().notNull().default([]),
    role: text('role').notNull().default('member'),
    mediatorId: uuid('mediator_id'),
    occupation: text('occupation'),
    joinedOn: day('joined_on'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('mediation_corps_members_corps_idx').on(t.corpsId)],
);

/** Outreach activities (宣传活动) in dialect, by a corps or a community. */
export const mediationOutreach = pgTable(
  'mediation_outreach',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    corpsId: uuid('corps_id').references(() => mediationCorps.id, { onDelete: 'set null' }),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    date: day('date').notNull(),
    place: text('place').notNull(),
    audience: text('audience').notNull(),
    reached: integer('reached').notNull(),
    topic: text('topic').notNull(),
    dialect: text('dialect'),
    media: jsonb('media').$type<string[]>().notNull().default([]),
    views: integer('views'),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('mediation_outreach_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
    index('mediation_outreach_date_idx').on(t.date),
  ],
);

/** Monthly anti-fraud figures imported from the police. */
export const mediationAntiFraud = pgTable(
  'mediation_anti_fraud',
  {
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    /** 'YYYY-MM'. */
    month: text('month').notNull(),
    alerts: integer('alerts').notNull(),
    cases: integer('cases').notNull(),
    lossYuan: money('loss_yuan'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.month] })],
);

/** Team-leader training batches (Daishan's 班组长 first-line mediators). */
export const mediationTrainingBatches = pgTable(
  'mediation_training_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').notNull(),
    startDate: day('start_date').notNull(),
    endDate: day('end_date').notNull(),
    hours: doublePrecision('hours'),
    trainer: text('trainer'),
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('mediation_training_batches_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`)],
);
