import type { Aggregation, Framework, FrameworkVersion, Normalisation, Weighting } from '@zhili/contracts';

/**
 * The evaluation shapes the screens use: all from @zhili/contracts, plus the few lists of
 * choices the forms offer.
 */
export type {
  Aggregation,
  ChampionEntry,
  DatasetAvailability,
  DatasetSummary,
  Framework,
  FrameworkNode,
  FrameworkSummary,
  FrameworkVersionInfo,
  Normalisation,
  Run,
  RunAwards,
  RunCreate,
  RunNode,
  RunOptions,
  RunPublished,
  RunResult,
  RunSummary,
  SensitivityAssumptions,
  SensitivityJob,
  SensitivityResult,
  SensitivityUnit,
  UnitProfile,
  UnitResult,
  Weighting,
} from '@zhili/contracts';

export type NormMethod = Normalisation['method'];
export const AGGREGATIONS: Aggregation[] = ['arithmetic', 'geometric', 'harmonic', 'topsis'];
export const WEIGHTINGS: Weighting[] = ['fixed', 'equal', 'ahp', 'entropy', 'critic'];
export const NORM_METHODS: NormMethod[] = ['minmax', 'zscore', 'goalposts', 'target', 'rank', 'percentile'];

/** A stored framework version, its `framework` read as the typed Framework (the server validated it). */
export type FrameworkDetail = Omit<FrameworkVersion, 'framework'> & { framework: Framework };
