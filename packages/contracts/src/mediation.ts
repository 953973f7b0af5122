import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';
import { RegionCode } from './regions.ts';

/**
 * HTTP contracts of `/api/mediation` (hometown mediation 老乡调解 and first-line mediators):
 * mediators, reserve pools, cases, matching, batch assignment, volunteer corps, outreach,
 * anti-fraud statistics, team-leader training and statistics.
 *
 * Routes (R = mediation.read, W = mediation.write, M = mediation.manage; scope = the record's region):
 * - GET  /api/mediation/mediators  MediatorListQuery → MediatorPage (R) · POST MediatorCreate → 201 Mediator (W)
 * - GET  /api/mediation/mediators/:id → Mediator (R) · PATCH MediatorUpdate → Mediator (W)
 * - GET  /api/mediation/pools PoolListQuery → PoolPage (R) · POST PoolCreate → 201 Pool (M)
 * - GET  /api/mediation/pools/:id → PoolDetail (R) · PATCH PoolUpdate → Pool (M)
 * - POST /api/mediation/pools/:id/members PoolMembersInput → PoolDetail (W)
 * - GET  /api/mediation/pool-health PoolHealthQuery → PoolHealthList (R)
 * - GET  /api/mediation/resident-origins ResidentOriginQuery → ResidentOriginPage (R)
 * - POST /api/mediation/resident-origins/import text/csv → MediationImportResult (M)
 * - GET  /api/mediation/cases CaseListQuery → CasePage (R) · POST CaseCreate → 201 CaseDetail (W)
 * - GET  /api/mediation/cases/:id → CaseDetail (R) · PATCH CaseUpdate → CaseDetail (W)
 * - POST /api/mediation/cases/:id/transitions CaseTransition → CaseDetail (W)
 * - POST /api/mediation/cases/:id/sessions SessionCreate → 201 CaseDetail (W)
 * - POST /api/mediation/cases/:id/assign CaseAssign → CaseDetail (W)
 * - GET  /api/mediation/cases/:id/matches MatchQuery → MatchPanel (R)
 * - GET  /api/mediation/cases/:id/documents/agreement.pdf → application/pdf 调解协议书 (R)
 * - GET  /api/mediation/cases/:id/documents/judicial-confirmation.pdf → application/pdf 司法确认申请书 (R)
 * - POST /api/mediation/assignments/plan AssignmentPlanInput → AssignmentPlan (M)
 * - POST /api/mediation/assignments/apply AssignmentApply → AssignmentApplied (M)
 * - GET  /api/mediation/time-limits → TimeLimitList (R) · PUT TimeLimitsInput → TimeLimitList (M)
 * - GET  /api/mediation/corps CorpsListQuery → CorpsPage (R) · POST CorpsCreate → 201 Corps (M)
 * - GET  /api/mediation/corps/:id → CorpsDetail (R) · PATCH CorpsUpdate → Corps (M)
 * - POST /api/mediation/corps/:id/members CorpsMemberCreate → 201 CorpsMember (W)
 * - GET  /api/mediation/outreach OutreachListQuery → OutreachPage (R) · POST OutreachCreate → 201 Outreach (W)
 * - GET  /api/mediation/anti-fraud AntiFraudQuery → AntiFraudTrend (R)
 * - POST /api/mediation/anti-fraud/import text/csv → MediationImportResult (M)
 * - GET  /api/mediation/training-batches TrainingBatchListQuery → TrainingBatchPage (R) · POST TrainingBatchCreate → 201 TrainingBatch (M)
 * - GET  /api/mediation/training-batches/:id/leaders PageQuery → TeamLeaderPage (R)
 * - GET  /api/mediation/stats MediationStatsQuery → MediationStats (R)
 */

// ── shared vocabularies ──────────────────────────────────────────────────────────────────────

/** GB/T 2260 hometown code: province (2 digits, '34' 安徽), city (4, '3412') or county (6, '341221'). */
export const HometownCode = z.string().regex(/^\d{2}(\d{2}(\d{2})?)?$/, 'GB/T 2260 code of 2, 4 or 6 digits');

/** A hometown as shown: the code split into levels, with names where known. */
export const Hometown = z.object({
  code: z.string(),
  provinceCode: z.string(),
  provinceName: z.string().nullable(),
  cityCode: z.string().nullable(),
  countyCode: z.string().nullable(),
  /** The full place name as entered or resolved ('安徽省阜阳市临泉县'). */
  name: z.string().nullable(),
});
export type Hometown = z.infer<typeof Hometown>;

/** Dispute types; also a mediator's fields of expertise. */
export const MEDIATION_TYPES = [
  'labour_injury',
  'wage_arrears',
  'labour_contract',
  'neighbour',
  'family',
  'tenancy',
  'traffic',
  'contract',
  'consumer',
  'property',
  'other',
] as const;
export const MediationType = z.enum(MEDIATION_TYPES);
export type MediationType = z.infer<typeof MediationType>;
export const MEDIATION_TYPE_NAMES_ZH: Record<MediationType, string> = {
  labour_injury: '工伤纠纷',
  wage_arrears: '欠薪纠纷',
  labour_contract: '劳动合同纠纷',
  neighbour: '邻里纠纷',
  family: '婚姻家庭纠纷',
  tenancy: '房屋租赁纠纷',
  traffic: '交通事故纠纷',
  contract: '合同纠纷',
  consumer: '消费纠纷',
  property: '物业纠纷',
  other: '其他纠纷',
};

