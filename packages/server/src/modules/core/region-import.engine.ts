import { parse } from 'csv-parse/sync';
import type { ErrorDetail, RegionLevel } from '@zhili/contracts';
import { childPath, isRegionLevel, levelOfCode, placementProblems, type ParentFacts } from './regions.engine.ts';

/**
 * The region CSV importer's pure half: parse the text, check every row against the file and
 * the regions already stored, and order what may land parent-first. It never stops at the first
 * bad row, so the caller can list every one of them.
 */

const REQUIRED_COLUMNS = ['code', 'name', 'level', 'parent_code'] as const;
const KNOWN_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, 'illustrative'];
const NAME_MAX = 100;

/** One data row as read, with its line in the file (the header is line 1). */
export interface CsvRegionRow {
  line: number;
  code: string;
  name: string;
  level: string;
  parentCode: string;
  /** Raw `illustrative` cell; undefined when the file has no such column. */
  illustrative: string | undefined;
}

/** A region as it stands in the database, as far as an import needs to know. */
export interface StoredRegion {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  path: string;
  illustrative: boolean;
}

/** A row cleared to land, with its path worked out. */
export interface PlannedRegion {
  line: number;
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  path: string;
  /** null when the file has no `illustrative` column: stored rows then keep their flag. */
  illustrative: boolean | null;
  /** True when the parent comes from this file (scope is then judged on that row's own parent). */
  parentInFile: boolean;
}

export type ImportPlan = { ok: true; rows: PlannedRegion[] } | { ok: false; problems: ErrorDetail[] };

const at = (line: number, field?: string) => (field ? `line ${line}.${field}` : `line ${line}`);

