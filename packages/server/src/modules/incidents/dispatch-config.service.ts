import type {
  DispatchRule,
  DispatchRuleInput,
  DispatchRuleListQuery,
  ErrorDetail,
  HandlingLevel,
  IncidentPrefix,
  OutlineImportResult,
  Page,
  RegionOutlineCollection,
} from '@zhili/contracts';
import { checkAccess, requireAccess } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, PlatformErrors, invalid } from '../../platform/errors.ts';
import { ConfigErrors, afterConfigWrite, iso, requireSignedIn } from './config.service.ts';
import { bboxOf, parseOutlines } from './geo.engine.ts';
import { invalidateIncidentConfig } from './intake.cache.ts';
import * as repo from './config.repo.ts';

/**
 * The configuration that belongs to a region: dispatch rules, region outlines and incident
 * number prefixes. Each write needs incident.configure over the regions it touches.
 */
// ── dispatch rules ────────────────────────────────────────────────────────────────────────────

export function presentDispatchRule(row: repo.DispatchRuleRow): DispatchRule {
  return {
    id: row.id,
    categoryCode: row.categoryCode,
    regionCode: row.regionCode,
    handlingLevel: row.handlingLevel as HandlingLevel,
    organizationId: row.organizationId,
    autoDispatch: row.autoDispatch,
    order: row.order,
    active: row.active,
    createdAt: iso(row.createdAt),
  };
}

/** Checks a rule's references and returns its region path; throws with every problem at once. */
async function ruleRegionPath(ctx: Ctx, input: DispatchRuleInput): Promise<string> {
  const problems: ErrorDetail[] = [];
  const region = (await repo.regionsByCode(ctx.db, [input.regionCode])).get(input.regionCode);
  if (!region)
    problems.push({
      path: 'body.regionCode',
      code: 'unknown_region',
      message: `区域不存在 / unknown region ${input.regionCode}`,
    });
  if (input.categoryCode !== null && !(await repo.findCategory(ctx.db, input.categoryCode))) {
    problems.push({
      path: 'body.categoryCode',
      code: 'unknown_category',
      message: `类别不存在 / unknown category ${input.categoryCode}`,
    });
  }
  if (input.organizationId !== null && !(await repo.organizationExists(ctx.db, input.organizationId))) {
    problems.push({
      path: 'body.organizationId',
      code: 'unknown_organization',
      message: '单位不存在 / unknown organization',
    });
  }
  if (input.handlingLevel === 'department' && input.organizationId === null) {
    problems.push({
      path: 'body.organizationId',
      code: 'required',
      message: '部门承办须指定单位 / a department rule needs its organization',
    });
  }
  if (problems.length > 0 || !region) throw PlatformErrors.VALIDATION_FAILED(problems);
  return region.path;
}

export async function listDispatchRules(ctx: Ctx, query: DispatchRuleListQuery): Promise<Page<DispatchRule>> {
  await requireAccess(ctx, 'incident.read');
  let withinPath: string | undefined;
  if (query.regionCode !== undefined) {
    withinPath = (await repo.regionsByCode(ctx.db, [query.regionCode])).get(query.regionCode)?.path;
    if (withinPath === undefined)
      throw invalid('query.regionCode', `unknown region ${query.regionCode}`, 'unknown_region');
  }
  const active = query.active === undefined ? undefined : query.active === 'true';
  const { rows, total } = await repo.listDispatchRules(
    ctx.db,
    { categoryCode: query.categoryCode, withinPath, active },
    query,
  );
  return { items: rows.map(presentDispatchRule), total, page: query.page, pageSize: query.pageSize };
}

export async function createDispatchRule(ctx: Ctx, input: DispatchRuleInput): Promise<DispatchRule> {
  await requireAccess(ctx, 'incident.configure');
  const regionPath = await ruleRegionPath(ctx, input);
  await requireAccess(ctx, 'incident.configure', { regionPath });
  const created = await ctx.db.transaction(async (tx) => {
    const out = presentDispatchRule(await repo.insertDispatchRule(tx, { ...input, regionPath }));
    await invalidateIncidentConfig(tx);
    await recordAudit(ctx, tx, {
      action: 'dispatch_rule.create',
      entity: 'dispatch_rule',
      entityId: out.id,
      after: out,
    });
    return out;
  });
  await afterConfigWrite();
  return created;
}

