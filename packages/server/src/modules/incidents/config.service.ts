import type {
  Category,
  CategoryInput,
  CategoryListQuery,
  ErrorDetail,
  HandlingLevel,
  Page,
  Priority,
  ServiceAttribute,
  WorkingCalendar,
  WorkingCalendarInput,
} from '@zhili/contracts';
import { hasPermission, requireAccess } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { PlatformErrors, defineErrors, invalid } from '../../platform/errors.ts';
import { compileCalendar } from './calendar.engine.ts';
import { invalidateIncidentConfig } from './intake.cache.ts';
import * as repo from './config.repo.ts';

/**
 * The centre's configuration: categories (published as Open311 services), dispatch rules,
 * working calendars, region outlines and number prefixes. Categories and calendars belong to the
 * whole installation, so writing them needs incident.configure without a region limit; rules,
 * outlines and prefixes belong to a region and need the grant to cover it.
 */
export const ConfigErrors = defineErrors({
  INCIDENT_CATEGORY_NOT_FOUND: { status: 404, zh: '事件类别不存在', en: 'No such incident category' },
  INCIDENT_CATEGORY_CODE_TAKEN: { status: 409, zh: '该类别代码已存在', en: 'A category with this code already exists' },
  INCIDENT_CATEGORY_INVALID: {
    status: 400,
    zh: '事件类别配置有误，请按明细修正',
    en: 'The category configuration is invalid; fix every item listed',
  },
  DISPATCH_RULE_NOT_FOUND: { status: 404, zh: '派单规则不存在', en: 'No such dispatch rule' },
  WORKING_CALENDAR_NOT_FOUND: { status: 404, zh: '工作日历不存在', en: 'No such working calendar' },
  REGION_OUTLINES_INVALID: {
    status: 400,
    zh: '区域边界文件有误，未导入任何数据；请按明细逐条修正',
    en: 'The outline file has errors and nothing was imported; fix every feature listed',
  },
  INCIDENT_PREFIXES_INVALID: {
    status: 400,
    zh: '编号前缀配置有误，请按明细修正',
    en: 'The number prefixes are invalid; fix every item listed',
  },
});

/** Reading configuration needs a signed-in caller, nothing more (residents need categories). */
export function requireSignedIn(ctx: Ctx): void {
  if (ctx.actor.kind === 'anonymous') throw PlatformErrors.UNAUTHENTICATED();
}

/**
 * Intake caches categories, rules, outlines and prefixes. Inside the writing transaction the
 * other processes are notified (delivered at COMMIT); after the commit this process drops its
 * copy again, so a reload that raced the transaction cannot keep the old configuration.
 */
export async function afterConfigWrite(): Promise<void> {
  await invalidateIncidentConfig();
}

export function iso(d: Date): string {
  return d.toISOString();
}

// ── categories ──────────────────────────────────────────────────────────────────────────────

