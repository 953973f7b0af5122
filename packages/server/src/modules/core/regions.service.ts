import type {
  ErrorDetail,
  ImportResult,
  Page,
  Region,
  RegionCreate,
  RegionDetail,
  RegionListQuery,
  RegionUpdate,
} from '@zhili/contracts';
import { pathWithin, requireAccess, scopeOf, type Scope } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { PlatformErrors, invalid } from '../../platform/errors.ts';
import { CoreErrors } from './core.errors.ts';
import { parseRegionCsv, planRegionImport, type StoredRegion } from './region-import.engine.ts';
import { ancestorCodes, childPath, isRegionLevel, placementProblems } from './regions.engine.ts';
import * as repo from './regions.repo.ts';

/** The API shape of a stored region. */
export function presentRegion(row: repo.RegionRow & { childCount?: number }): Region {
  if (!isRegionLevel(row.level)) throw new Error(`region ${row.code} has unknown level ${row.level}`);
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parentCode,
    path: row.path,
    illustrative: row.illustrative,
    ...(row.childCount === undefined ? {} : { childCount: row.childCount }),
  };
}

/**
 * The stored region a request refers to (`field` names where, e.g. `body.regionCode`); an
 * unknown code is bad input (400), not a missing resource.
 */
export async function resolveRegion(ctx: Ctx, code: string, field: string): Promise<repo.RegionWithChildren> {
  const region = await repo.findRegion(ctx.db, code);
  if (!region) throw invalid(field, `unknown region ${code}`, 'unknown_region');
  return region;
}

/** The path of a region's parent, or null for a root: scope checks on writes are made there. */
function parentPathOf(path: string): string | null {
  const up = ancestorCodes(path);
  return up.length === 0 ? null : up.join('/');
}

/** The outermost subtrees of a scope: nested grants add nothing to a list of roots. */
function scopeRoots(scope: Scope): string[] {
  const paths = [...new Set(scope.regionPaths)];
  const outermost = paths.filter((p) => !paths.some((q) => q !== p && pathWithin(p, q)));
  return outermost.map((p) => p.split('/').at(-1) ?? p);
}

/**
 * Lists regions: the children of `parent`, the roots of the caller's scope (no parent, q or
 * level), or a search by name/code prefix and level over the caller's scope (or below `parent`).
 */
export async function listRegions(ctx: Ctx, query: RegionListQuery): Promise<Page<Region>> {
  await requireAccess(ctx, 'region.read');
  const scope = scopeOf(ctx.actor, 'region.read');
  const searching = Boolean(query.q) || query.level !== undefined;
  let filter: repo.RegionFilter;
  if (query.parent) {
    const parent = await resolveRegion(ctx, query.parent, 'query.parent');
    await requireAccess(ctx, 'region.read', { regionPath: parent.path });
    filter = searching ? { below: parent.path, q: query.q, level: query.level } : { parentCode: parent.code };
  } else if (!searching) {
    filter = scope.all ? { rootsOnly: true } : { codes: scopeRoots(scope) };
  } else {
    filter = { q: query.q, level: query.level, visiblePaths: scope.all ? undefined : scope.regionPaths };
  }
  const { items, total } = await repo.listRegions(ctx.db, filter, query);
  return { items: items.map(presentRegion), total, page: query.page, pageSize: query.pageSize };
}

/** One region with its child count and its ancestors (root first) for breadcrumbs. */
export async function getRegion(ctx: Ctx, code: string): Promise<RegionDetail> {
  await requireAccess(ctx, 'region.read');
  const row = await repo.findRegion(ctx.db, code);
  if (!row) throw CoreErrors.REGION_NOT_FOUND([notFound('params.code', code)]);
  await requireAccess(ctx, 'region.read', { regionPath: row.path });
  const codes = ancestorCodes(row.path);
  const found = new Map((await repo.findRegions(ctx.db, codes)).map((r) => [r.code, r]));
  const ancestors = codes.flatMap((c) => {
    const a = found.get(c);
    return a ? [presentRegion(a)] : [];
  });
  return { ...presentRegion(row), childCount: row.childCount, ancestors };
}

/**
 * Adds one region under an existing parent within the caller's region.write scope; the code
 * and level must fit the parent (see placementProblems). A root needs an unrestricted grant.
 */