/** Reads the CSV (header required, BOM tolerated, blank lines skipped) into rows or problems. */
export function parseRegionCsv(text: string): { rows: CsvRegionRow[]; problems: ErrorDetail[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` each record comes wrapped with the line it ended on.
    records = parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; code?: string; message?: string };
    return {
      rows: [],
      problems: [{ path: at(e.lines ?? 1), code: 'csv_malformed', message: e.message ?? 'malformed CSV' }],
    };
  }
  const [head, ...data] = records;
  if (!head) return { rows: [], problems: [{ path: at(1), code: 'empty', message: 'the file is empty' }] };
  const header = head.record.map((h) => h.toLowerCase());
  const problems: ErrorDetail[] = [];
  for (const col of REQUIRED_COLUMNS) {
    if (!header.includes(col)) {
      problems.push({ path: at(1, col), code: 'missing_column', message: `header must name the column "${col}"` });
    }
  }
  header.forEach((h, i) => {
    if (!KNOWN_COLUMNS.includes(h)) {
      problems.push({ path: at(1), code: 'unknown_column', message: `unknown column "${head.record[i]}"` });
    } else if (header.indexOf(h) !== i) {
      problems.push({ path: at(1, h), code: 'duplicate_column', message: `column "${h}" appears twice` });
    }
  });
  if (problems.length > 0) return { rows: [], problems };
  if (data.length === 0)
    return { rows: [], problems: [{ path: at(2), code: 'no_rows', message: 'the file has no data rows' }] };

  const col = (name: string) => header.indexOf(name);
  const rows: CsvRegionRow[] = [];
  for (const { record, info } of data) {
    if (record.length !== header.length) {
      problems.push({
        path: at(info.lines),
        code: 'column_count',
        message: `expected ${header.length} columns, found ${record.length}`,
      });
      continue;
    }
    const cell = (name: string) => (col(name) >= 0 ? (record[col(name)] ?? '') : undefined);
    rows.push({
      line: info.lines,
      code: cell('code') ?? '',
      name: cell('name') ?? '',
      level: (cell('level') ?? '').toLowerCase(),
      parentCode: cell('parent_code') ?? '',
      illustrative: cell('illustrative'),
    });
  }
  return { rows, problems };
}

/** `true/false`, `1/0`, `yes/no`, `是/否`; blank means false. Undefined for anything else. */
export function parseFlag(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (['', 'false', '0', 'no', 'n', '否'].includes(v)) return false;
  if (['true', '1', 'yes', 'y', '是'].includes(v)) return true;
  return undefined;
}

/**
 * Checks every row and, when all are sound (and parsing found nothing wrong either), returns
 * them parent-first with their paths; otherwise every problem, in line order. A parent may be
 * stored already or appear anywhere in the file. `stored` must hold every stored region whose
 * code is a row's code or parent code.
 */
export function planRegionImport(
  parsed: { rows: CsvRegionRow[]; problems: ErrorDetail[] },
  stored: ReadonlyMap<string, StoredRegion>,
): ImportPlan {
  const { rows } = parsed;
  const problems: ErrorDetail[] = [...parsed.problems];
  const firstLine = new Map<string, number>();
  const byCode = new Map<string, CsvRegionRow>();
  const sound = new Set<CsvRegionRow>();

  for (const r of rows) {
    const before = problems.length;
    if (r.code === '') problems.push({ path: at(r.line, 'code'), code: 'required', message: 'code is empty' });
    else if (levelOfCode(r.code) === null) {
      problems.push({ path: at(r.line, 'code'), code: 'invalid_format', message: `"${r.code}" is not a region code` });
    }
    if (r.name === '') problems.push({ path: at(r.line, 'name'), code: 'required', message: 'name is empty' });
    else if (r.name.length > NAME_MAX) {
      problems.push({ path: at(r.line, 'name'), code: 'too_long', message: `name is longer than ${NAME_MAX}` });
    }
    if (!isRegionLevel(r.level)) {
      problems.push({ path: at(r.line, 'level'), code: 'unknown_level', message: `unknown level "${r.level}"` });
    }
    if (r.parentCode !== '' && levelOfCode(r.parentCode) === null) {
      problems.push({
        path: at(r.line, 'parent_code'),
        code: 'invalid_format',
        message: `"${r.parentCode}" is not a region code`,
      });
    }
    if (r.illustrative !== undefined && parseFlag(r.illustrative) === undefined) {
      problems.push({
        path: at(r.line, 'illustrative'),
        code: 'invalid_flag',
        message: `"${r.illustrative}" is not true or false`,
      });
    }
    const seen = firstLine.get(r.code);
    if (r.code !== '' && seen !== undefined) {
      problems.push({
        path: at(r.line, 'code'),
        code: 'duplicate',
        message: `code ${r.code} is already on line ${seen}`,
      });
    } else {
      firstLine.set(r.code, r.line);
      byCode.set(r.code, r);
    }
    if (problems.length === before) sound.add(r);
  }

  /** The parent's level as it will stand after the import: from the file when it is there, else stored. */
  const parentLevelOf = (code: string): string | undefined => (byCode.get(code) ?? stored.get(code))?.level;

  for (const r of sound) {
    const level = r.level as RegionLevel;
    let parent: ParentFacts | null = null;
    if (r.parentCode !== '') {
      const parentLevel = parentLevelOf(r.parentCode);
      if (parentLevel === undefined) {
        problems.push({
          path: at(r.line, 'parent_code'),
          code: 'unknown_parent',
          message: `parent ${r.parentCode} is neither stored nor in the file`,
        });
        continue;
      }
      // A bad parent row is reported on its own line; judging its children too would only add noise.
      if (!isRegionLevel(parentLevel)) continue;
      parent = { code: r.parentCode, level: parentLevel };
    }
    for (const pr of placementProblems(r.code, level, parent)) {
      const field = pr.field === 'parentCode' ? 'parent_code' : pr.field;
      problems.push({ path: at(r.line, field), code: pr.code, message: pr.message });
    }
    const s = stored.get(r.code);
    if (s && (s.parentCode ?? '') !== r.parentCode) {
      problems.push({
        path: at(r.line, 'parent_code'),
        code: 'parent_mismatch',
        message: `${r.code} is stored under ${s.parentCode ?? '(no parent)'}; an import cannot move a region`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems: sortByLine(problems) };

  // Every code extends its parent's, so walking up always ends at a root: no cycles are possible.
  const paths = new Map<string, string>();
  const pathOf = (code: string): string => {
    const known = paths.get(code);
    if (known !== undefined) return known;
    const r = byCode.get(code);
    let p = stored.get(code)?.path;
    if (r) p = childPath(r.parentCode === '' ? null : pathOf(r.parentCode), code);
    if (p === undefined) throw new Error(`region ${code} vanished while planning`);
    paths.set(code, p);
    return p;
  };
  const planned = rows.map((r): PlannedRegion => ({
    line: r.line,
    code: r.code,
    name: r.name,
    level: r.level as RegionLevel,
    parentCode: r.parentCode === '' ? null : r.parentCode,
    path: pathOf(r.code),
    illustrative: r.illustrative === undefined ? null : (parseFlag(r.illustrative) ?? false),
    parentInFile: r.parentCode !== '' && byCode.has(r.parentCode),
  }));
  return { ok: true, rows: parentFirst(planned) };
}

/** Parents before children (fewer path segments first), file order otherwise. */
export function parentFirst<T extends { path: string; line: number }>(rows: T[]): T[] {
  const depth = (p: string) => p.split('/').length;
  return rows
    .map((row) => ({ row, depth: depth(row.path) }))
    .sort((a, b) => a.depth - b.depth || a.row.line - b.row.line)
    .map((d) => d.row);
}

function sortByLine(problems: ErrorDetail[]): ErrorDetail[] {
  const lineOf = (p: ErrorDetail) => Number(/^line (\d+)/.exec(p.path)?.[1] ?? 0);
  return [...problems].sort((a, b) => lineOf(a) - lineOf(b));
}