/** Who the mediator serves with. */
export const AFFILIATIONS = [
  'chamber_of_commerce',
  'reserve_pool',
  'team_leader',
  'professional',
  'police_volunteer',
] as const;
export const Affiliation = z.enum(AFFILIATIONS);
export type Affiliation = z.infer<typeof Affiliation>;
export const AFFILIATION_NAMES_ZH: Record<Affiliation, string> = {
  chamber_of_commerce: '异地商会',
  reserve_pool: '社区储备库',
  team_leader: '企业班组长',
  professional: '专职人民调解员',
  police_volunteer: '老乡义警',
};

export const CERTIFICATION_STATUSES = ['none', 'in_training', 'certified', 'expired', 'revoked'] as const;
export const CertificationStatus = z.enum(CERTIFICATION_STATUSES);
export type CertificationStatus = z.infer<typeof CertificationStatus>;
export const CERTIFICATION_STATUS_NAMES_ZH: Record<CertificationStatus, string> = {
  none: '未培训',
  in_training: '培训中',
  certified: '已持证',
  expired: '证书过期',
  revoked: '已撤销',
};

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const Words = z.array(z.string().trim().min(1).max(40)).max(20);

/** A weekly availability span (1 = Monday … 7 = Sunday). */
export const AvailabilitySlot = z.strictObject({
  weekday: z.number().int().min(1).max(7),
  from: HHMM,
  to: HHMM,
});
export type AvailabilitySlot = z.infer<typeof AvailabilitySlot>;

/** A leave: inclusive dates. */
export const LeavePeriod = z.strictObject({
  from: DateOnly,
  to: DateOnly,
  reason: z.string().max(200).nullable().default(null),
});
export type LeavePeriod = z.infer<typeof LeavePeriod>;

// ── mediators ────────────────────────────────────────────────────────────────────────────────

export const MediatorCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** Mobile number; stored encrypted, shown masked unless the caller holds pii.read. */
  phone: z
    .string()
    .regex(/^1\d{10}$/, 'invalid mobile number')
    .nullable()
    .default(null),
  hometownCode: HometownCode,
  /** Place name of the hometown, e.g. '安徽省阜阳市临泉县'; the province name is filled in when absent. */
  hometownName: z.string().trim().max(100).nullable().default(null),
  /** Dialects spoken ('皖北话', '赣南客家话'). */
  dialects: Words.default([]),
  /** Languages ('普通话', '壮语'). */
  languages: Words.default(['普通话']),
  expertise: z.array(MediationType).max(MEDIATION_TYPES.length).default([]),
  affiliations: z.array(Affiliation).max(AFFILIATIONS.length).default([]),
  /** The chamber of commerce or company, when any. */
  organizationId: z.string().uuid().nullable().default(null),
  /** Company or chamber name as free text (team leaders' employers need not be registered). */
  organizationName: z.string().trim().max(200).nullable().default(null),
  certificationStatus: CertificationStatus.default('none'),
  certifiedUntil: DateOnly.nullable().default(null),
  availability: z.array(AvailabilitySlot).max(50).default([]),
  leaves: z.array(LeavePeriod).max(50).default([]),
  /** Open cases at most. */
  capacity: z.number().int().min(0).max(100).default(3),
  /** The street or community the mediator serves: also the record's access scope. */
  serviceRegionCode: RegionCode,
  lat: z.number().min(-90).max(90).nullable().default(null),
  lng: z.number().min(-180).max(180).nullable().default(null),
  /** Team leaders: the training batch they came from. */
  trainingBatchId: z.string().uuid().nullable().default(null),
  active: z.boolean().default(true),
  note: z.string().max(2000).nullable().default(null),
});
export type MediatorCreate = z.infer<typeof MediatorCreate>;

/** Fields to change (absent = unchanged). `version` guards against overwriting someone else's edit. */
export const MediatorUpdate = z.strictObject({
  version: z.number().int().min(1),
  name: MediatorCreate.shape.name.optional(),
  phone: z
    .string()
    .regex(/^1\d{10}$/)
    .nullable()
    .optional(),
  hometownCode: HometownCode.optional(),
  hometownName: z.string().trim().max(100).nullable().optional(),
  dialects: Words.optional(),
  languages: Words.optional(),
  expertise: z.array(MediationType).max(MEDIATION_TYPES.length).optional(),
  affiliations: z.array(Affiliation).max(AFFILIATIONS.length).optional(),
  organizationId: z.string().uuid().nullable().optional(),
  organizationName: z.string().trim().max(200).nullable().optional(),
  certificationStatus: CertificationStatus.optional(),
  certifiedUntil: DateOnly.nullable().optional(),
  availability: z.array(AvailabilitySlot).max(50).optional(),
  leaves: z.array(LeavePeriod).max(50).optional(),
  capacity: z.number().int().min(0).max(100).optional(),
  serviceRegionCode: RegionCode.optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  trainingBatchId: z.string().uuid().nullable().optional(),
  active: z.boolean().optional(),
  note: z.string().max(2000).nullable().optional(),
});
export type MediatorUpdate = z.infer<typeof MediatorUpdate>;

