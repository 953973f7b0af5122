import {
  FrameworkParseError,
  parseFrameworkYaml,
  type DatasetAvailability,
  type DatasetListQuery,
  type DatasetSummary,
  type DatasetUploadQuery,
  type Framework,
  type FrameworkCreate,
  type FrameworkCreated,
  type FrameworkListQuery,
  type FrameworkNode,
  type FrameworkSummary,
  type FrameworkVersion,
  type FrameworkVersionInfo,
  type Page,
  type PanelRow,
  type UnitInfo,
} from '@zhili/contracts';
import { requireAccess, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { pgErrorCode } from '../../platform/scheduler.ts';
import { issuePath } from './data-import.engine.ts';
import { parseDatasetFile } from './data-import.xlsx.ts';
import { EvaluationErrors } from './evaluation.errors.ts';
import * as repo from './evaluation.repo.ts';

/** The rows of a table a caller may see for evaluation.read. */
export function visibleFor(ctx: Ctx): repo.Visible {
  const scope = scopeOf(ctx.actor, 'evaluation.read');
  return { all: scope.all, regionPaths: scope.regionPaths };
}

/** The indicator leaves of a framework tree, in document order. */
export function indicatorsOf(node: FrameworkNode): FrameworkNode[] {
  if (node.indicator) return [node];
  return (node.children ?? []).flatMap(indicatorsOf);
}

/** Every node of a framework tree (index first), with its zh/en name. */
export function nodesOf(node: FrameworkNode): FrameworkNode[] {
  return [node, ...(node.children ?? []).flatMap(nodesOf)];
}

const frameworkNotFound = (code: string, version?: number) =>
  EvaluationErrors.EVAL_FRAMEWORK_NOT_FOUND([
    { path: 'params.code', code: 'not_found', message: version ? `${code} v${version}` : code },
  ]);

/** The stored framework (latest unless `version`), 404 when missing. No access check: callers do it. */
export async function loadFramework(ctx: Ctx, code: string, version?: number): Promise<repo.FrameworkRow> {
  const row = version
    ? await repo.findFrameworkVersion(ctx.db, code, version)
    : await repo.latestFramework(ctx.db, code);
  if (!row) throw frameworkNotFound(code, version);
  return row;
}

function presentVersion(row: repo.FrameworkRow): FrameworkVersion {
  return {
    code: row.code,
    version: row.version,
    regionCode: row.regionCode,
    name: row.name as FrameworkVersion['name'],
    framework: row.definition as Record<string, unknown>,
    yaml: row.yaml,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

/** Lists the latest version of each framework in the caller's scope. */
export async function listFrameworks(ctx: Ctx, query: FrameworkListQuery): Promise<Page<FrameworkSummary>> {
  await requireAccess(ctx, 'evaluation.read');
  const { items, total } = await repo.listLatestFrameworks(ctx.db, { q: query.q, visible: visibleFor(ctx) }, query);
  return {
    items: items.map((row) => ({
      code: row.code,
      version: row.version,
      name: row.name as FrameworkSummary['name'],
      regionCode: row.regionCode,
      updatedAt: row.createdAt.toISOString(),
      indicatorCount: indicatorsOf((row.definition as Framework).index).length,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * Stores a framework from its YAML: a new code gets version 1, an existing code its next version
 * (the server numbers versions; the YAML's own `version` is overwritten). Every schema problem is
 * reported at once, with paths like `index.children.0.weight`.
 */
export async function createFramework(ctx: Ctx, input: FrameworkCreate): Promise<FrameworkCreated> {
  await requireAccess(ctx, 'evaluation.write', { regionCode: input.regionCode });
  let parsed: Framework;
  try {
    parsed = parseFrameworkYaml(input.yaml);
  } catch (err) {
    if (!(err instanceof FrameworkParseError)) throw err;
    throw EvaluationErrors.EVAL_FRAMEWORK_INVALID(
      err.issues.map((i) => ({ path: i.path === '' ? 'yaml' : i.path, code: i.code, message: i.message })),
    );
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const existing = await repo.latestFramework(tx, parsed.code);
      if (existing && existing.regionCode !== input.regionCode) {
        throw EvaluationErrors.EVAL_FRAMEWORK_REGION_MISMATCH([
          {
            path: 'body.regionCode',
            code: 'region_mismatch',
            message: `${parsed.code} belongs to ${existing.regionCode}`,
          },
        ]);
      }
      const framework: Framework = { ...parsed, version: (existing?.version ?? 0) + 1 };
      const row = await repo.insertFramework(tx, {
        code: framework.code,
        version: framework.version,
        regionCode: input.regionCode,
        name: framework.name,
        yaml: input.yaml,
        definition: framework,
        createdBy: ctx.actor.name,
      });
      await recordAudit(ctx, tx, {
        action: 'evaluation.framework.create',
        entity: 'eval_framework',
        entityId: `${row.code}@${row.version}`,
        after: {
          code: row.code,
          version: row.version,
          regionCode: row.regionCode,
          name: framework.name,
          indicators: indicatorsOf(framework.index).length,
        },
      });
      return { code: row.code, version: row.version, framework: framework as unknown as Record<string, unknown> };
    });
  } catch (err) {
    // Two uploads of the same code at once: one wins the version number, the other retries.
    if (pgErrorCode(err) === '23505') throw PlatformErrors.CONFLICT();
    throw err;
  }
}

/** One framework version (the latest unless `version`), with its YAML. */
export async function getFramework(ctx: Ctx, code: string, version?: number): Promise<FrameworkVersion> {
  await requireAccess(ctx, 'evaluation.read');
  const row = await loadFramework(ctx, code, version);
  await requireAccess(ctx, 'evaluation.read', { regionCode: row.regionCode });
  return presentVersion(row);
}

/** Every stored version of a framework, newest first. */
export async function listFrameworkVersions(ctx: Ctx, code: string): Promise<FrameworkVersionInfo[]> {
  await requireAccess(ctx, 'evaluation.read');
  const latest = await loadFramework(ctx, code);
  await requireAccess(ctx, 'evaluation.read', { regionCode: latest.regionCode });
  const rows = await repo.listFrameworkVersions(ctx.db, code);
  return rows.map((r) => {
    const { framework: _f, yaml: _y, ...info } = presentVersion(r);
    return info;
  });
}

// ── datasets ────────────────────────────────────────────────────────────────────────────────

function presentDataset(row: repo.DatasetHead): DatasetSummary {
  const indicators = row.indicators as string[];
  return {
    id: row.id,
    name: row.name,
    frameworkCode: row.frameworkCode,
    units: row.unitCount,
    indicators: indicators.length,
    indicatorCodes: indicators,
    years: row.years as number[],
    rows: row.rowCount,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Imports a CSV or XLSX file (wide or long) for a framework. Every problem is listed
 * (`row 12.PM25`) and nothing is stored unless the whole file is clean.
 */
export async function uploadDataset(ctx: Ctx, query: DatasetUploadQuery, data: Uint8Array): Promise<DatasetSummary> {
  await requireAccess(ctx, 'evaluation.write');
  const framework = await loadFramework(ctx, query.framework);
  await requireAccess(ctx, 'evaluation.write', { regionCode: framework.regionCode });
  const parsed = await parseDatasetFile(data, { framework: framework.definition as Framework });
  if (!parsed.ok) {
    throw EvaluationErrors.EVAL_DATA_INVALID(
      parsed.issues.map((i) => ({ path: issuePath(i), code: i.code, message: i.message })),
    );
  }
  const name = query.name ?? `${framework.code} ${parsed.years.join(',')}`;
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertDataset(tx, {
      frameworkCode: framework.code,
      regionCode: framework.regionCode,
      name,
      units: parsed.dataset.units,
      rows: parsed.dataset.rows,
      indicators: parsed.indicators,
      years: parsed.years,
      rowCount: parsed.dataset.rows.length,
      createdBy: ctx.actor.name,
    });
    const out = presentDataset(row);
    await recordAudit(ctx, tx, {
      action: 'evaluation.dataset.create',
      entity: 'eval_dataset',
      entityId: row.id,
      after: { ...out, indicatorCodes: undefined, format: parsed.format },
    });
    return out;
  });
}

/** Datasets in the caller's scope, newest first. */
export async function listDatasets(ctx: Ctx, query: DatasetListQuery): Promise<Page<DatasetSummary>> {
  await requireAccess(ctx, 'evaluation.read');
  const { items, total } = await repo.listDatasets(
    ctx.db,
    { framework: query.framework, q: query.q, visible: visibleFor(ctx) },
    query,
  );
  return { items: items.map(presentDataset), total, page: query.page, pageSize: query.pageSize };
}

/** The dataset row, 404 when missing. No access check: callers do it. */
export async function loadDataset(ctx: Ctx, id: string): Promise<repo.DatasetRow> {
  const row = await repo.findDataset(ctx.db, id);
  if (!row) throw EvaluationErrors.EVAL_DATASET_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  return row;
}

/**
 * Data availability (the screen before a run): per indicator and per unit, how many of the
 * expected cells (units × indicators that apply to their level, in `year` or every year) hold a value.
 */
export async function datasetAvailability(ctx: Ctx, id: string, year?: number): Promise<DatasetAvailability> {
  await requireAccess(ctx, 'evaluation.read');
  const row = await loadDataset(ctx, id);
  await requireAccess(ctx, 'evaluation.read', { regionCode: row.regionCode });
  const framework = await loadFramework(ctx, row.frameworkCode);
  const def = framework.definition as Framework;
  const units = row.units as UnitInfo[];
  const years = year === undefined ? (row.years as number[]) : [year];
  const indicators = indicatorsOf(def.index);
  const have = new Set<string>();
  for (const r of row.rows as PanelRow[]) {
    if (r.value !== null && years.includes(r.year)) have.add(`${r.unit}\u0000${r.indicator}\u0000${r.year}`);
  }
  const applies = (n: FrameworkNode, level: string) => !n.appliesTo || n.appliesTo.includes(level);
  const byIndicator = new Map(indicators.map((n) => [n.code, { available: 0, expected: 0 }]));
  const byUnit = units.map((u) => {
    let available = 0;
    let expected = 0;
    for (const n of indicators) {
      if (!applies(n, u.level)) continue;
      const cell = byIndicator.get(n.code)!;
      for (const y of years) {
        const ok = have.has(`${u.code}\u0000${n.code}\u0000${y}`);
        expected += 1;
        cell.expected += 1;
        if (ok) {
          available += 1;
          cell.available += 1;
        }
      }
    }
    return {
      code: u.code,
      name: u.name,
      level: u.level,
      available,
      expected,
      share: expected ? available / expected : 0,
    };
  });
  return {
    year: year ?? null,
    indicators: [...byIndicator].map(([code, c]) => ({ code, ...c, share: c.expected ? c.available / c.expected : 0 })),
    units: byUnit,
  };
}