/** The API shape of a stored category. */
export function presentCategory(row: repo.CategoryRow): Category {
  return {
    code: row.code,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    description: row.description,
    groupName: row.groupName,
    groupNameEn: row.groupNameEn,
    keywords: row.keywords,
    handlingLevel: row.handlingLevel as HandlingLevel,
    defaultOrganizationId: row.defaultOrganizationId,
    onSiteRequired: row.onSiteRequired,
    defaultPriority: row.defaultPriority as Priority,
    dispute: row.dispute,
    clocks: row.clocks,
    attributes: row.attributes as ServiceAttribute[],
    active: row.active,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Problems the schema cannot see: repeated attribute codes, lists without values, unknown calendars. */
async function categoryProblems(ctx: Ctx, input: CategoryInput): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  const codes = new Set<string>();
  const orders = new Set<number>();
  input.attributes.forEach((a, i) => {
    const at = `body.attributes[${i}]`;
    if (codes.has(a.code))
      problems.push({
        path: `${at}.code`,
        code: 'duplicate',
        message: `重复的属性代码 / duplicate attribute code ${a.code}`,
      });
    codes.add(a.code);
    if (orders.has(a.order))
      problems.push({ path: `${at}.order`, code: 'duplicate', message: `排序号重复 / order ${a.order} is used twice` });
    orders.add(a.order);
    const isList = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
    if (isList && a.values.length === 0) {
      problems.push({
        path: `${at}.values`,
        code: 'required',
        message: '列表类型需要至少一个选项 / a list needs at least one value',
      });
    }
    if (!isList && a.values.length > 0) {
      problems.push({
        path: `${at}.values`,
        code: 'not_allowed',
        message: '只有列表类型可以有选项 / only list datatypes take values',
      });
    }
    const keys = new Set<string>();
    a.values.forEach((v, j) => {
      if (keys.has(v.key))
        problems.push({
          path: `${at}.values[${j}].key`,
          code: 'duplicate',
          message: `选项重复 / duplicate key ${v.key}`,
        });
      keys.add(v.key);
    });
  });
  const calendars = Object.entries(input.clocks).flatMap(([p, t]) => (t?.calendar ? [[p, t.calendar] as const] : []));
  const known = await repo.calendarCodesIn(ctx.db, [...new Set(calendars.map(([, c]) => c))]);
  for (const [priority, code] of calendars) {
    if (!known.has(code))
      problems.push({
        path: `body.clocks.${priority}.calendar`,
        code: 'unknown_calendar',
        message: `工作日历不存在 / unknown calendar ${code}`,
      });
  }
  if (input.defaultOrganizationId !== null && !(await repo.organizationExists(ctx.db, input.defaultOrganizationId))) {
    problems.push({
      path: 'body.defaultOrganizationId',
      code: 'unknown_organization',
      message: '单位不存在 / unknown organization',
    });
  }
  return problems;
}

function categoryValues(input: CategoryInput): repo.CategoryValues {
  return {
    ...input,
    keywords: [...input.keywords],
    clocks: input.clocks,
    attributes: [...input.attributes].sort((a, b) => a.order - b.order),
  };
}

/** Categories for the intake form (active ones) or, for configurers, every one. */
export async function listCategories(ctx: Ctx, query: CategoryListQuery): Promise<Page<Category>> {
  requireSignedIn(ctx);
  const all = query.includeInactive === 'true';
  if (all) await requireAccess(ctx, 'incident.configure');
  const { rows, total } = await repo.listCategories(
    ctx.db,
    { q: query.q, group: query.group, activeOnly: !all },
    query,
  );
  return { items: rows.map(presentCategory), total, page: query.page, pageSize: query.pageSize };
}

/** One category; an inactive one only for configurers (others get 404, as if it did not exist). */
export async function getCategory(ctx: Ctx, code: string): Promise<Category> {
  requireSignedIn(ctx);
  const row = await repo.findCategory(ctx.db, code);
  if (!row || (!row.active && !hasPermission(ctx.actor, 'incident.configure'))) {
    throw ConfigErrors.INCIDENT_CATEGORY_NOT_FOUND([{ path: 'params.code', code: 'not_found', message: code }]);
  }
  return presentCategory(row);
}

export async function createCategory(ctx: Ctx, input: CategoryInput): Promise<Category> {
  await requireAccess(ctx, 'incident.configure', {});
  const problems = await categoryProblems(ctx, input);
  if (problems.length > 0) throw ConfigErrors.INCIDENT_CATEGORY_INVALID(problems);
  const created = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertCategory(tx, categoryValues(input));
    if (!row) {
      throw ConfigErrors.INCIDENT_CATEGORY_CODE_TAKEN([{ path: 'body.code', code: 'taken', message: input.code }]);
    }
    const out = presentCategory(row);
    await invalidateIncidentConfig(tx);
    await recordAudit(ctx, tx, {
      action: 'incident_category.create',
      entity: 'incident_category',
      entityId: row.code,
      after: out,
    });
    return out;
  });
  await afterConfigWrite();
  return created;
}