export const Mediator = z.object({
  id: z.string().uuid(),
  name: z.string(),
  /** Masked (`138****1234`) unless the caller holds pii.read. */
  phone: z.string().nullable(),
  hometown: Hometown,
  dialects: z.array(z.string()),
  languages: z.array(z.string()),
  expertise: z.array(MediationType),
  affiliations: z.array(Affiliation),
  organizationId: z.string().uuid().nullable(),
  organizationName: z.string().nullable(),
  certificationStatus: CertificationStatus,
  certifiedUntil: z.string().nullable(),
  /** True when certified and the certificate has not expired today. */
  certified: z.boolean(),
  availability: z.array(AvailabilitySlot),
  leaves: z.array(LeavePeriod),
  capacity: z.number().int(),
  openCases: z.number().int(),
  /** Cases ended (agreement, failed, referred and on), and of those settled by agreement. */
  totalCases: z.number().int(),
  settledCases: z.number().int(),
  serviceRegionCode: z.string(),
  serviceRegionName: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  trainingBatchId: z.string().uuid().nullable(),
  poolIds: z.array(z.string().uuid()),
  active: z.boolean(),
  note: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Mediator = z.infer<typeof Mediator>;

/** Filters of the registry. `q` matches name, dialect and hometown name. */
export const MediatorListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  /** Mediators serving within this region's subtree. */
  regionCode: RegionCode.optional(),
  /** 2-digit province, or a longer prefix (city/county). */
  hometown: HometownCode.optional(),
  dialect: z.string().max(40).optional(),
  expertise: MediationType.optional(),
  affiliation: Affiliation.optional(),
  certification: CertificationStatus.optional(),
  poolId: z.string().uuid().optional(),
  trainingBatchId: z.string().uuid().optional(),
  active: z.enum(['true', 'false']).optional(),
  /** Only those with free capacity. */
  hasCapacity: z.enum(['true', 'false']).optional(),
});
export type MediatorListQuery = z.infer<typeof MediatorListQuery>;
export const MediatorPage = pageOf(Mediator);

// ── reserve pools and resident origins ──────────────────────────────────────────────────────

export const PoolCreate = z.strictObject({
  /** The community (or street) the pool belongs to: also its access scope. */
  regionCode: RegionCode,
  name: z.string().trim().min(1).max(100),
  minSize: z.number().int().min(1).max(1000).default(10),
  /** 2-digit province codes the pool should cover. */
  targetProvinces: z
    .array(z.string().regex(/^\d{2}$/))
    .max(40)
    .default([]),
  note: z.string().max(2000).nullable().default(null),
});
export type PoolCreate = z.infer<typeof PoolCreate>;

export const PoolUpdate = z.strictObject({
  name: PoolCreate.shape.name.optional(),
  minSize: z.number().int().min(1).max(1000).optional(),
  targetProvinces: z
    .array(z.string().regex(/^\d{2}$/))
    .max(40)
    .optional(),
  note: z.string().max(2000).nullable().optional(),
});
export type PoolUpdate = z.infer<typeof PoolUpdate>;

