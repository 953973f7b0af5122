import { z } from 'zod';
import { RegionCode } from './regions.ts';
import { Hometown, MediationType } from './mediation.ts';

/** Mediator matching for one case and the batch assignment of many (routes listed in mediation.ts). */

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
