import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';
import { RegionCode } from './regions.ts';
import { CertificationStatus, DateOnly, Hometown, HometownCode, MediationType, Month, Words } from './mediation.ts';
import { CaseStatus } from './mediation-cases.ts';

/** Volunteer corps, outreach, anti-fraud statistics, team-leader training and statistics (routes listed in mediation.ts). */

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