export const Pool = z.object({
  id: z.string().uuid(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  name: z.string(),
  minSize: z.number().int(),
  targetProvinces: z.array(z.string()),
  memberCount: z.number().int(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Pool = z.infer<typeof Pool>;
export const PoolDetail = Pool.extend({ members: z.array(Mediator) });
export type PoolDetail = z.infer<typeof PoolDetail>;

export const PoolListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  regionCode: RegionCode.optional(),
});
export type PoolListQuery = z.infer<typeof PoolListQuery>;
export const PoolPage = pageOf(Pool);

/** Add or remove members. */
export const PoolMembersInput = z.strictObject({
  add: z.array(z.string().uuid()).max(500).default([]),
  remove: z.array(z.string().uuid()).max(500).default([]),
});
export type PoolMembersInput = z.infer<typeof PoolMembersInput>;

/** One origin province in a pool's community: residents (imported) against mediators (pool members). */
export const PoolProvinceHealth = z.object({
  provinceCode: z.string(),
  provinceName: z.string().nullable(),
  residents: z.number().int(),
  mediators: z.number().int(),
  /** Listed among the pool's target provinces. */
  target: z.boolean(),
  /** Many residents (≥ threshold) or a target province, but no mediator from there. */
  gap: z.boolean(),
});
export const PoolHealth = z.object({
  poolId: z.string().uuid(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  minSize: z.number().int(),
  memberCount: z.number().int(),
  /** Members still active; under size when fewer than minSize. */
  activeMembers: z.number().int(),
  underSize: z.boolean(),
  provinces: z.array(PoolProvinceHealth),
  gapProvinces: z.array(z.string()),
  healthy: z.boolean(),
});
export type PoolHealth = z.infer<typeof PoolHealth>;
export const PoolHealthQuery = z.object({
  regionCode: RegionCode.optional(),
  /** Residents from one province at or above this count need a mediator from there (default 500). */
  threshold: z.coerce.number().int().min(1).default(500),
});
export type PoolHealthQuery = z.infer<typeof PoolHealthQuery>;
export const PoolHealthList = z.object({ items: z.array(PoolHealth), threshold: z.number().int() });
export type PoolHealthList = z.infer<typeof PoolHealthList>;

/**
 * Resident counts by community × origin province. Import: POST the CSV as `text/csv`
 * (header `communityCode,provinceCode,residents`, optional `asOf` YYYY-MM-DD) — all or nothing;
 * a later import replaces the counts of the communities it names.
 */
export const ResidentOrigin = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  provinceCode: z.string(),
  provinceName: z.string().nullable(),
  residents: z.number().int(),
  asOf: z.string().nullable(),
});
export type ResidentOrigin = z.infer<typeof ResidentOrigin>;
export const ResidentOriginQuery = PageQuery.extend({ regionCode: RegionCode.optional() });
export const ResidentOriginPage = pageOf(ResidentOrigin);

/** Result of an all-or-nothing CSV import (a bad file is a 400 listing every bad row in `details`). */
export const MediationImportResult = z.object({ imported: z.number().int(), replaced: z.number().int() });
export type MediationImportResult = z.infer<typeof MediationImportResult>;

// ── cases ────────────────────────────────────────────────────────────────────────────────────

export const CASE_STATUSES = [
  'registered',
  'matched',
  'in_session',
  'agreement',
  'failed',
  'referred',
  'follow_up',
  'closed',
] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;
export const CASE_STATUS_NAMES_ZH: Record<CaseStatus, string> = {
  registered: '已登记',
  matched: '已匹配',
  in_session: '调解中',
  agreement: '达成协议',
  failed: '调解不成',
  referred: '已转办',
  follow_up: '回访中',
  closed: '已结案',
};
/** Statuses in which the statutory clock runs. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['registered', 'matched', 'in_session'];

export const REFERRAL_TARGETS = ['court_confirmation', 'arbitration', 'labour_inspection', 'litigation'] as const;
export const ReferralTarget = z.enum(REFERRAL_TARGETS);
export type ReferralTarget = z.infer<typeof ReferralTarget>;
export const REFERRAL_TARGET_NAMES_ZH: Record<ReferralTarget, string> = {
  court_confirmation: '法院司法确认',
  arbitration: '劳动仲裁',
  labour_inspection: '劳动监察',
  litigation: '诉讼',
};

export const URGENCIES = ['urgent', 'high', 'normal', 'low'] as const;
export const Urgency = z.enum(URGENCIES);
export type Urgency = z.infer<typeof Urgency>;

export const PARTY_ROLES = [
  'worker',
  'employer',
  'neighbour',
  'tenant',
  'landlord',
  'family_member',
  'consumer',
  'merchant',
  'driver',
  'other',
] as const;
export const PartyRole = z.enum(PARTY_ROLES);
export type PartyRole = z.infer<typeof PartyRole>;
export const PARTY_ROLE_NAMES_ZH: Record<PartyRole, string> = {
  worker: '务工人员',
  employer: '用工单位',
  neighbour: '邻居',
  tenant: '承租人',
  landlord: '出租人',
  family_member: '家庭成员',
  consumer: '消费者',
  merchant: '经营者',
  driver: '驾驶人',
  other: '其他',
};

/** 申请人 (applicant, 甲方) or 被申请人 (respondent, 乙方). */
export const PartySide = z.enum(['applicant', 'respondent']);
export type PartySide = z.infer<typeof PartySide>;

export const PartyInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  side: PartySide,
  role: PartyRole,
  /** Natural person or organization (a company as employer). */
  kind: z.enum(['person', 'organization']).default('person'),
  hometownCode: HometownCode.nullable().default(null),
  hometownName: z.string().trim().max(100).nullable().default(null),
  dialects: Words.default([]),
  /** Stored encrypted; masked unless pii.read. */
  phone: z.string().trim().min(5).max(30).nullable().default(null),
  /** Identity card number or unified social credit code, for the judicial confirmation application. */
  idNumber: z.string().trim().min(6).max(30).nullable().default(null),
  address: z.string().trim().max(300).nullable().default(null),
});
export type PartyInput = z.infer<typeof PartyInput>;

export const Party = z.object({
  id: z.string().uuid(),
  name: z.string(),
  side: PartySide,
  role: PartyRole,
  kind: z.enum(['person', 'organization']),
  hometown: Hometown.nullable(),
  dialects: z.array(z.string()),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  address: z.string().nullable(),
  /** True when phone and ID number are masked for this caller. */
  masked: z.boolean(),
});
export type Party = z.infer<typeof Party>;

/**
 * Register a case. With `incidentId` it is linked to an existing governance-centre incident of a
 * dispute category; otherwise, with `fileIncident` (default true), an incident is filed for it
 * through the governance centre so the centre sees every dispute.
 */
export const CaseCreate = z.strictObject({
  type: MediationType,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(5000),
  /** Amount in dispute, yuan. */
  amount: z.number().min(0).max(1e10).nullable().default(null),
  urgency: Urgency.default('normal'),
  /** Where the dispute arose (community or street): the case's access scope. */
  regionCode: RegionCode,
  address: z.string().trim().max(300).nullable().default(null),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lng: z.number().min(-180).max(180).nullable().default(null),
  occurredOn: DateOnly.nullable().default(null),
  parties: z.array(PartyInput).min(2).max(20),
  attachmentIds: z.array(z.string().uuid()).max(20).default([]),
  incidentId: z.string().uuid().nullable().default(null),
  fileIncident: z.boolean().default(true),
  /** The incident category used when filing (a dispute category); defaults to the configured one. */
  incidentCategoryCode: z.string().max(60).nullable().default(null),
  /** Statutory time limit for this case in days; null = the type's configured limit. */
  timeLimitDays: z.number().int().min(1).max(365).nullable().default(null),
});
export type CaseCreate = z.infer<typeof CaseCreate>;

/** Edit descriptive fields while the case is open. */
export const CaseUpdate = z.strictObject({
  version: z.number().int().min(1),
  title: CaseCreate.shape.title.optional(),
  description: CaseCreate.shape.description.optional(),
  amount: z.number().min(0).max(1e10).nullable().optional(),
  urgency: Urgency.optional(),
  type: MediationType.optional(),
  address: z.string().trim().max(300).nullable().optional(),
  attachmentIds: z.array(z.string().uuid()).max(20).optional(),
});
export type CaseUpdate = z.infer<typeof CaseUpdate>;

