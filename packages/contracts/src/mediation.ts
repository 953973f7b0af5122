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

/** A calendar date, YYYY-MM-DD. */
export const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** A calendar month, YYYY-MM. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
/** Short tags (dialects, expertise…). */
export const Words = z.array(z.string().trim().min(1).max(40)).max(20);

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
