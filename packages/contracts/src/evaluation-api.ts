import { z } from 'zod';
import { PageQuery } from './common.ts';
import { RunOptions, RunResult, UnitResult } from './evaluation.ts';
import { SensitivityResult, SensitivitySettings } from './sensitivity.ts';

/**
 * HTTP contracts of `/api/evaluation` (the evaluation module). Domain shapes (Framework,
 * RunOptions, RunResult) live in evaluation.ts; this file holds requests and responses.
 */

const Name = z.object({ zh: z.string(), en: z.string() });
const FrameworkCode = z.string().regex(/^[A-Za-z0-9_.-]+$/);

/** A parsed framework as JSON (the `Framework` type of evaluation.ts; loose here so old versions still read). */
export const FrameworkJson = z.record(z.string(), z.unknown());

export const FrameworkListQuery = PageQuery.extend({ q: z.string().trim().max(100).optional() });
export type FrameworkListQuery = z.infer<typeof FrameworkListQuery>;

/** The latest version of a framework, as listed. */
export const FrameworkSummary = z.object({
  code: z.string(),
  version: z.number().int(),
  name: Name,
  regionCode: z.string(),
  updatedAt: z.string(),
  indicatorCount: z.number().int(),
});
export type FrameworkSummary = z.infer<typeof FrameworkSummary>;

/** Upload a framework (a new code, or the next version of an existing one). */
export const FrameworkCreate = z.strictObject({
  /** The region evaluated, e.g. 湖州市 3305: the framework's access scope. */
  regionCode: z.string().min(2).max(12),
  yaml: z.string().min(1).max(1_000_000),
});
export type FrameworkCreate = z.infer<typeof FrameworkCreate>;
export const FrameworkCreateQuery = z.object({ regionCode: z.string().min(2).max(12).optional() });

export const FrameworkCreated = z.object({ code: z.string(), version: z.number().int(), framework: FrameworkJson });
export type FrameworkCreated = z.infer<typeof FrameworkCreated>;