export const CaseClockColour = z.enum(['ok', 'warning', 'breached', 'met']);
export type CaseClockColour = z.infer<typeof CaseClockColour>;

/** The statutory time-limit clock (runs from registration until an outcome). */
export const CaseClock = z.object({
  limitDays: z.number().int(),
  startedAt: z.string(),
  warnAt: z.string(),
  dueAt: z.string(),
  warnedAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  /** When the outcome stopped it. */
  stoppedAt: z.string().nullable(),
  colour: CaseClockColour,
  /** Whole days left (negative when overdue); null once stopped. */
  daysLeft: z.number().int().nullable(),
});
export type CaseClock = z.infer<typeof CaseClock>;

export const CaseMediator = z.object({
  mediatorId: z.string().uuid(),
  name: z.string(),
  role: z.enum(['lead', 'member']),
  hometown: Hometown,
  /** The party whose hometown this panel member stands for, when assigned as a panel. */
  forPartyId: z.string().uuid().nullable(),
  assignedAt: z.string(),
});
export type CaseMediator = z.infer<typeof CaseMediator>;

export const CaseSummary = z.object({
  id: z.string().uuid(),
  /** 'TJ-2026-000123'. */
  number: z.string(),
  type: MediationType,
  title: z.string(),
  status: CaseStatus,
  urgency: Urgency,
  amount: z.number().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  /** '张某（示例） 诉 某建筑公司（示例）' style one-liner. */
  partyNames: z.string(),
  /** Parties come from more than one province. */
  crossProvince: z.boolean(),
  mediators: z.array(CaseMediator),
  incidentId: z.string().uuid().nullable(),
  incidentNumber: z.string().nullable(),
  clock: CaseClock,
  registeredAt: z.string(),
  outcomeAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const Session = z.object({
  id: z.string().uuid(),
  heldAt: z.string(),
  place: z.string().nullable(),
  mediatorIds: z.array(z.string().uuid()),
  attendees: z.string().nullable(),
  summary: z.string(),
  nextSteps: z.string().nullable(),
  recordedBy: z.string(),
  createdAt: z.string(),
});
export type Session = z.infer<typeof Session>;

export const SessionCreate = z.strictObject({
  version: z.number().int().min(1),
  heldAt: z.string().datetime({ offset: true }),
  place: z.string().trim().max(200).nullable().default(null),
  /** Mediators present; default the assigned ones. */
  mediatorIds: z.array(z.string().uuid()).max(10).nullable().default(null),
  attendees: z.string().trim().max(500).nullable().default(null),
  summary: z.string().trim().min(1).max(5000),
  nextSteps: z.string().trim().max(2000).nullable().default(null),
});
export type SessionCreate = z.infer<typeof SessionCreate>;

/** The agreement reached (调解协议): its terms go into the PDF. */
export const Agreement = z.object({
  terms: z.array(z.string()),
  amountAgreed: z.number().nullable(),
  performBy: z.string().nullable(),
  performance: z.enum(['pending', 'performed', 'partly', 'not_performed']),
  signedAt: z.string(),
});
export type Agreement = z.infer<typeof Agreement>;

export const CASE_ACTIONS = [
  'register',
  'assign',
  'session',
  'agree',
  'fail',
  'refer',
  'follow_up',
  'close',
  'comment',
  'clock_warning',
  'clock_breach',
  'incident_status',
] as const;
export const CaseAction = z.enum(CASE_ACTIONS);
export type CaseAction = z.infer<typeof CaseAction>;
export const CASE_ACTION_NAMES_ZH: Record<CaseAction, string> = {
  register: '登记',
  assign: '指派调解员',
  session: '调解会',
  agree: '达成协议',
  fail: '调解不成',
  refer: '转办',
  follow_up: '回访',
  close: '结案',
  comment: '备注',
  clock_warning: '时限预警',
  clock_breach: '超过法定时限',
  incident_status: '事件状态同步',
};

export const CaseEvent = z.object({
  id: z.string().uuid(),
  at: z.string(),
  action: CaseAction,
  fromStatus: CaseStatus.nullable(),
  toStatus: CaseStatus.nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

export const CaseDetail = CaseSummary.extend({
  description: z.string(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  occurredOn: z.string().nullable(),
  parties: z.array(Party),
  attachmentIds: z.array(z.string().uuid()),
  sessions: z.array(Session),
  agreement: Agreement.nullable(),
  failureReason: z.string().nullable(),
  referral: z.object({ target: ReferralTarget, note: z.string().nullable(), at: z.string() }).nullable(),
  followUp: z.object({ note: z.string(), satisfied: z.boolean().nullable(), at: z.string() }).nullable(),
  timeline: z.array(CaseEvent),
  /** Transition actions this caller may take now (for the detail screen's buttons). */
  allowedActions: z.array(CaseAction),
  /** PDFs available now. */
  documents: z.array(z.enum(['agreement', 'judicial_confirmation'])),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  status: z.union([CaseStatus, z.array(CaseStatus)]).optional(),
  type: MediationType.optional(),
  regionCode: RegionCode.optional(),
  mediatorId: z.string().uuid().optional(),
  urgency: Urgency.optional(),
  /** Clock past its deadline. */
  overdue: z.enum(['true', 'false']).optional(),
  /** Parties from different provinces. */
  crossProvince: z.enum(['true', 'false']).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  sort: z.enum(['registered_desc', 'registered_asc', 'deadline_asc']).default('registered_desc'),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;
export const CasePage = pageOf(CaseSummary);

/**
 * A step of the case's life. From matched/in_session: agree (terms required), fail (note =
 * reason required), refer (referralTarget required); from agreement/failed/referred: follow_up;
 * from follow_up: close. comment works in any status (note required).
 */
export const CaseTransition = z.strictObject({
  action: z.enum(['agree', 'fail', 'refer', 'follow_up', 'close', 'comment']),
  version: z.number().int().min(1),
  note: z.string().trim().max(2000).nullable().default(null),
  /** agree */
  terms: z.array(z.string().trim().min(1).max(1000)).max(30).default([]),
  amountAgreed: z.number().min(0).max(1e10).nullable().default(null),
  performBy: DateOnly.nullable().default(null),
  /** refer */
  referralTarget: ReferralTarget.nullable().default(null),
  /** follow_up */
  satisfied: z.boolean().nullable().default(null),
  performance: z.enum(['pending', 'performed', 'partly', 'not_performed']).nullable().default(null),
});
export type CaseTransition = z.infer<typeof CaseTransition>;

/** Assign one mediator, or a panel (the first is the lead). Allowed while registered, matched or in session. */
export const CaseAssign = z.strictObject({
  version: z.number().int().min(1),
  mediators: z
    .array(
      z.strictObject({
        mediatorId: z.string().uuid(),
        /** The party whose hometown this mediator stands for (panels). */
        forPartyId: z.string().uuid().nullable().default(null),
      }),
    )
    .min(1)
    .max(5),
  note: z.string().trim().max(2000).nullable().default(null),
});
export type CaseAssign = z.infer<typeof CaseAssign>;

// ── matching ─────────────────────────────────────────────────────────────────────────────────

export const MATCH_KEYS = ['hometown', 'dialect', 'expertise', 'distance', 'load', 'success', 'availability'] as const;
export const MatchKey = z.enum(MATCH_KEYS);
export const ScorePart = z.object({
  key: MatchKey,
  points: z.number(),
  max: z.number(),
  reasonZh: z.string(),
  reasonEn: z.string(),
});
export type ScorePart = z.infer<typeof ScorePart>;

/** Brief profile of a ranked mediator. */
export const MediatorBrief = z.object({
  id: z.string().uuid(),
  name: z.string(),
  hometown: Hometown,
  dialects: z.array(z.string()),
  expertise: z.array(MediationType),
  openCases: z.number().int(),
  capacity: z.number().int(),
  certified: z.boolean(),
  serviceRegionName: z.string().nullable(),
});
export type MediatorBrief = z.infer<typeof MediatorBrief>;

export const RankedMediator = z.object({
  mediator: MediatorBrief,
  total: z.number(),
  parts: z.array(ScorePart),
});
export type RankedMediator = z.infer<typeof RankedMediator>;

export const MatchQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Must be available within this many days (default 7). */
  withinDays: z.coerce.number().int().min(0).max(90).default(7),
  requireCertified: z.enum(['true', 'false']).default('false'),
});
export type MatchQuery = z.infer<typeof MatchQuery>;

export const MatchPanel = z.object({
  caseId: z.string().uuid(),
  crossProvince: z.boolean(),
  /** Eligible mediators, best first, with the score's parts. */
  ranked: z.array(RankedMediator),
  /** Cross-province cases: one proposed mediator per party from that party's home province. */
  panel: z.array(
    z.object({
      partyId: z.string().uuid(),
      partyName: z.string(),
      provinceCode: z.string().nullable(),
      provinceName: z.string().nullable(),
      mediator: RankedMediator.nullable(),
    }),
  ),
  /** Mediators considered (in scope, active). */
  considered: z.number().int(),
});
export type MatchPanel = z.infer<typeof MatchPanel>;

// ── batch assignment ─────────────────────────────────────────────────────────────────────────

/** Plan assignments for open unmatched (registered) cases in a region: optimal under capacities. */
export const AssignmentPlanInput = z.strictObject({
  regionCode: RegionCode,
  /** Only these cases (default: every registered case in the region). */
  caseIds: z.array(z.string().uuid()).max(5000).nullable().default(null),
  withinDays: z.number().int().min(0).max(90).default(7),
  requireCertified: z.boolean().default(false),
});
export type AssignmentPlanInput = z.infer<typeof AssignmentPlanInput>;

export const PlannedAssignment = z.object({
  caseId: z.string().uuid(),
  caseNumber: z.string(),
  caseTitle: z.string(),
  mediatorId: z.string().uuid(),
  mediatorName: z.string(),
  score: z.number(),
  parts: z.array(ScorePart),
});
export type PlannedAssignment = z.infer<typeof PlannedAssignment>;

export const AssignmentPlan = z.object({
  regionCode: z.string(),
  cases: z.number().int(),
  mediators: z.number().int(),
  assignments: z.array(PlannedAssignment),
  unassigned: z.array(
    z.object({ caseId: z.string().uuid(), caseNumber: z.string(), caseTitle: z.string(), reason: z.string() }),
  ),
  total: z.number(),
  elapsedMs: z.number(),
});
export type AssignmentPlan = z.infer<typeof AssignmentPlan>;

/** Apply a (possibly edited) plan: each case still registered is assigned; the rest are listed as skipped. */
export const AssignmentApply = z.strictObject({
  assignments: z
    .array(z.strictObject({ caseId: z.string().uuid(), mediatorId: z.string().uuid() }))
    .min(1)
    .max(5000),
});
export type AssignmentApply = z.infer<typeof AssignmentApply>;
export const AssignmentApplied = z.object({
  applied: z.number().int(),
  skipped: z.array(z.object({ caseId: z.string().uuid(), reason: z.string() })),
});
export type AssignmentApplied = z.infer<typeof AssignmentApplied>;

// ── time limits ──────────────────────────────────────────────────────────────────────────────

/** Statutory time limit per dispute type (days from registration; default 30, warning at 80 %). */
export const TimeLimit = z.object({ type: MediationType, days: z.number().int(), isDefault: z.boolean() });
export type TimeLimit = z.infer<typeof TimeLimit>;
export const TimeLimitsInput = z.strictObject({
  limits: z.array(z.strictObject({ type: MediationType, days: z.number().int().min(1).max(365) })).max(20),
});
export type TimeLimitsInput = z.infer<typeof TimeLimitsInput>;
export const TimeLimitList = z.object({ items: z.array(TimeLimit) });

// ── volunteer corps and outreach ────────────────────────────────────────────────────────────

export const CORPS_KINDS = ['police_volunteer', 'anti_fraud', 'team_leaders'] as const;
export const CorpsKind = z.enum(CORPS_KINDS);
export type CorpsKind = z.infer<typeof CorpsKind>;
export const CORPS_KIND_NAMES_ZH: Record<CorpsKind, string> = {
  police_volunteer: '老乡义警',
  anti_fraud: '老乡反诈团',
  team_leaders: '班组长调解队',
};

export const CorpsCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: CorpsKind,
  regionCode: RegionCode,
  description: z.string().max(2000).nullable().default(null),
  foundedOn: DateOnly.nullable().default(null),
});
export type CorpsCreate = z.infer<typeof CorpsCreate>;
export const CorpsUpdate = z.strictObject({
  name: CorpsCreate.shape.name.optional(),
  description: z.string().max(2000).nullable().optional(),
  active: z.boolean().optional(),
});
export type CorpsUpdate = z.infer<typeof CorpsUpdate>;

export const Corps = z.object({
  id: z.string().uuid(),
  name: z.string(),
  kind: CorpsKind,
  regionCode: z.string(),
  regionName: z.string().nullable(),
  description: z.string().nullable(),
  foundedOn: z.string().nullable(),
  active: z.boolean(),
  memberCount: z.number().int(),
  /** Outreach activities and person-times reached so far. */
  activityCount: z.number().int(),
  reached: z.number().int(),
  createdAt: z.string(),
});
export type Corps = z.infer<typeof Corps>;
export const CorpsListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  kind: CorpsKind.optional(),
  regionCode: RegionCode.optional(),
});
export type CorpsListQuery = z.infer<typeof CorpsListQuery>;
export const CorpsPage = pageOf(Corps);

export const CorpsMemberCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  phone: z
    .string()
    .regex(/^1\d{10}$/, 'invalid mobile number')
    .nullable()
    .default(null),
  hometownCode: HometownCode.nullable().default(null),
  hometownName: z.string().trim().max(100).nullable().default(null),
  dialects: Words.default([]),
  role: z.enum(['leader', 'deputy', 'member']).default('member'),
  /** When the member is also a registered mediator. */
  mediatorId: z.string().uuid().nullable().default(null),
  occupation: z.string().trim().max(100).nullable().default(null),
  joinedOn: DateOnly.nullable().default(null),
});
export type CorpsMemberCreate = z.infer<typeof CorpsMemberCreate>;

