import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';
import { Attachment } from './files.ts';
import { RegionCode } from './regions.ts';
import { DateOnly, Hometown, HometownCode, MediationType, Words } from './mediation.ts';
import { CaseAction, CaseStatus, PartyRole, PartySide, ReferralTarget, Urgency } from './mediation-case-terms.ts';

/**
 * Mediation cases and time limits (routes listed in mediation.ts). The vocabularies live in
 * mediation-case-terms.ts and matching with batch assignment in mediation-matching.ts; both are
 * re-exported here so `@zhili/contracts` keeps one entry for cases.
 */
export * from './mediation-case-terms.ts';
export * from './mediation-matching.ts';

// ── cases ────────────────────────────────────────────────────────────────────────────────────

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

/** A case carries at most this many attachments (photos, signed papers, receipts). */
export const MAX_CASE_ATTACHMENTS = 20;

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
  /** Uploaded first through `POST /api/attachments`; each id must name a stored file. */
  attachmentIds: z.array(z.string().uuid()).max(MAX_CASE_ATTACHMENTS).default([]),
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
  /** The whole new list (add = old ids plus the new one; remove = without it). */
  attachmentIds: z.array(z.string().uuid()).max(MAX_CASE_ATTACHMENTS).optional(),
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
  /** The stored files behind `attachmentIds`, in that order (download at `/api/attachments/:id`). */
  attachments: z.array(Attachment),
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

// ── time limits ──────────────────────────────────────────────────────────────────────────────

/** Statutory time limit per dispute type (days from registration; default 30, warning at 80 %). */
export const TimeLimit = z.object({
  type: MediationType,
  days: z.number().int(),
  isDefault: z.boolean(),
  /** Share of the limit after which the clock warns (the same for every type, 0.8). */
  warningShare: z.number(),
});
export type TimeLimit = z.infer<typeof TimeLimit>;
export const TimeLimitsInput = z.strictObject({
  limits: z.array(z.strictObject({ type: MediationType, days: z.number().int().min(1).max(365) })).max(20),
});
export type TimeLimitsInput = z.infer<typeof TimeLimitsInput>;
export const TimeLimitList = z.object({ items: z.array(TimeLimit) });
export type TimeLimitList = z.infer<typeof TimeLimitList>;
