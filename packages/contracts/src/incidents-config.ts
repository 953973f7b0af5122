import { z } from 'zod';
import { PageQuery, pageOf } from './common.ts';
import { CategoryCode, HandlingLevel, Priority } from './incidents.ts';

/**
 * Configuration of the governance centre: categories (Open311 services) with their clock targets,
 * dispatch rules, working calendars, incident number prefixes and region outlines.
 */

/** One priority's targets. Seconds of elapsed time, or of working time when calendar is set. */
export const ClockTargets = z.strictObject({
  respondSeconds: z.number().int().positive().nullable(),
  dispatchSeconds: z.number().int().positive().nullable(),
  /** Null when the category needs no arrival on site. */
  onSiteSeconds: z.number().int().positive().nullable(),
  resolveSeconds: z.number().int().positive().nullable(),
  /** Code of a working calendar: deadlines then count working time only; null = around the clock. */
  calendar: z.string().min(1).max(40).nullable(),
});
export type ClockTargets = z.infer<typeof ClockTargets>;

/** Longgang's 1-2-20: respond in 1 minute, dispatch in 2, on site in 20. */
export const DEFAULT_CLOCK_TARGETS: ClockTargets = {
  respondSeconds: 60,
  dispatchSeconds: 120,
  onSiteSeconds: 1200,
  resolveSeconds: 3 * 86_400,
  calendar: null,
};

/** An Open311 service attribute (GeoReport v2 service definition). */
export const ServiceAttribute = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/),
  variable: z.boolean().default(true),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean().default(false),
  datatypeDescription: z.string().max(500).nullable().default(null),
  order: z.number().int().min(0),
  description: z.string().min(1).max(500),
  values: z
    .array(z.strictObject({ key: z.string().min(1).max(100), name: z.string().min(1).max(200) }))
    .max(200)
    .default([]),
});
export type ServiceAttribute = z.infer<typeof ServiceAttribute>;

/** A category of incident, published as an Open311 service. */
export const CategoryInput = z.strictObject({
  code: CategoryCode,
  nameZh: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
  description: z.string().max(2000).default(''),
  /** Open311 `group`. */
  groupName: z.string().max(100).default(''),
  /** The group's English name, shown in English mode (Open311 output keeps `groupName`). */
  groupNameEn: z.string().max(100).default(''),
  keywords: z.array(z.string().min(1).max(50)).max(30).default([]),
  handlingLevel: HandlingLevel,
  /** Department that takes it when the handling level is 'department'. */
  defaultOrganizationId: z.string().uuid().nullable().default(null),
  onSiteRequired: z.boolean().default(true),
  defaultPriority: Priority.default('normal'),
  /** A dispute category: its incidents can become mediation cases. */
  dispute: z.boolean().default(false),
  /** Targets per priority; a missing priority uses DEFAULT_CLOCK_TARGETS. */
  clocks: z.partialRecord(Priority, ClockTargets).default({}),
  attributes: z.array(ServiceAttribute).max(50).default([]),
  active: z.boolean().default(true),
});
export type CategoryInput = z.infer<typeof CategoryInput>;
export const Category = CategoryInput.extend({ createdAt: z.string(), updatedAt: z.string() });
export type Category = z.infer<typeof Category>;

/** Maps category × region to the unit that handles it; the most specific active rule wins. */
export const DispatchRuleInput = z.strictObject({
  /** Null = every category. */
  categoryCode: CategoryCode.nullable(),
  /** The rule applies to incidents located within this region's subtree. */
  regionCode: z.string().min(2).max(40),
  handlingLevel: HandlingLevel,
  /** The department for level 'department'; otherwise the unit is the incident's own grid/community/township. */
  organizationId: z.string().uuid().nullable().default(null),
  /** Dispatch at intake without a dispatcher. */
  autoDispatch: z.boolean().default(true),
  /** Lower runs first among equally specific rules. */
  order: z.number().int().min(0).max(10_000).default(100),
  active: z.boolean().default(true),
});
export type DispatchRuleInput = z.infer<typeof DispatchRuleInput>;
export const DispatchRule = DispatchRuleInput.extend({ id: z.string().uuid(), createdAt: z.string() });
export type DispatchRule = z.infer<typeof DispatchRule>;

