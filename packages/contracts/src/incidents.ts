import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';

/**
 * The social governance centre's incidents: one window for hotline calls, resident reports,
 * grid patrols, sensor alarms and mediation disputes, closed in the 1-2-20 loop.
 */

/** 受理 → 响应 → 派单 → 签收 → 到场 → 办结 → 回访 → 关闭, plus hold and merge. */
export const INCIDENT_STATUSES = [
  'received',
  'responded',
  'dispatched',
  'accepted',
  'on_site',
  'resolved',
  'followed_up',
  'closed',
  'on_hold',
  'merged',
] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export const INCIDENT_STATUS_NAMES_ZH: Record<IncidentStatus, string> = {
  received: '已受理',
  responded: '已响应',
  dispatched: '已派单',
  accepted: '已签收',
  on_site: '已到场',
  resolved: '已办结',
  followed_up: '已回访',
  closed: '已关闭',
  on_hold: '挂起',
  merged: '已合并',
};

/** Statuses in which the incident is still someone's work (Open311 "open"). */
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = [
  'received',
  'responded',
  'dispatched',
  'accepted',
  'on_site',
  'on_hold',
];

/** The actions a person takes through POST /api/incidents/:id/transitions. */
export const TRANSITION_ACTIONS = [
  'respond',
  'dispatch',
  'accept',
  'arrive',
  'resolve',
  'follow_up',
  'close',
  'return',
  'escalate',
  'merge',
  'reopen',
  'hold',
  'resume',
  'comment',
] as const;

/** What can be done to an incident; each is one timeline event. */
export const INCIDENT_ACTIONS = [
  'receive',
  ...TRANSITION_ACTIONS,
  'whistle',
  'report_in',
  'clock_warning',
  'clock_breach',
] as const;
export const IncidentAction = z.enum(INCIDENT_ACTIONS);
export type IncidentAction = z.infer<typeof IncidentAction>;

export const INCIDENT_ACTION_NAMES_ZH: Record<IncidentAction, string> = {
  receive: '受理',
  respond: '响应',
  dispatch: '派单',
  accept: '签收',
  arrive: '到场',
  resolve: '办结',
  follow_up: '回访',
  close: '关闭',
  return: '退单',
  escalate: '上报升级',
  merge: '合并',
  reopen: '重新打开',
  hold: '挂起',
  resume: '恢复',
  whistle: '吹哨',
  report_in: '报到',
  comment: '备注',
  clock_warning: '时限预警',
  clock_breach: '超时',
};

