import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';

/** A name in both languages (Chinese first). */
export const BilingualName = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type BilingualName = z.infer<typeof BilingualName>;

/** Codes are used as column names in data files and as keys in results. */
const Code = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'code: letters, digits, _ . - only');

/**
 * How an indicator's (transformed) raw value becomes a score. Every method maps better → higher:
 * for direction −1 the value is flipped (minmax uses (max − x)/(max − min)).
 */
export const Normalisation = z.discriminatedUnion('method', [
  /** (x − min)/(max − min) over the evaluated units, mapped onto `range`. */
  z.strictObject({
    method: z.literal('minmax'),
    range: z.tuple([z.number(), z.number()]).default([0, 100]),
  }),
  /** (x − mean)/sd over the units (population sd), then × sd' + mean'. */
  z.strictObject({
    method: z.literal('zscore'),
    mean: z.number().default(0),
    sd: z.number().positive().default(1),
  }),
  /** (x − min)/(max − min) with fixed goalposts, clamped to [0,1] when `cap`, onto `range`. */
  z.strictObject({
    method: z.literal('goalposts'),
    min: z.number(),
    max: z.number(),
    cap: z.boolean().default(true),
    range: z.tuple([z.number(), z.number()]).default([0, 1]),
  }),
  /** Distance to target: x/target (direction 1) capped at 1, onto `range`. */
  z.strictObject({
    method: z.literal('target'),
    target: z.number(),
    range: z.tuple([z.number(), z.number()]).default([0, 100]),
  }),
  /** Rank among units (fractional ranks for ties), best = n. */
  z.strictObject({ method: z.literal('rank') }),
  /** Percentile rank 0–100: share of other units strictly worse, ties counted half. */
  z.strictObject({ method: z.literal('percentile') }),
]);
export type Normalisation = z.infer<typeof Normalisation>;

/** Applied to the raw value before normalisation: caps first, then natural log. */
export const Transform = z.strictObject({
  log: z.boolean().default(false),
  capMin: z.number().nullable().default(null),
  capMax: z.number().nullable().default(null),
});
export type Transform = z.infer<typeof Transform>;

/** 一票否决: a raw value below `below` or above `above` vetoes the unit from every award. */
export const Veto = z.strictObject({
  below: z.number().nullable().optional(),
  above: z.number().nullable().optional(),
});
export type Veto = z.infer<typeof Veto>;

/**
 * 加减分: `points` for every whole `per` of raw value above `from` (default 0), at most |max| in
 * total; negative `points` make it a penalty. Added to the index score.
 */
export const Bonus = z.strictObject({
  per: z.number().positive(),
  points: z.number(),
  max: z.number().nullable().optional(),
  from: z.number().default(0),
});
export type Bonus = z.infer<typeof Bonus>;

export const Aggregation = z.enum(['arithmetic', 'geometric', 'harmonic', 'topsis']);
export type Aggregation = z.infer<typeof Aggregation>;
export const Weighting = z.enum(['fixed', 'equal', 'ahp', 'entropy', 'critic']);
export type Weighting = z.infer<typeof Weighting>;

/** `validRange: { min: 0, max: 100 }` on an indicator: raw values outside are import errors. */
export const ValidRange = z.strictObject({ min: z.number().optional(), max: z.number().optional() });
export type ValidRange = z.infer<typeof ValidRange>;

/**
 * One node of the framework tree. A node with `indicator: true` is a leaf read from the data
 * (direction, normalisation, …); any other node aggregates its `children`.
 */
export interface FrameworkNode {
  code: string;
  name: BilingualName;
  indicator?: boolean;
  /** Weight within the parent (fixed weighting); default 1. */
  weight: number;
  // aggregate nodes
  aggregation: Aggregation;
  weighting: Weighting;
  /** AHP pairwise comparison matrix over `children` in order. */
  pairwise?: number[][];
  children?: FrameworkNode[];
  // indicators
  unit?: string;
  direction: 1 | -1;
  appliesTo?: string[];
  denominator?: string;
  transform?: Transform;
  normalisation: Normalisation;
  veto?: Veto;
  bonus?: Bonus;
  /** Declared valid range of the raw value: data outside it is refused at import. */
  validRange?: ValidRange;
  description?: string;
}
/** The YAML shape of a node (defaults not yet applied). */
export type FrameworkNodeInput = z.input<typeof FrameworkNodeBase> & { children?: FrameworkNodeInput[] };