/** Working hours per ISO weekday (1 = Monday) as 'HH:MM-HH:MM' spans; dates as 'YYYY-MM-DD'. */
export const WorkingCalendarInput = z.strictObject({
  code: z.string().regex(/^[a-z0-9_-]{2,40}$/),
  name: z.string().min(1).max(100),
  /** IANA zone the hours are in. */
  timeZone: z.string().default('Asia/Shanghai'),
  hours: z.partialRecord(
    z.enum(['1', '2', '3', '4', '5', '6', '7']),
    z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/)).max(6),
  ),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .max(400)
    .default([]),
  /** Weekend days worked in lieu (调休), with the hours of a normal Monday. */
  extraWorkdays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .max(100)
    .default([]),
});
export type WorkingCalendarInput = z.infer<typeof WorkingCalendarInput>;

// ── lists, params, prefixes and outlines ──

export const CategoryCodeParam = z.object({ code: z.string().min(1).max(60) });
export const CategoryListQuery = PageQuery.extend({
  q: z.string().max(100).optional(),
  /** Inactive categories too (needs incident.configure). */
  includeInactive: z.enum(['true', 'false']).optional(),
  group: z.string().max(100).optional(),
});
export type CategoryListQuery = z.infer<typeof CategoryListQuery>;
export const CategoryPage = pageOf(Category);

export const DispatchRuleIdParam = z.object({ id: z.string().uuid() });
export const DispatchRuleListQuery = PageQuery.extend({
  categoryCode: z.string().max(60).optional(),
  /** Rules whose region lies within this region's subtree. */
  regionCode: z.string().max(40).optional(),
  active: z.enum(['true', 'false']).optional(),
});
export type DispatchRuleListQuery = z.infer<typeof DispatchRuleListQuery>;
export const DispatchRulePage = pageOf(DispatchRule);

export const WorkingCalendarCodeParam = z.object({ code: z.string().min(1).max(40) });
export const WorkingCalendar = WorkingCalendarInput.extend({ updatedAt: z.string() });
export type WorkingCalendar = z.infer<typeof WorkingCalendar>;

/** The number prefix of a region's incidents ('LG' → LG-2026-000123); the nearest ancestor's applies. */
export const IncidentPrefix = z.strictObject({
  regionCode: z.string().min(2).max(40),
  prefix: z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/, 'upper-case letters and digits, starting with a letter, ≤ 8'),
});
export type IncidentPrefix = z.infer<typeof IncidentPrefix>;
/** PUT replaces the whole list. */
export const IncidentPrefixList = z.array(IncidentPrefix).max(2000);

export const RegionOutlinesQuery = z.object({
  /** Only outlines of regions within this region's subtree. */
  within: z.string().max(40).optional(),
});
/**
 * A GeoJSON FeatureCollection of region outlines (WGS-84, [lng, lat]); each feature carries
 * `properties.code` (a region code). Not strict: GeoJSON files carry foreign members (crs, bbox,
 * name); every feature is checked by geo.engine.parseOutlines and all bad ones are listed.
 */
export const RegionOutlineUpload = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()).min(1).max(20_000),
});
export const RegionOutlineFeature = z.object({
  type: z.literal('Feature'),
  properties: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  geometry: z.record(z.string(), z.unknown()),
});
export const RegionOutlineCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(RegionOutlineFeature),
});
export type RegionOutlineCollection = z.infer<typeof RegionOutlineCollection>;
export const OutlineImportResult = z.object({ imported: z.number().int(), updated: z.number().int() });
export type OutlineImportResult = z.infer<typeof OutlineImportResult>;