async function existingRule(ctx: Ctx, id: string): Promise<repo.DispatchRuleRow> {
  const row = await repo.findDispatchRule(ctx.db, id);
  if (!row) throw ConfigErrors.DISPATCH_RULE_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  // Moving a rule needs scope over where it was as well as where it goes.
  await requireAccess(ctx, 'incident.configure', { regionPath: row.regionPath });
  return row;
}

export async function updateDispatchRule(ctx: Ctx, id: string, input: DispatchRuleInput): Promise<DispatchRule> {
  await requireAccess(ctx, 'incident.configure');
  const before = await existingRule(ctx, id);
  const regionPath = await ruleRegionPath(ctx, input);
  await requireAccess(ctx, 'incident.configure', { regionPath });
  const updated = await ctx.db.transaction(async (tx) => {
    const row = await repo.updateDispatchRule(tx, id, { ...input, regionPath });
    if (!row) throw ConfigErrors.DISPATCH_RULE_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
    const out = presentDispatchRule(row);
    await invalidateIncidentConfig(tx);
    await recordAudit(ctx, tx, {
      action: 'dispatch_rule.update',
      entity: 'dispatch_rule',
      entityId: id,
      before: presentDispatchRule(before),
      after: out,
    });
    return out;
  });
  await afterConfigWrite();
  return updated;
}

export async function deleteDispatchRule(ctx: Ctx, id: string): Promise<void> {
  await requireAccess(ctx, 'incident.configure');
  await existingRule(ctx, id);
  await ctx.db.transaction(async (tx) => {
    const row = await repo.deleteDispatchRule(tx, id);
    if (!row) throw ConfigErrors.DISPATCH_RULE_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
    await invalidateIncidentConfig(tx);
    await recordAudit(ctx, tx, {
      action: 'dispatch_rule.delete',
      entity: 'dispatch_rule',
      entityId: id,
      before: presentDispatchRule(row),
    });
  });
  await afterConfigWrite();
}

// ── region outlines ───────────────────────────────────────────────────────────────────────────

export async function getOutlines(ctx: Ctx, within: string | undefined): Promise<RegionOutlineCollection> {
  requireSignedIn(ctx);
  let withinPath: string | null = null;
  if (within !== undefined) {
    withinPath = (await repo.regionsByCode(ctx.db, [within])).get(within)?.path ?? null;
    if (withinPath === null) throw invalid('query.within', `unknown region ${within}`, 'unknown_region');
  }
  const rows = await repo.listOutlines(ctx.db, withinPath);
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature' as const,
      properties: { code: r.code, name: r.name, level: r.level },
      geometry: r.geometry,
    })),
  };
}

/**
 * Loads region outlines from a GeoJSON FeatureCollection: every feature is checked (geometry,
 * known region, the caller's scope) and, if any is bad, nothing lands and every bad feature is
 * listed as `body.features[i]…`. Otherwise all are upserted in one transaction.
 */