const FrameworkNodeBase = z.strictObject({
  code: Code,
  name: BilingualName,
  indicator: z.boolean().optional(),
  weight: z.number().nonnegative().default(1),
  aggregation: Aggregation.default('arithmetic'),
  weighting: Weighting.default('fixed'),
  pairwise: z.array(z.array(z.number().positive())).optional(),
  unit: z.string().optional(),
  direction: z.union([z.literal(1), z.literal(-1)]).default(1),
  appliesTo: z.array(z.string()).optional(),
  denominator: Code.optional(),
  transform: Transform.optional(),
  normalisation: Normalisation.default({ method: 'minmax', range: [0, 100] }),
  veto: Veto.optional(),
  bonus: Bonus.optional(),
  validRange: ValidRange.optional(),
  description: z.string().optional(),
});

/** A framework node, recursively. */
export const FrameworkNode: z.ZodType<FrameworkNode, FrameworkNodeInput> = FrameworkNodeBase.extend({
  get children() {
    return z.array(FrameworkNode).optional();
  },
}).superRefine((n, ctx) => {
  if (n.indicator === true && n.children && n.children.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['children'], message: 'an indicator has no children' });
  }
  if (n.indicator !== true && (!n.children || n.children.length === 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['children'],
      message: 'an aggregate node needs children (or indicator: true)',
    });
  }
  if (n.weighting === 'ahp') {
    const k = n.children?.length ?? 0;
    const m = n.pairwise;
    if (!m) ctx.addIssue({ code: 'custom', path: ['pairwise'], message: 'weighting ahp needs a pairwise matrix' });
    else if (m.length !== k || m.some((r) => r.length !== k)) {
      ctx.addIssue({ code: 'custom', path: ['pairwise'], message: `pairwise must be ${k}×${k} (one row per child)` });
    }
  }
});

/** Competitive awards within a level (差额): everyone but the bottom N / X%, above a minimum score. */
export const CompetitiveAwardRule = z.strictObject({
  level: z.string(),
  excludeBottom: z.number().int().nonnegative().nullable().default(null),
  excludeBottomPercent: z.number().min(0).max(100).nullable().default(null),
  minScore: z.number().nullable().default(null),
});
export type CompetitiveAwardRule = z.infer<typeof CompetitiveAwardRule>;

/** Capped awards: ranked city-wide, at most `perParentCapShare` of each parent's units, total ≤ quota. */
export const CappedAwardRule = z.strictObject({
  level: z.string(),
  perParentCapShare: z.number().min(0).max(1).nullable().default(null),
  capRounding: z.enum(['floor', 'round', 'ceil']).default('floor'),
  totalQuota: z.number().int().nonnegative().nullable().default(null),
  minScore: z.number().nullable().default(null),
  rankScope: z.enum(['city', 'parent']).default('city'),
});
export type CappedAwardRule = z.infer<typeof CappedAwardRule>;

/** The champion (冠军鼎): rank 1 of this level, appended to the roll each year. */
export const ChampionRule = z.strictObject({ level: z.string() });
export type ChampionRule = z.infer<typeof ChampionRule>;

export const AwardsRules = z.strictObject({
  county: CompetitiveAwardRule.optional(),
  township: CappedAwardRule.optional(),
  champion: ChampionRule.optional(),
});
export type AwardsRules = z.infer<typeof AwardsRules>;

/** A whole evaluation framework, as written in YAML. */
export const Framework = z
  .strictObject({
    code: Code,
    version: z.number().int().positive().default(1),
    name: BilingualName,
    description: z.string().optional(),
    unitLevels: z.array(z.string().min(1)).min(1),
    /** Round the ranked value to this many decimals before ranking (UNDP ranks HDI on 3). */
    rankDecimals: z.number().int().min(0).max(12).nullable().optional(),
    index: FrameworkNode,
    awards: AwardsRules.optional(),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    const walk = (n: FrameworkNode, path: (string | number)[]) => {
      if (seen.has(n.code))
        ctx.addIssue({ code: 'custom', path: [...path, 'code'], message: `duplicate code ${n.code}` });
      seen.add(n.code);
      for (const lv of n.appliesTo ?? []) {
        if (!f.unitLevels.includes(lv)) {
          ctx.addIssue({ code: 'custom', path: [...path, 'appliesTo'], message: `unknown unit level ${lv}` });
        }
      }
      n.children?.forEach((c, i) => walk(c, [...path, 'children', i]));
    };
    walk(f.index, ['index']);
  });
export type Framework = z.infer<typeof Framework>;
export type FrameworkInput = z.input<typeof Framework>;

/** One observation of the panel. */
export const PanelRow = z.strictObject({
  unit: z.string(),
  indicator: z.string(),
  year: z.number().int(),
  value: z.number().nullable(),
});
export type PanelRow = z.infer<typeof PanelRow>;