/** One stored version of a framework. */
export const FrameworkVersion = z.object({
  code: z.string(),
  version: z.number().int(),
  regionCode: z.string(),
  name: Name,
  framework: FrameworkJson,
  yaml: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type FrameworkVersion = z.infer<typeof FrameworkVersion>;

export const FrameworkVersionInfo = FrameworkVersion.omit({ framework: true, yaml: true });
export type FrameworkVersionInfo = z.infer<typeof FrameworkVersionInfo>;

export const FrameworkCodeParam = z.object({ code: FrameworkCode });
export const FrameworkVersionParam = z.object({ code: FrameworkCode, version: z.coerce.number().int().positive() });

// ── datasets ────────────────────────────────────────────────────────────────────────────────

export const DatasetListQuery = PageQuery.extend({
  framework: FrameworkCode.optional(),
  q: z.string().trim().max(100).optional(),
});
export type DatasetListQuery = z.infer<typeof DatasetListQuery>;

export const DatasetUploadQuery = z.object({
  framework: FrameworkCode,
  name: z.string().trim().min(1).max(200).optional(),
});
export type DatasetUploadQuery = z.infer<typeof DatasetUploadQuery>;

/** A stored dataset: counts of units, indicators and observations, and the years covered. */
export const DatasetSummary = z.object({
  id: z.string().uuid(),
  name: z.string(),
  frameworkCode: z.string(),
  units: z.number().int(),
  indicators: z.number().int(),
  indicatorCodes: z.array(z.string()),
  years: z.array(z.number().int()),
  rows: z.number().int(),
  createdAt: z.string(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const AvailabilityQuery = z.object({ year: z.coerce.number().int().optional() });

/** Share of non-missing values per indicator and per unit (the data-availability screen). */
export const DatasetAvailability = z.object({
  year: z.number().int().nullable(),
  indicators: z.array(
    z.object({ code: z.string(), available: z.number().int(), expected: z.number().int(), share: z.number() }),
  ),
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.string(),
      available: z.number().int(),
      expected: z.number().int(),
      share: z.number(),
    }),
  ),
});
export type DatasetAvailability = z.infer<typeof DatasetAvailability>;

// ── runs ────────────────────────────────────────────────────────────────────────────────────

export const RunCreate = z.strictObject({
  framework: FrameworkCode,
  /** Framework version; default the latest. */
  version: z.number().int().positive().optional(),
  dataset: z.string().uuid(),
  year: z.number().int(),
  /** Imputation, outlier treatment and screening (the year comes from `year`). */
  options: RunOptions.omit({ year: true }).optional(),
});
export type RunCreate = z.infer<typeof RunCreate>;

export const RunStatus = z.enum(['draft', 'published']);
export type RunStatus = z.infer<typeof RunStatus>;

/** One parent's township cap and how much of it was used. */
export const AwardCap = z.object({ units: z.number().int(), cap: z.number().int(), awarded: z.number().int() });

/** Who wins under the framework's award rules. */
export const RunAwards = z.object({
  awarded: z.array(z.string()),
  counties: z.array(z.string()),
  townships: z.array(z.string()),
  caps: z.record(z.string(), AwardCap),
  champion: z.string().nullable(),
  explanation: z.array(z.string()),
});
export type RunAwards = z.infer<typeof RunAwards>;

export const RunSummary = z.object({
  id: z.string().uuid(),
  frameworkCode: z.string(),
  frameworkVersion: z.number().int(),
  regionCode: z.string(),
  datasetId: z.string().uuid(),
  year: z.number().int(),
  version: z.number().int(),
  status: RunStatus,
  options: z.record(z.string(), z.unknown()),
  unitCount: z.number().int(),
  champion: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** A run with its full result and awards. */
export const Run = RunSummary.extend({ result: RunResult, awards: RunAwards });
export type Run = z.infer<typeof Run>;

export const RunListQuery = PageQuery.extend({
  framework: FrameworkCode.optional(),
  year: z.coerce.number().int().optional(),
  status: RunStatus.optional(),
});
export type RunListQuery = z.infer<typeof RunListQuery>;

export const RunPublished = z.object({
  id: z.string().uuid(),
  status: z.literal('published'),
  publishedAt: z.string(),
  champion: z.string().nullable(),
});
export type RunPublished = z.infer<typeof RunPublished>;

export const RunUnitParam = z.object({ id: z.string().uuid(), code: z.string().min(1).max(64) });

/** An indicator where the unit stands out from its peers (same level and parent). */
export const PeerComparison = z.object({
  indicator: z.string(),
  name: Name,
  score: z.number(),
  peerMean: z.number(),
  gap: z.number(),
});

/**
 * What one indicator alone must become, all else equal, for the unit to reach the target rank
 * (normalisation parameters held fixed).
 */
export const Improvement = z.object({
  indicator: z.string(),
  name: Name,
  /** Normalised score now, and the normalised points it must gain (null: not reachable). */
  current: z.number().nullable(),
  needed: z.number().nullable(),
  /** Raw value now and the raw value needed (null: missing, or not reachable). */
  from: z.number().nullable(),
  to: z.number().nullable(),
  /** False when even the best possible value of this indicator alone is not enough. */
  reachable: z.boolean(),
});

/** The unit profile: scores, change vs last year, contributions, peers and a what-if. */
export const UnitProfile = z.object({
  runId: z.string().uuid(),
  year: z.number().int(),
  unit: UnitResult,
  awarded: z.boolean(),
  levelCount: z.number().int(),
  peers: z.array(z.object({ code: z.string(), name: z.string(), score: z.number(), rank: z.number().int() })),
  change: z
    .object({
      previousYear: z.number().int(),
      source: z.enum(['published', 'computed']),
      previousScore: z.number(),
      previousRank: z.number().int(),
      scoreChange: z.number(),
      rankChange: z.number().int(),
    })
    .nullable(),
  contributions: z.array(z.object({ indicator: z.string(), name: Name, contribution: z.number() })),
  strengths: z.array(PeerComparison),
  weaknesses: z.array(PeerComparison),
  whatIf: z.object({
    targetRank: z.number().int(),
    targetScore: z.number(),
    improvements: z.array(Improvement),
  }),
});
export type UnitProfile = z.infer<typeof UnitProfile>;

export const UnitProfileQuery = z.object({ targetRank: z.coerce.number().int().positive().optional() });

// ── champion roll and sensitivity ───────────────────────────────────────────────────────────

export const ChampionListQuery = z.object({ framework: FrameworkCode });
export const ChampionEntry = z.object({
  year: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  score: z.number(),
  runId: z.string().uuid(),
  publishedAt: z.string(),
});
export type ChampionEntry = z.infer<typeof ChampionEntry>;

/** Replications, assumptions (weights ± x%, normalisation, aggregation, imputation, dropping an indicator), seed. */
export const SensitivityCreate = SensitivitySettings;
export type SensitivityCreate = z.input<typeof SensitivityCreate>;

export const SensitivityStatus = z.enum(['queued', 'running', 'done', 'failed']);
export const SensitivityJob = z.object({
  id: z.string().uuid(),
  runId: z.string().uuid(),
  status: SensitivityStatus,
  progress: z.number(),
  replications: z.number().int(),
  assumptions: z.record(z.string(), z.unknown()),
  result: SensitivityResult.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type SensitivityJob = z.infer<typeof SensitivityJob>;
export const SensitivityAccepted = z.object({ id: z.string().uuid() });