export const HANDLING_LEVELS = ['grid', 'community', 'township', 'department', 'county'] as const;
export const HandlingLevel = z.enum(HANDLING_LEVELS);
export type HandlingLevel = z.infer<typeof HandlingLevel>;

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const CHANNELS = ['resident', 'grid', 'hotline', 'open311', 'api', 'sensor', 'mediation'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const CLOCK_KINDS = ['respond', 'dispatch', 'on_site', 'resolve', 'report_in'] as const;
export const ClockKind = z.enum(CLOCK_KINDS);
export type ClockKind = z.infer<typeof ClockKind>;

/** running → met | (warned) → breached (still running until met) ; paused while on hold. */
export const CLOCK_STATES = ['running', 'paused', 'met', 'cancelled'] as const;
export const ClockState = z.enum(CLOCK_STATES);
export type ClockState = z.infer<typeof ClockState>;

/** Green before 80 %, amber from 80 %, red once the deadline passed, grey when stopped. */
export const ClockColour = z.enum(['ok', 'warning', 'breached', 'met', 'paused']);
export type ClockColour = z.infer<typeof ClockColour>;

export const CategoryCode = z.string().regex(/^[a-z0-9_.-]{2,60}$/, 'lower-case letters, digits, _ . -');

export const Location = z.strictObject({
  address: z.string().max(300).nullable().default(null),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lng: z.number().min(-180).max(180).nullable().default(null),
  /** The grid or community the reporter chose; resolved from lat/lng when outlines are loaded. */
  regionCode: z.string().min(2).max(40).nullable().default(null),
});
export type Location = z.infer<typeof Location>;

export const Reporter = z.strictObject({
  name: z.string().min(1).max(100).nullable().default(null),
  phone: z.string().min(5).max(30).nullable().default(null),
  email: z.string().email().max(200).nullable().default(null),
  anonymous: z.boolean().default(false),
});
export type Reporter = z.infer<typeof Reporter>;

/** The one intake shape every channel maps to. */
export const IncidentIntake = z.strictObject({
  categoryCode: CategoryCode,
  description: z.string().min(1).max(5000),
  location: Location,
  reporter: Reporter.default({ name: null, phone: null, email: null, anonymous: false }),
  priority: Priority.nullable().default(null),
  channel: Channel.default('api'),
  /** Open311 attribute values by attribute code. */
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
  /** Photos uploaded first through /api/files. */
  attachmentIds: z.array(z.string().uuid()).max(9).default([]),
  mediaUrl: z.string().url().max(1000).nullable().default(null),
  /** The caller's own id for this event (a sensor alarm id, a case number): a repeat is not a second incident. */
  sourceRef: z.string().min(1).max(200).nullable().default(null),
});
export type IncidentIntake = z.infer<typeof IncidentIntake>;

export const IntakeReceipt = z.object({
  id: z.string().uuid(),
  number: z.string(),
  status: IncidentStatus,
  /** For an anonymous reporter to follow the incident and rate it. */
  trackingCode: z.string(),
  /** Suggested duplicates: same category within the radius and time window. */
  possibleDuplicates: z.array(
    z.object({ id: z.string().uuid(), number: z.string(), distanceM: z.number().nullable() }),
  ),
});
export type IntakeReceipt = z.infer<typeof IntakeReceipt>;

export const Clock = z.object({
  kind: ClockKind,
  state: ClockState,
  colour: ClockColour,
  startedAt: z.string(),
  dueAt: z.string().nullable(),
  warnAt: z.string().nullable(),
  metAt: z.string().nullable(),
  warnedAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  /** Remaining time when paused. */
  remainingMs: z.number().nullable(),
  /** For report_in clocks: the department summoned. */
  organizationId: z.string().uuid().nullable(),
});
export type Clock = z.infer<typeof Clock>;

export const IncidentSummary = z.object({
  id: z.string().uuid(),
  number: z.string(),
  categoryCode: z.string(),
  /** The category's Chinese name (its code when the category is gone). */
  categoryName: z.string(),
  /** The category's English name, for screens in English (its code when the category is gone). */
  categoryNameEn: z.string(),
  description: z.string(),
  status: IncidentStatus,
  priority: Priority,
  channel: Channel,
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  handlingLevel: HandlingLevel,
  assigneeOrganizationId: z.string().uuid().nullable(),
  assigneeOrganizationName: z.string().nullable(),
  assigneeRegionCode: z.string().nullable(),
  /**
   * The handling unit by name: the department's when assigned to one, else the name of the
   * grid, community, township or county at assigneeRegionCode; null when unassigned.
   */
  assigneeUnitName: z.string().nullable(),
  assigneeAccountId: z.string().uuid().nullable(),
  escalationLevel: z.number().int(),
  /** The most urgent running clock, for the board's countdown. */
  nextClock: Clock.nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
  receivedAt: z.string(),
  updatedAt: z.string(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const TimelineEvent = z.object({
  id: z.string(),
  at: z.string(),
  action: IncidentAction,
  fromStatus: IncidentStatus.nullable(),
  toStatus: IncidentStatus.nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const JointOrderMember = z.object({
  organizationId: z.string().uuid(),
  organizationName: z.string(),
  state: z.enum(['summoned', 'reported', 'done']),
  deadlineAt: z.string(),
  reportedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export const JointOrder = z.object({
  id: z.string().uuid(),
  note: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  members: z.array(JointOrderMember),
});
export type JointOrder = z.infer<typeof JointOrder>;

export const IncidentDetail = IncidentSummary.extend({
  reporter: z.object({
    name: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    anonymous: z.boolean(),
    /** True when name/phone/email above are masked for this caller. */
    masked: z.boolean(),
  }),
  attributes: z.record(z.string(), z.unknown()),
  attachmentIds: z.array(z.string().uuid()),
  mediaUrl: z.string().nullable(),
  mergedIntoId: z.string().uuid().nullable(),
  satisfaction: z.number().int().min(1).max(5).nullable(),
  feedback: z.string().nullable(),
  clocks: z.array(Clock),
  timeline: z.array(TimelineEvent),
  jointOrders: z.array(JointOrder),
  /** Actions this caller may take now, for the detail screen's buttons. */
  allowedActions: z.array(IncidentAction),
  /** Linked mediation case, when there is one. */
  mediationCaseId: z.string().uuid().nullable(),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const IncidentListQuery = PageQuery.extend({
  q: z.string().max(100).optional(),
  status: z.union([IncidentStatus, z.array(IncidentStatus)]).optional(),
  categoryCode: z.string().max(60).optional(),
  regionCode: z.string().max(40).optional(),
  priority: Priority.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Only incidents assigned to me or my unit (the grid worker's "my tasks"). */
  mine: z.enum(['true', 'false']).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  sort: z.enum(['received_desc', 'received_asc', 'deadline_asc']).default('received_desc'),
});
export type IncidentListQuery = z.infer<typeof IncidentListQuery>;
export const IncidentPage = pageOf(IncidentSummary);

/**
 * A state change. `version` is the version the caller saw: a stale one is refused
 * (INCIDENT_STALE), so two dispatchers never overwrite each other.
 */
export const TransitionInput = z.strictObject({
  action: z.enum(TRANSITION_ACTIONS),
  version: z.number().int().min(1),
  note: z.string().max(2000).nullable().default(null),
  /** dispatch: the unit. One of organizationId (a department) or regionCode (grid/community/township). */
  organizationId: z.string().uuid().nullable().default(null),
  regionCode: z.string().max(40).nullable().default(null),
  /** dispatch: a named handler (a grid worker's account). */
  accountId: z.string().uuid().nullable().default(null),
  /** merge: the incident this one duplicates. */
  targetId: z.string().uuid().nullable().default(null),
  /** arrive: the check-in position. */
  lat: z.number().min(-90).max(90).nullable().default(null),
  lng: z.number().min(-180).max(180).nullable().default(null),
  /** resolve: photos of the result. */
  attachmentIds: z.array(z.string().uuid()).max(9).default([]),
  /** follow_up: the reporter's rating. */
  satisfaction: z.number().int().min(1).max(5).nullable().default(null),
});
export type TransitionInput = z.infer<typeof TransitionInput>;

/** 吹哨: summon several departments to one joint order; each must report in by the deadline. */
export const WhistleInput = z.strictObject({
  version: z.number().int().min(1),
  organizationIds: z.array(z.string().uuid()).min(1).max(20),
  note: z.string().min(1).max(2000),
  /** Minutes each department has to report in (default 30). */
  reportInMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
});
export type WhistleInput = z.infer<typeof WhistleInput>;

export const ReportInInput = z.strictObject({
  organizationId: z.string().uuid(),
  note: z.string().max(2000).nullable().default(null),
});

/** The reporter's follow-up: a rating, or "not fixed" which reopens it. */
export const FeedbackInput = z.strictObject({
  trackingCode: z.string().min(6).max(40).optional(),
  satisfaction: z.number().int().min(1).max(5).nullable().default(null),
  comment: z.string().max(2000).nullable().default(null),
  reopen: z.boolean().default(false),
});
export type FeedbackInput = z.infer<typeof FeedbackInput>;

/** Server-sent event on /api/incidents/stream. */
export const IncidentStreamEvent = z.object({
  type: z.enum(['changed', 'created', 'clock']),
  id: z.string().uuid(),
  number: z.string(),
  status: IncidentStatus,
  version: z.number().int(),
  regionPath: z.string().nullable(),
});
export type IncidentStreamEvent = z.infer<typeof IncidentStreamEvent>;

// ── public tracking view, duplicate suggestions, route params ─────────────────────

/** What anyone holding the number and tracking code sees: no names, no addresses. */
export const IncidentTrack = z.object({
  number: z.string(),
  status: IncidentStatus,
  categoryName: z.string(),
  categoryNameEn: z.string(),
  receivedAt: z.string(),
  timeline: z.array(z.object({ at: z.string(), action: IncidentAction, toStatus: IncidentStatus.nullable() })),
});
export type IncidentTrack = z.infer<typeof IncidentTrack>;

export const IncidentTrackQuery = z.object({ code: z.string().min(6).max(40) });

export const DuplicateQuery = z.object({
  categoryCode: z.string().max(60),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
  regionCode: z.string().max(40).optional(),
});
export type DuplicateQuery = z.infer<typeof DuplicateQuery>;

export const DuplicateSuggestion = z.object({
  id: z.string().uuid(),
  number: z.string(),
  distanceM: z.number().nullable(),
  description: z.string(),
  receivedAt: z.string(),
  status: IncidentStatus,
});
export type DuplicateSuggestion = z.infer<typeof DuplicateSuggestion>;

/** `:id` of the feedback route: the incident's id or its readable number. */
export const IncidentRefParam = z.object({ id: z.string().min(1).max(60) });
export const IncidentNumberParam = z.object({ number: z.string().min(1).max(60) });
export type ReportInInput = z.infer<typeof ReportInInput>;