/** Replaces a category's configuration (PUT); the code in the body must be the one in the path. */
export async function updateCategory(ctx: Ctx, code: string, input: CategoryInput): Promise<Category> {
  await requireAccess(ctx, 'incident.configure', {});
  if (input.code !== code) throw invalid('body.code', `代码不能修改 / the code must stay ${code}`, 'mismatch');
  const problems = await categoryProblems(ctx, input);
  if (problems.length > 0) throw ConfigErrors.INCIDENT_CATEGORY_INVALID(problems);
  const updated = await ctx.db.transaction(async (tx) => {
    const before = await repo.lockCategory(tx, code);
    if (!before)
      throw ConfigErrors.INCIDENT_CATEGORY_NOT_FOUND([{ path: 'params.code', code: 'not_found', message: code }]);
    const row = await repo.updateCategory(tx, code, categoryValues(input));
    if (!row)
      throw ConfigErrors.INCIDENT_CATEGORY_NOT_FOUND([{ path: 'params.code', code: 'not_found', message: code }]);
    const out = presentCategory(row);
    await invalidateIncidentConfig(tx);
    await recordAudit(ctx, tx, {
      action: 'incident_category.update',
      entity: 'incident_category',
      entityId: code,
      before: presentCategory(before),
      after: out,
    });
    return out;
  });
  await afterConfigWrite();
  return updated;
}

// ── working calendars ─────────────────────────────────────────────────────────────────────────

export function presentCalendar(row: repo.CalendarRow): WorkingCalendar {
  return {
    code: row.code,
    name: row.name,
    timeZone: row.timeZone,
    hours: row.hours,
    holidays: row.holidays,
    extraWorkdays: row.extraWorkdays,
    updatedAt: iso(row.updatedAt),
  };
}

/** A real calendar date (the schema's pattern also lets 2026-02-30 through). */
function isRealDate(d: string): boolean {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

function calendarProblems(input: WorkingCalendarInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const field of ['holidays', 'extraWorkdays'] as const) {
    input[field].forEach((d, i) => {
      if (!isRealDate(d))
        problems.push({ path: `body.${field}[${i}]`, code: 'invalid_date', message: `日期无效 / not a date: ${d}` });
    });
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: input.timeZone });
  } catch {
    problems.push({
      path: 'body.timeZone',
      code: 'unknown_time_zone',
      message: `时区无效 / unknown time zone ${input.timeZone}`,
    });
    return problems;
  }
  try {
    compileCalendar(input);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    problems.push({ path: 'body.hours', code: 'invalid_hours', message: err.message });
  }
  return problems;
}

export async function listCalendars(ctx: Ctx): Promise<WorkingCalendar[]> {
  await requireAccess(ctx, 'incident.read');
  return (await repo.listCalendars(ctx.db)).map(presentCalendar);
}

export async function getCalendar(ctx: Ctx, code: string): Promise<WorkingCalendar> {
  await requireAccess(ctx, 'incident.read');
  const row = await repo.findCalendar(ctx.db, code);
  if (!row) throw ConfigErrors.WORKING_CALENDAR_NOT_FOUND([{ path: 'params.code', code: 'not_found', message: code }]);
  return presentCalendar(row);
}

/** Creates or replaces a calendar (PUT). */
export async function putCalendar(
  ctx: Ctx,
  code: string,
  input: WorkingCalendarInput,
): Promise<{ calendar: WorkingCalendar; created: boolean }> {
  await requireAccess(ctx, 'incident.configure', {});
  if (input.code !== code) throw invalid('body.code', `代码须与路径一致 / the code must be ${code}`, 'mismatch');
  const problems = calendarProblems(input);
  if (problems.length > 0) throw PlatformErrors.VALIDATION_FAILED(problems);
  const result = await ctx.db.transaction(async (tx) => {
    const before = await repo.findCalendar(tx, code);
    const { row, created } = await repo.upsertCalendar(tx, { ...input });
    const calendar = presentCalendar(row);
    await invalidateIncidentConfig(tx);
    await recordAudit(ctx, tx, {
      action: created ? 'working_calendar.create' : 'working_calendar.update',
      entity: 'working_calendar',
      entityId: code,
      before: before ? presentCalendar(before) : null,
      after: calendar,
    });
    return { calendar, created };
  });
  await afterConfigWrite();
  return result;
}
