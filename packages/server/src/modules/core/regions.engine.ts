import { REGION_LEVELS, type RegionLevel } from '@zhili/contracts';

/**
 * The rules of the region tree, without I/O: what level a code denotes, where a region may sit,
 * and its materialised path. Used by region creation and by the CSV importer alike.
 */

/** Statistical codes fix the level by their shape; grids extend a community code with `-suffix`. */
const CODE_SHAPES: [RegionLevel, RegExp][] = [
  ['province', /^\d{2}$/],
  ['city', /^\d{4}$/],
  ['county', /^\d{6}$/],
  ['township', /^\d{9}$/],
  ['community', /^\d{12}$/],
  ['grid', /^\d{12}-[A-Za-z0-9]{1,12}$/],
];

/** The level a code's shape denotes, or null when the code is malformed. */
export function levelOfCode(code: string): RegionLevel | null {
  return CODE_SHAPES.find(([, re]) => re.test(code))?.[0] ?? null;
}

export function isRegionLevel(s: string): s is RegionLevel {
  return (REGION_LEVELS as readonly string[]).includes(s);
}

/** What a placement check needs to know about a would-be parent. */
export interface ParentFacts {
  code: string;
  level: RegionLevel;
}

/** One reason a region cannot sit where it was asked to; `field` names the offending input. */
export interface PlacementProblem {
  field: 'code' | 'level' | 'parentCode';
  code: string;
  message: string;
}

/**
 * Why `code`/`level` cannot sit under `parent` (empty when it can). Each level sits one below
 * its parent's, except that a community may sit directly under a county: 龙港市 (330383) manages
 * its communities without townships. A child's code extends its parent's; a grid's code is
 * `<community code>-<suffix>`. Only provinces are roots, so every path starts at a province.
 */
export function placementProblems(code: string, level: RegionLevel, parent: ParentFacts | null): PlacementProblem[] {
  const shape = levelOfCode(code);
  if (shape === null) return [{ field: 'code', code: 'invalid_format', message: `"${code}" is not a region code` }];
  if (shape !== level) {
    return [{ field: 'level', code: 'level_code_mismatch', message: `a ${shape} code cannot be a ${level}` }];
  }
  if (parent === null) {
    return level === 'province'
      ? []
      : [{ field: 'parentCode', code: 'parent_required', message: `a ${level} needs a parent region` }];
  }
  const problems: PlacementProblem[] = [];
  const rank = REGION_LEVELS.indexOf(level);
  const parentRank = REGION_LEVELS.indexOf(parent.level);
  const directlyUnderCounty = level === 'community' && parent.level === 'county';
  if (rank !== parentRank + 1 && !directlyUnderCounty) {
    problems.push({
      field: 'level',
      code: 'level_parent_mismatch',
      message: `a ${level} cannot sit under a ${parent.level} (${parent.code})`,
    });
  }
  const prefix = level === 'grid' ? `${parent.code}-` : parent.code;
  if (!code.startsWith(prefix)) {
    problems.push({
      field: 'code',
      code: 'code_parent_mismatch',
      message: `code ${code} does not extend its parent's code ${prefix}`,
    });
  }
  return problems;
}

/** `33/3305/330502` + `330502001` → `33/3305/330502/330502001`. */
export function childPath(parentPath: string | null, code: string): string {
  return parentPath === null ? code : `${parentPath}/${code}`;
}

/** The codes of a path's ancestors, root first, without the region itself. */
export function ancestorCodes(path: string): string[] {
  return path.split('/').slice(0, -1);
}