export const CorpsMember = z.object({
  id: z.string().uuid(),
  corpsId: z.string().uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  hometown: Hometown.nullable(),
  dialects: z.array(z.string()),
  role: z.enum(['leader', 'deputy', 'member']),
  mediatorId: z.string().uuid().nullable(),
  occupation: z.string().nullable(),
  joinedOn: z.string().nullable(),
  active: z.boolean(),
});
export type CorpsMember = z.infer<typeof CorpsMember>;
export const CorpsDetail = Corps.extend({ members: z.array(CorpsMember) });
export type CorpsDetail = z.infer<typeof CorpsDetail>;

export const OUTREACH_MEDIA = [
  'short_video',
  'livestream',
  'lecture',
  'leaflet',
  'door_to_door',
  'wechat_group',
  'drama',
  'other',
] as const;
export const OutreachMedium = z.enum(OUTREACH_MEDIA);
export type OutreachMedium = z.infer<typeof OutreachMedium>;
export const OUTREACH_MEDIUM_NAMES_ZH: Record<OutreachMedium, string> = {
  short_video: '短视频',
  livestream: '直播',
  lecture: '宣讲',
  leaflet: '发放资料',
  door_to_door: '上门走访',
  wechat_group: '微信群',
  drama: '情景剧',
  other: '其他',
};

