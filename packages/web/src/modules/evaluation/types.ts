/**
 * Shapes of the evaluation HTTP API as the web app reads them (see docs/evaluation.md). They are
 * kept loose where the server may add fields: the screens only rely on what is named here.
 */

export interface I18nName {
  zh: string;
  en: string;
}

export type Aggregation = 'arithmetic' | 'geometric' | 'harmonic' | 'topsis';
export type Weighting = 'fixed' | 'equal' | 'ahp' | 'entropy' | 'critic';
export type NormMethod = 'minmax' | 'zscore' | 'goalposts' | 'target' | 'rank' | 'percentile';

export const AGGREGATIONS: Aggregation[] = ['arithmetic', 'geometric', 'harmonic', 'topsis'];
export const WEIGHTINGS: Weighting[] = ['fixed', 'equal', 'ahp', 'entropy', 'critic'];
export const NORM_METHODS: NormMethod[] = ['minmax', 'zscore', 'goalposts', 'target', 'rank', 'percentile'];

/** An indicator's normalisation; only the parameters of its method are meaningful. */
export interface Normalisation {
  method: NormMethod;
  range?: [number, number];
  mean?: number;
  sd?: number;
  min?: number;
  max?: number;
  cap?: boolean;
  target?: number;
}

/** A node of the framework tree: the index, a group, or (with `indicator: true`) an indicator. */
export interface FrameworkNode {
  code: string;
  name: I18nName;
  weight?: number;
  aggregation?: Aggregation;
  weighting?: Weighting;
  pairwise?: number[][];
  children?: FrameworkNode[];
  indicator?: boolean;
  unit?: string;
  direction?: 1 | -1;
  appliesTo?: string[];
  denominator?: string;
  transform?: { log?: boolean; capMin?: number | null; capMax?: number | null };
  normalisation?: Normalisation;
  veto?: { below?: number | null; above?: number | null };
  bonus?: { per: number; points: number; max: number };
}

export interface Framework {
  code: string;
  version: number;
  name: I18nName;
  unitLevels: string[];
  rankDecimals?: number;
  index: FrameworkNode;
  awards?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface FrameworkSummary {
  code: string;
  version: number;
  name: I18nName;
  regionCode: string;
  updatedAt: string;
  indicatorCount: number;
}

export interface FrameworkDetail {
  code: string;
  version: number;
  regionCode: string;
  framework: Framework;
  yaml: string;
  createdAt: string;
  createdBy?: string | null;
}

export interface DatasetSummary {
  id: string;
  name: string;
  units: number;
  indicators: number;
  years: number[];
  rows: number;
  createdAt?: string;
}

/** Availability: per indicator, the share of units with a value (0..1), optionally per year. */
export interface Availability {
  indicators: string[];
  years?: number[];
  byIndicator: Record<string, number>;
  byIndicatorYear?: Record<string, Record<string, number>>;
  byUnit?: Record<string, number>;
  [extra: string]: unknown;
}

export interface RunOptions {
  year: number;
  imputation?: { method: 'none' | 'mean' | 'median' | 'groupMean' | 'previousYear' | 'linear'; groupBy?: string };
  outliers?:
    | { method: 'none' }
    | { method: 'winsorise'; maxPoints?: number; skewThreshold?: number; kurtThreshold?: number; logFallback?: boolean };
  screening?: { minAvailability?: number };
}

export interface UnitResult {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  score: number;
  rank: number;
  scores: Record<string, number>;
  raw: Record<string, number | null>;
  contributions: Record<string, number>;
  vetoed: boolean;
  vetoReasons: string[];
  bonus: number;
}

export interface ResultNode {
  code: string;
  name: I18nName;
  parent: string | null;
  indicator: boolean;
  weight: number;
}

export interface RunResult {
  year: number;
  units: UnitResult[];
  nodes: ResultNode[];
  imputed: { unit: string; indicator: string; method: string }[];
  treated: { indicator: string; method: string; points: number }[];
  dropped: { unit: string; reason: string }[];
}

/** Award outcome; `awarded` is a list of unit codes (a Set does not survive JSON). */
export interface Awards {
  awarded: string[] | Record<string, boolean>;
  caps: Record<string, { cap: number; awarded: number }>;
  champion: string | null;
  explanation: string[];
  county?: string[];
  township?: string[];
  [extra: string]: unknown;
}

export type RunStatus = 'draft' | 'published';

export interface RunSummary {
  id: string;
  framework: string;
  frameworkVersion?: number;
  year: number;
  version: number;
  status: RunStatus;
  createdAt?: string;
  publishedAt?: string | null;
}

export interface Run extends RunSummary {
  result: RunResult;
  awards: Awards;
  options?: RunOptions;
  dataset?: string;
}

export interface UnitProfile {
  unit: UnitResult;
  [extra: string]: unknown;
}

export interface Champion {
  year: number;
  unitCode: string;
  unitName: string;
  score: number;
  runId: string;
  publishedAt: string;
}

export interface SensitivityAssumptions {
  weights?: { percent: number };
  normalisation?: NormMethod[];
  aggregation?: Aggregation[];
  imputation?: string[];
  dropIndicator?: boolean;
  [extra: string]: unknown;
}

export interface SensitivityUnit {
  code: string;
  name?: string;
  rank?: number;
  p5: number;
  p95: number;
  median?: number;
  awardProbability?: number;
}

export interface SensitivityJob {
  id?: string;
  status: 'queued' | 'running' | 'done' | 'failed' | string;
  progress: number;
  result?: {
    units: SensitivityUnit[];
    sobol?: { factor: string; first: number; total: number; firstCi?: [number, number]; totalCi?: [number, number] }[];
    replications?: number;
    [extra: string]: unknown;
  };
  error?: string;
}
