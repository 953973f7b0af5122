import { z } from 'zod';
import { ImputationMethod } from './evaluation.ts';

/** `framework`: keep what the framework (or the run's options) says, as one of the alternatives. */
const AsFramework = z.literal('framework');

/**
 * The assumptions a sensitivity analysis varies. Each present entry is one uncertain factor group;
 * alternatives in a list are equally likely. Omitted entries stay as in the framework.
 */
export const SensitivityAssumptions = z.strictObject({
  /** Every effective weight is multiplied by a factor drawn uniformly in [1 − p%, 1 + p%]. */
  weights: z.strictObject({ percent: z.number().min(0).max(100) }).optional(),
  /** Normalisation applied to every indicator (minmax 0–100, zscore 50 ± 10, rank, percentile). */
  normalisation: z.array(z.union([AsFramework, z.enum(['minmax', 'zscore', 'rank', 'percentile'])])).optional(),
  /** Aggregation applied at every aggregate node. */
  aggregation: z.array(z.union([AsFramework, z.enum(['arithmetic', 'geometric', 'harmonic'])])).optional(),
  /** Imputation method of the run. */
  imputation: z.array(z.union([AsFramework, ImputationMethod])).optional(),
  /** Drop none or one indicator: `true` = any indicator, or the indicator codes that may go. */
  dropIndicator: z.union([z.boolean(), z.array(z.string())]).optional(),
});
export type SensitivityAssumptions = z.infer<typeof SensitivityAssumptions>;

/** What a sensitivity run needs besides the framework, the data and the run options. */
export const SensitivitySettings = z.strictObject({
  /** Model runs in total; rounded down to whole Saltelli blocks of (groups + 2). */
  replications: z.number().int().min(1).max(1_000_000),
  assumptions: SensitivityAssumptions.default({}),
  /** Seed of the Sobol' digital shift and of the bootstrap (same seed → same result). */
  seed: z.number().int().default(1),
  /** Output the indices are computed on, pooled over units. */
  sobolOutput: z.enum(['rank', 'score']).default('rank'),
  bootstrap: z.number().int().min(0).max(10_000).default(1000),
  /** Keep every replication's per-unit ranks in the result (large). */
  keepRanks: z.boolean().default(false),
});
export type SensitivitySettings = z.infer<typeof SensitivitySettings>;
export type SensitivitySettingsInput = z.input<typeof SensitivitySettings>;

/** The assumptions one replication ran under. */
export const ReplicationParams = z.object({
  /** Node code → weight multiplier (only with `weights`). */
  weights: z.record(z.string(), z.number()).optional(),
  normalisation: z.string().optional(),
  aggregation: z.string().optional(),
  imputation: z.string().optional(),
  /** The indicator left out, or null. */
  drop: z.string().nullable().optional(),
});
export type ReplicationParams = z.infer<typeof ReplicationParams>;

export const SensitivityUnit = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  /** Rank in the run as configured (no assumption changed). */
  baseRank: z.number().int(),
  medianRank: z.number(),
  /** 5th and 95th percentile of the unit's rank over the replications. */
  rankInterval: z.tuple([z.number(), z.number()]),
  /** Share of replications in which the unit is awarded (null without award rules). */
  awardProbability: z.number().min(0).max(1).nullable(),
});
export type SensitivityUnit = z.infer<typeof SensitivityUnit>;

export const SobolFactorIndex = z.object({
  factor: z.enum(['weights', 'normalisation', 'aggregation', 'imputation', 'drop']),
  first: z.number(),
  firstCi: z.tuple([z.number(), z.number()]),
  total: z.number(),
  totalCi: z.tuple([z.number(), z.number()]),
});
export type SobolFactorIndex = z.infer<typeof SobolFactorIndex>;

/** The result of a sensitivity analysis (also the JSON of `zhili eval sensitivity`). */
export const SensitivityResult = z.object({
  replications: z.array(z.object({ params: ReplicationParams, ranks: z.record(z.string(), z.number()).optional() })),
  units: z.array(SensitivityUnit),
  sobol: z.array(SobolFactorIndex),
  /** Estimators and design, for the record. */
  method: z.object({
    design: z.string(),
    first: z.string(),
    total: z.string(),
    output: z.enum(['rank', 'score']),
    baseRows: z.number().int(),
    bootstrap: z.number().int(),
    seed: z.number().int(),
  }),
});
export type SensitivityResult = z.infer<typeof SensitivityResult>;