export const OutreachCreate = z.strictObject({
  corpsId: z.string().uuid().nullable().default(null),
  regionCode: RegionCode,
  date: DateOnly,
  place: z.string().trim().min(1).max(200),
  /** Who was addressed ('安徽籍务工人员'). */
  audience: z.string().trim().min(1).max(200),
  /** Person-times reached (人次). */
  reached: z.number().int().min(0).max(100_000_000),
  topic: z.string().trim().min(1).max(200),
  dialect: z.string().trim().max(40).nullable().default(null),
  media: z.array(OutreachMedium).max(OUTREACH_MEDIA.length).default([]),
  /** Views of videos/livestreams, when known. */
  views: z.number().int().min(0).nullable().default(null),
  note: z.string().max(2000).nullable().default(null),
});
export type OutreachCreate = z.infer<typeof OutreachCreate>;

export const Outreach = OutreachCreate.extend({
  id: z.string().uuid(),
  corpsName: z.string().nullable(),
  regionName: z.string().nullable(),
  createdAt: z.string(),
});
export type Outreach = z.infer<typeof Outreach>;
export const OutreachListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  corpsId: z.string().uuid().optional(),
  regionCode: RegionCode.optional(),
  from: DateOnly.optional(),
  to: DateOnly.optional(),
});
export type OutreachListQuery = z.infer<typeof OutreachListQuery>;
export const OutreachPage = pageOf(Outreach);