export async function putOutlines(ctx: Ctx, collection: unknown): Promise<OutlineImportResult> {
  await requireAccess(ctx, 'incident.configure');
  const parsed = parseOutlines(collection);
  const problems: ErrorDetail[] = parsed.errors.map((e) => ({
    path: e.path.startsWith('features') || e.path === 'type' ? `body.${e.path}` : `body.features[${e.index}].${e.path}`,
    code: 'invalid_feature',
    message: e.message,
  }));
  const known = await repo.regionsByCode(
    ctx.db,
    parsed.items.map((i) => i.code),
  );
  const features = (collection as { features: { properties?: { code?: unknown } }[] }).features;
  const indexOf = new Map(features.map((f, i) => [f.properties?.code, i] as const));
  const values: repo.OutlineValues[] = [];
  for (const item of parsed.items) {
    const at = `body.features[${indexOf.get(item.code) ?? -1}].properties.code`;
    const region = known.get(item.code);
    if (!region) {
      problems.push({ path: at, code: 'unknown_region', message: `区域不存在 / unknown region ${item.code}` });
      continue;
    }
    try {
      checkAccess(ctx.actor, 'incident.configure', { regionPath: region.path, organizationId: null });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problems.push({
        path: at,
        code: 'out_of_scope',
        message: `不在您的管辖范围内 / ${item.code} is outside your scope`,
      });
      continue;
    }
    values.push({
      regionCode: item.code,
      geometry: item.geometry as Record<string, unknown>,
      ...bboxOf(item.geometry),
    });
  }
  if (problems.length > 0) throw ConfigErrors.REGION_OUTLINES_INVALID(problems);
  const result = await ctx.db.transaction(async (tx) => {
    const { inserted, updated } = await repo.upsertOutlines(tx, values);
    // Geometry is bulky and lives in the table itself; the audit records what changed.
    await invalidateIncidentConfig(tx);
    await recordAudit(ctx, tx, {
      action: 'region_outline.import',
      entity: 'region_outline',
      entityId: null,
      after: { codes: values.map((v) => v.regionCode), inserted, updated },
    });
    return { imported: inserted, updated };
  });
  await afterConfigWrite();
  return result;
}

// ── number prefixes ───────────────────────────────────────────────────────────────────────────

export async function listPrefixes(ctx: Ctx): Promise<IncidentPrefix[]> {
  await requireAccess(ctx, 'incident.read');
  return (await repo.listPrefixes(ctx.db)).map((r) => ({ regionCode: r.regionCode, prefix: r.prefix }));
}

/**
 * Replaces the prefix list. Every region added, changed or removed must lie in the caller's
 * incident.configure scope, so a township cannot renumber its neighbour.
 */
export async function putPrefixes(ctx: Ctx, list: IncidentPrefix[]): Promise<IncidentPrefix[]> {
  await requireAccess(ctx, 'incident.configure');
  const problems: ErrorDetail[] = [];
  const known = await repo.regionsByCode(
    ctx.db,
    list.map((p) => p.regionCode),
  );
  const seen = new Set<string>();
  list.forEach((p, i) => {
    if (seen.has(p.regionCode))
      problems.push({
        path: `body[${i}].regionCode`,
        code: 'duplicate',
        message: `区域重复 / ${p.regionCode} is listed twice`,
      });
    seen.add(p.regionCode);
    if (!known.has(p.regionCode))
      problems.push({
        path: `body[${i}].regionCode`,
        code: 'unknown_region',
        message: `区域不存在 / unknown region ${p.regionCode}`,
      });
  });
  if (problems.length > 0) throw ConfigErrors.INCIDENT_PREFIXES_INVALID(problems);
  const result = await ctx.db.transaction(async (tx) => {
    await repo.lockPrefixes(tx);
    const before = await repo.listPrefixes(tx);
    const old = new Map(before.map((r) => [r.regionCode, r]));
    const next = new Map(list.map((p) => [p.regionCode, p.prefix]));
    const changedPaths = [
      ...list
        .filter((p) => old.get(p.regionCode)?.prefix !== p.prefix)
        .map((p) => known.get(p.regionCode)?.path ?? null),
      ...before.filter((r) => !next.has(r.regionCode)).map((r) => r.regionPath),
    ];
    for (const regionPath of changedPaths)
      checkAccess(ctx.actor, 'incident.configure', { regionPath, organizationId: null });
    await repo.replacePrefixes(tx, list);
    const after = list.map((p) => ({ regionCode: p.regionCode, prefix: p.prefix }));
    await invalidateIncidentConfig(tx);
    await recordAudit(ctx, tx, {
      action: 'incident_prefix.replace',
      entity: 'incident_prefix',
      entityId: null,
      before: before.map((r) => ({ regionCode: r.regionCode, prefix: r.prefix })),
      after,
    });
    return after;
  });
  await afterConfigWrite();
  return result;
}