export async function createRegion(ctx: Ctx, input: RegionCreate): Promise<Region> {
  await requireAccess(ctx, 'region.write');
  const parent = input.parentCode === null ? null : await repo.findRegion(ctx.db, input.parentCode);
  if (input.parentCode !== null && !parent) {
    throw CoreErrors.REGION_PARENT_NOT_FOUND([notFound('body.parentCode', input.parentCode)]);
  }
  await requireAccess(ctx, 'region.write', parent ? { regionPath: parent.path } : {});
  const problems = placementProblems(input.code, input.level, parent ? presentRegion(parent) : null);
  if (problems.length > 0) {
    throw CoreErrors.REGION_PLACEMENT_INVALID(
      problems.map((p) => ({ path: `body.${p.field}`, code: p.code, message: p.message })),
    );
  }
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertRegion(tx, {
      code: input.code,
      name: input.name,
      level: input.level,
      parentCode: input.parentCode,
      path: childPath(parent?.path ?? null, input.code),
      illustrative: input.illustrative,
    });
    if (!row) {
      throw CoreErrors.REGION_CODE_TAKEN([
        { path: 'body.code', code: 'taken', message: `region ${input.code} already exists` },
      ]);
    }
    const created = presentRegion({ ...row, childCount: 0 });
    await recordAudit(ctx, tx, { action: 'region.create', entity: 'region', entityId: row.code, after: created });
    return created;
  });
}

/** Renames a region or flips its illustrative flag; needs write scope over its parent. */
export async function updateRegion(ctx: Ctx, code: string, patch: RegionUpdate): Promise<Region> {
  await requireAccess(ctx, 'region.write');
  const current = await repo.findRegion(ctx.db, code);
  if (!current) throw CoreErrors.REGION_NOT_FOUND([notFound('params.code', code)]);
  await requireAccess(ctx, 'region.write', { regionPath: parentPathOf(current.path) });
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findRegion(tx, code);
    const row = await repo.updateRegion(tx, code, patch);
    if (!before || !row) throw CoreErrors.REGION_NOT_FOUND([notFound('params.code', code)]);
    const after = presentRegion({ ...row, childCount: before.childCount });
    await recordAudit(ctx, tx, {
      action: 'region.update',
      entity: 'region',
      entityId: code,
      before: presentRegion(before),
      after,
    });
    return after;
  });
}

/**
 * Imports a region CSV (`code,name,level,parent_code[,illustrative]`): every row is checked
 * first and, if any is bad, nothing lands and REGION_IMPORT_INVALID lists every bad row as
 * `line N.field`. Otherwise new codes are inserted and stored ones updated, parent-first, in
 * one transaction. Rows whose parent is not in the file need write scope over that parent.
 * Used by the API, the CLI (`zhili regions import`) and the demo seed.
 */
export async function importRegionsCsv(ctx: Ctx, csvText: string): Promise<ImportResult> {
  await requireAccess(ctx, 'region.write');
  const parsed = parseRegionCsv(csvText);
  if (parsed.rows.length === 0 && parsed.problems.length > 0) throw CoreErrors.REGION_IMPORT_INVALID(parsed.problems);
  return ctx.db.transaction(async (tx) => {
    const codes = new Set(parsed.rows.flatMap((r) => [r.code, r.parentCode]).filter((c) => c !== ''));
    const stored = new Map<string, StoredRegion>((await repo.findRegions(tx, [...codes])).map((r) => [r.code, r]));
    const plan = planRegionImport(parsed, stored);
    if (!plan.ok) throw CoreErrors.REGION_IMPORT_INVALID(plan.problems);

    const scope = scopeOf(ctx.actor, 'region.write');
    const outOfScope: ErrorDetail[] = plan.rows
      .filter((r) => !r.parentInFile)
      .filter((r) => {
        const parentPath = parentPathOf(r.path);
        return !scope.all && (parentPath === null || !scope.regionPaths.some((p) => pathWithin(parentPath, p)));
      })
      .map((r) => ({
        path: `line ${r.line}.parent_code`,
        code: 'out_of_scope',
        message: `${r.parentCode ?? 'a root region'} is outside your region.write scope`,
      }));
    if (outOfScope.length > 0) throw PlatformErrors.OUT_OF_SCOPE(outOfScope);

    const setIllustrative = plan.rows.some((r) => r.illustrative !== null);
    const { inserted, updated } = await repo.upsertRegions(
      tx,
      plan.rows.map((r) => ({
        code: r.code,
        name: r.name,
        level: r.level,
        parentCode: r.parentCode,
        path: r.path,
        illustrative: r.illustrative ?? false,
      })),
      setIllustrative,
    );
    const result: ImportResult = {
      imported: inserted.length,
      updated: updated.length,
      unchanged: plan.rows.length - inserted.length - updated.length,
    };
    await recordAudit(ctx, tx, {
      action: 'region.import',
      entity: 'region',
      after: { ...result, inserted, updated },
    });
    return result;
  });
}

function notFound(path: string, code: string): ErrorDetail {
  return { path, code: 'not_found', message: `no region ${code}` };
}
