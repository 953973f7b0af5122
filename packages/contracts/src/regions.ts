import { z } from 'zod';

export const REGION_LEVELS = ['province', 'city', 'county', 'township', 'community', 'grid'] as const;
export const RegionLevel = z.enum(REGION_LEVELS);
export type RegionLevel = z.infer<typeof RegionLevel>;

/**
 * Region codes: statistical division codes (province 2 digits, city 4, county 6, township 9,
 * community 12); grids, which have no national code, extend their community's code with a
 * dash and a suffix (`330681100201-G01`).
 */
export const RegionCode = z
  .string()
  .regex(/^\d{2}(\d{2}(\d{2}(\d{3}(\d{3}(-[A-Za-z0-9]{1,12})?)?)?)?)?$/, 'invalid region code');

export const Region = z.object({
  code: RegionCode,
  name: z.string(),
  level: RegionLevel,
  parentCode: z.string().nullable(),
  /** Codes from the root to this region, joined by '/'. */
  path: z.string(),
  /** True when the name or code is not from an official list (demo data). */
  illustrative: z.boolean(),
  childCount: z.number().int().optional(),
});
export type Region = z.infer<typeof Region>;

export const RegionCreate = z.strictObject({
  code: RegionCode,
  name: z.string().trim().min(1).max(100),
  level: RegionLevel,
  parentCode: RegionCode.nullable(),
  illustrative: z.boolean().default(false),
});
export type RegionCreate = z.infer<typeof RegionCreate>;

export const RegionUpdate = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  illustrative: z.boolean().optional(),
});
export type RegionUpdate = z.infer<typeof RegionUpdate>;

/**
 * `parent=<code>` lists that region's children; with neither `parent` nor `q` nor `level` the
 * list holds the roots of the caller's scope; `q` (name substring or code prefix) and `level`
 * search the caller's whole scope, or the subtree of `parent` when it is given.
 */
export const RegionListQuery = z.strictObject({
  parent: z.union([RegionCode, z.literal('')]).optional(),
  q: z.string().trim().max(100).optional(),
  level: RegionLevel.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type RegionListQuery = z.infer<typeof RegionListQuery>;

export const RegionCodeParam = z.object({ code: RegionCode });

/** One region with its ancestors from the root down to its parent, for breadcrumbs. */
export const RegionDetail = Region.extend({
  childCount: z.number().int(),
  ancestors: z.array(Region.omit({ childCount: true })),
});
export type RegionDetail = z.infer<typeof RegionDetail>;

/**
 * JSON form of a region import (the CSV may also be sent as a `text/csv` body). Columns:
 * `code,name,level,parent_code[,illustrative]`, header line required, UTF-8 (BOM tolerated).
 */
export const RegionImportBody = z.strictObject({ csv: z.string().min(1) });

/** Result of a region CSV import: all rows land or none do. */
export const ImportResult = z.object({
  /** Rows whose code was new. */
  imported: z.number().int(),
  /** Existing codes whose name, level or illustrative flag changed. */
  updated: z.number().int(),
  /** Existing codes the file left as they were. */
  unchanged: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;
