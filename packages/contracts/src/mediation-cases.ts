import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';
import { RegionCode } from './regions.ts';
import { DateOnly, Hometown, HometownCode, MediationType, Words } from './mediation.ts';

/** Mediation cases, matching, batch assignment and time limits (routes listed in mediation.ts). */

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