/** A unit evaluated: county, township, country… `group` feeds group-mean imputation. */
export const UnitInfo = z.strictObject({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parent: z.string().nullable().optional(),
  group: z.record(z.string(), z.string()).optional(),
});
export type UnitInfo = z.infer<typeof UnitInfo>;

export const Dataset = z.strictObject({ units: z.array(UnitInfo), rows: z.array(PanelRow) });
export type Dataset = z.infer<typeof Dataset>;

export const ImputationMethod = z.enum(['none', 'mean', 'median', 'groupMean', 'previousYear', 'linear']);
export type ImputationMethod = z.infer<typeof ImputationMethod>;

/** Choices of one run that are not part of the framework. */
export const RunOptions = z.strictObject({
  year: z.number().int(),
  imputation: z.strictObject({ method: ImputationMethod, groupBy: z.string().optional() }).optional(),
  outliers: z
    .discriminatedUnion('method', [
      z.strictObject({ method: z.literal('none') }),
      z.strictObject({
        method: z.literal('winsorise'),
        maxPoints: z.number().int().nonnegative().optional(),
        skewThreshold: z.number().optional(),
        kurtThreshold: z.number().optional(),
        logFallback: z.boolean().optional(),
      }),
    ])
    .optional(),
  screening: z.strictObject({ minAvailability: z.number().min(0).max(1).optional() }).optional(),
});
export type RunOptions = z.infer<typeof RunOptions>;

/** One unit's results. */
export const UnitResult = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parent: z.string().nullable(),
  /** Index score including bonus/penalty points. */
  score: z.number(),
  /** Competition rank ("1224") within the unit's level. */
  rank: z.number().int(),
  /** Every node code (indicators: the normalised value) → score. */
  scores: z.record(z.string(), z.number()),
  raw: z.record(z.string(), z.number().nullable()),
  /** Indicator → contribution to the index score. */
  contributions: z.record(z.string(), z.number()),
  vetoed: z.boolean(),
  vetoReasons: z.array(z.string()),
  bonus: z.number(),
});
export type UnitResult = z.infer<typeof UnitResult>;

export const RunNode = z.object({
  code: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  parent: z.string().nullable(),
  indicator: z.boolean(),
  /** Effective weight within the parent after weighting (sums to 1 among siblings). */
  weight: z.number(),
});
export type RunNode = z.infer<typeof RunNode>;

/** The output of `runEvaluation`. */
export const RunResult = z.object({
  year: z.number().int(),
  /** Sorted by level (framework order), then rank. */
  units: z.array(UnitResult),
  nodes: z.array(RunNode),
  imputed: z.array(z.object({ unit: z.string(), indicator: z.string(), method: z.string() })),
  treated: z.array(z.object({ indicator: z.string(), method: z.enum(['winsorise', 'log']), points: z.number().int() })),
  dropped: z.array(z.object({ unit: z.string(), reason: z.string() })),
});
export type RunResult = z.infer<typeof RunResult>;

/** One problem found while reading a framework. `path` is dotted: `index.children.0.weight`. */
export interface FrameworkIssue {
  path: string;
  code: string;
  message: string;
}

/** Thrown by `parseFrameworkYaml`; lists every problem found. */
export class FrameworkParseError extends Error {
  readonly issues: FrameworkIssue[];
  constructor(issues: FrameworkIssue[]) {
    super(`invalid framework: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'FrameworkParseError';
    this.issues = issues;
  }
}

/** Parse and validate a framework YAML text. Throws `FrameworkParseError` with every issue. */
export function parseFrameworkYaml(text: string): Framework {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new FrameworkParseError([{ path: '', code: 'yaml', message: e instanceof Error ? e.message : String(e) }]);
  }
  const r = Framework.safeParse(doc);
  if (!r.success) {
    throw new FrameworkParseError(
      r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message })),
    );
  }
  return r.data;
}

/** Drop the fields a node carries only because of defaults that do not apply to its kind. */
function tidyNode(n: FrameworkNodeInput): Record<string, unknown> {
  const out: Record<string, unknown> = { ...n };
  if (n.indicator === true) {
    if (n.aggregation === 'arithmetic') delete out.aggregation;
    if (n.weighting === 'fixed') delete out.weighting;
  } else {
    if (n.direction === 1) delete out.direction;
    const norm = n.normalisation as { method?: string; range?: number[] } | undefined;
    if (norm?.method === 'minmax' && norm.range?.[0] === 0 && norm.range[1] === 100) delete out.normalisation;
    if (n.children) out.children = n.children.map(tidyNode);
  }
  return out;
}

/** Serialise a framework to YAML (round-trips through `parseFrameworkYaml`). */
export function frameworkToYaml(f: Framework | FrameworkInput): string {
  const doc = { ...f, index: tidyNode(f.index) };
  return stringifyYaml(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