// ── anti-fraud statistics ───────────────────────────────────────────────────────────────────

/**
 * Monthly anti-fraud figures from the police. Import: POST `text/csv` with header
 * `regionCode,month,alerts,cases` (optional `lossYuan`), month as YYYY-MM — all or nothing; a bad
 * file is a 400 whose `details` list every bad row (`row 3.alerts`). Re-importing a month replaces it.
 */
export const AntiFraudMonth = z.object({
  month: z.string(),
  alerts: z.number().int(),
  cases: z.number().int(),
  lossYuan: z.number().nullable(),
  /** Change against the same month a year earlier (0.25 = +25 %); null without that month. */
  alertsYoY: z.number().nullable(),
  casesYoY: z.number().nullable(),
});
export type AntiFraudMonth = z.infer<typeof AntiFraudMonth>;
export const AntiFraudQuery = z.object({
  regionCode: RegionCode,
  from: Month.optional(),
  to: Month.optional(),
});
export type AntiFraudQuery = z.infer<typeof AntiFraudQuery>;
export const AntiFraudTrend = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  months: z.array(AntiFraudMonth),
});
export type AntiFraudTrend = z.infer<typeof AntiFraudTrend>;

// ── team-leader training (Daishan) ──────────────────────────────────────────────────────────

export const TrainingBatchCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  regionCode: RegionCode,
  startDate: DateOnly,
  endDate: DateOnly,
  hours: z.number().min(0).max(1000).nullable().default(null),
  trainer: z.string().trim().max(200).nullable().default(null),
  note: z.string().max(2000).nullable().default(null),
});
export type TrainingBatchCreate = z.infer<typeof TrainingBatchCreate>;

export const TrainingBatch = TrainingBatchCreate.extend({
  id: z.string().uuid(),
  regionName: z.string().nullable(),
  leaderCount: z.number().int(),
  certifiedCount: z.number().int(),
  casesMediated: z.number().int(),
  casesSettled: z.number().int(),
  createdAt: z.string(),
});
export type TrainingBatch = z.infer<typeof TrainingBatch>;
export const TrainingBatchListQuery = PageQuery.extend({ regionCode: RegionCode.optional() });
export const TrainingBatchPage = pageOf(TrainingBatch);

/** A team leader of a batch (a mediator with affiliation team_leader) and their results. */
export const TeamLeader = z.object({
  mediatorId: z.string().uuid(),
  name: z.string(),
  organizationName: z.string().nullable(),
  certificationStatus: CertificationStatus,
  certifiedUntil: z.string().nullable(),
  active: z.boolean(),
  /** in_training / qualified (certified) / serving (has taken cases) / lapsed (expired or inactive). */
  status: z.enum(['in_training', 'qualified', 'serving', 'lapsed']),
  casesMediated: z.number().int(),
  casesSettled: z.number().int(),
});
export type TeamLeader = z.infer<typeof TeamLeader>;
export const TeamLeaderPage = pageOf(TeamLeader);

// ── statistics ──────────────────────────────────────────────────────────────────────────────

export const MediationStatsQuery = z.object({
  regionCode: RegionCode.optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});
export type MediationStatsQuery = z.infer<typeof MediationStatsQuery>;

export const MediationStats = z.object({
  total: z.number().int(),
  open: z.number().int(),
  /** Ended with an agreement. */
  settled: z.number().int(),
  failed: z.number().int(),
  referred: z.number().int(),
  /** settled / (settled + failed + referred); null when none ended. */
  successRate: z.number().nullable(),
  /** Days from registration to outcome, over ended cases. */
  averageDays: z.number().nullable(),
  overdue: z.number().int(),
  byStatus: z.array(z.object({ status: CaseStatus, count: z.number().int() })),
  byType: z.array(
    z.object({
      type: MediationType,
      name: z.string(),
      total: z.number().int(),
      settled: z.number().int(),
      successRate: z.number().nullable(),
      averageDays: z.number().nullable(),
    }),
  ),
  /** By the lead mediator's home province. */
  byMediatorProvince: z.array(
    z.object({
      provinceCode: z.string(),
      provinceName: z.string().nullable(),
      mediators: z.number().int(),
      cases: z.number().int(),
      settled: z.number().int(),
    }),
  ),
  monthly: z.array(z.object({ month: z.string(), registered: z.number().int(), settled: z.number().int() })),
  /** Anti-fraud figures of the region (empty without regionCode or data). */
  antiFraud: z.array(AntiFraudMonth),
});
export type MediationStats = z.infer<typeof MediationStats>;
