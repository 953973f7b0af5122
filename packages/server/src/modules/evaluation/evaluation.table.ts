import { sql } from 'drizzle-orm';
import {
  bigserial,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One version of an evaluation framework. The YAML is kept verbatim (what the evaluator wrote,
 * comments included) beside its parsed form; versions are never edited, a change is a new version.
 */
export const evalFrameworks = pgTable(
  'eval_frameworks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    /** The region the framework evaluates (its scope for access checks), e.g. 湖州市 3305. */
    regionCode: text('region_code').notNull(),
    name: jsonb('name').notNull(),
    yaml: text('yaml').notNull(),
    definition: jsonb('definition').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [uniqueIndex('eval_frameworks_code_version_uq').on(t.code, t.version)],
);

/** A validated panel (units × indicators × years) uploaded for one framework. */
export const evalDatasets = pgTable(
  'eval_datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    frameworkCode: text('framework_code').notNull(),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    /** `UnitInfo[]` and `PanelRow[]` as the engine reads them. */
    units: jsonb('units').notNull(),
    rows: jsonb('rows').notNull(),
    indicators: jsonb('indicators').notNull(),
    years: jsonb('years').notNull(),
    rowCount: integer('row_count').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [index('eval_datasets_framework_idx').on(t.frameworkCode)],
);

/**
 * One evaluation run: a draft until published. `version` counts runs of the same framework and
 * year, so a re-run never overwrites what was shown before.
 */
export const evalRuns = pgTable(
  'eval_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    frameworkCode: text('framework_code').notNull(),
    frameworkVersion: integer('framework_version').notNull(),
    regionCode: text('region_code').notNull(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => evalDatasets.id),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    options: jsonb('options').notNull(),
    result: jsonb('result').notNull(),
    awards: jsonb('awards').notNull(),
    status: text('status').notNull().default('draft'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by'),
    publishedAt: ts('published_at'),
    publishedBy: text('published_by'),
  },
  (t) => [
    uniqueIndex('eval_runs_framework_year_version_uq').on(t.frameworkCode, t.year, t.version),
    // One published run per framework and year: the published result and the roll never diverge.
    uniqueIndex('eval_runs_published_uq')
      .on(t.frameworkCode, t.year)
      .where(sql`${t.status} = 'published'`),
  ],
);

/** The champion tripod roll (冠军鼎): one line per framework and year, appended, never rewritten. */
export const evalChampions = pgTable(
  'eval_champions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    frameworkCode: text('framework_code').notNull(),
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    unitCode: text('unit_code').notNull(),
    unitName: text('unit_name').notNull(),
    score: doublePrecision('score').notNull(),
    runId: uuid('run_id')
      .notNull()
      .references(() => evalRuns.id),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('eval_champions_framework_year_uq').on(t.frameworkCode, t.year)],
);

/** A Monte Carlo sensitivity analysis of a run, computed by a background job. */
export const evalSensitivity = pgTable('eval_sensitivity', {
  id: uuid('id').primaryKey().defaultRandom(),
  runId: uuid('run_id')
    .notNull()
    .references(() => evalRuns.id),
  regionCode: text('region_code').notNull(),
  /** queued | running | done | failed */
  status: text('status').notNull().default('queued'),
  progress: real('progress').notNull().default(0),
  replications: integer('replications').notNull(),
  assumptions: jsonb('assumptions').notNull(),
  result: jsonb('result'),
  error: text('error'),
  createdAt: ts('created_at').notNull().defaultNow(),
  createdBy: text('created_by'),
  finishedAt: ts('finished_at'),
});
