import { parse } from 'csv-parse/sync';
import type { Dataset, Framework, FrameworkNode, PanelRow, UnitInfo, ValidRange } from '@zhili/contracts';

/**
 * Reads evaluation data — a table from CSV or XLSX, wide (one column per indicator) or long
 * (`unit,indicator,year,value`) — into a `Dataset`, checking every cell. It never stops at the
 * first problem: the caller lists them all and imports nothing until the file is clean.
 */

/** One problem, located as a spreadsheet user sees it: `row` 1 is the header. */
export interface DataIssue {
  row: number;
  column: string;
  code: DataIssueCode;
  message: string;
}

export type DataIssueCode =
  | 'csv_malformed'
  | 'empty'
  | 'missing_column'
  | 'unknown_indicator'
  | 'unknown_unit'
  | 'unknown_level'
  | 'unit_conflict'
  | 'missing_value'
  | 'not_numeric'
  | 'bad_year'
  | 'duplicate'
  | 'out_of_range';

/** What the file is checked against. Every part is optional. */
export interface DataImportContext {
  /** Indicator and denominator codes, unit levels and log transforms come from here. */
  framework?: Framework;
  /** Units known beforehand (e.g. the region tree): any other unit is refused; names/levels fill in. */
  knownUnits?: readonly UnitInfo[];
  /** Declared valid ranges per indicator (raw values); a value outside is refused. */
  ranges?: Readonly<Record<string, { min?: number; max?: number }>>;
  /** Year for a wide file without a year column. */
  defaultYear?: number;
  /** Wide columns that are neither meta, group nor a framework code: refuse (default) or skip. */
  extraColumns?: 'error' | 'ignore';
}

export interface DataImportResult {
  ok: boolean;
  format: 'wide' | 'long';
  dataset: Dataset;
  issues: DataIssue[];
  /** Indicator (and denominator) codes that have at least one cell. */
  indicators: string[];
  years: number[];
}

/** The `path` an API error detail uses for an issue: `row 12.PM25`. */
export const issuePath = (i: DataIssue): string => `row ${i.row}.${i.column}`;

const UNIT_COLUMNS = ['unit', 'ucode', 'code', 'iso3'];
const NAME_COLUMNS = ['name', 'uname', 'country'];
const YEAR_COLUMNS = ['year', 'time'];
/** Spellings of "no value" seen in statistical files (R's NA, Eurostat's ':', World Bank's '..'). */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', '-', '..', ':']);

/** The `validRange` each indicator of the tree declares. */
function validRangesOf(node: FrameworkNode, out = new Map<string, ValidRange>()): Map<string, ValidRange> {
  if (node.indicator && node.validRange) out.set(node.code, node.validRange);
  for (const child of node.children ?? []) validRangesOf(child, out);
  return out;
}

/** Indicator codes, denominator codes and log-transformed codes of a framework. */
function frameworkCodes(f: Framework): { indicators: Set<string>; denominators: Set<string>; logged: Set<string> } {
  const indicators = new Set<string>();
  const denominators = new Set<string>();
  const logged = new Set<string>();
  const walk = (n: FrameworkNode) => {
    if (n.indicator) {
      indicators.add(n.code);
      if (n.denominator) denominators.add(n.denominator);
      if (n.transform?.log) logged.add(n.code);
    }
    n.children?.forEach(walk);
  };
  walk(f.index);
  return { indicators, denominators, logged };
}

/** Parses CSV text (header required; BOM, blank lines and ragged rows tolerated) into a table. */
export function readCsvTable(text: string): { table: string[][]; lines: number[]; issues: DataIssue[] } {
  try {
    const records = parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return { table: records.map((r) => r.record), lines: records.map((r) => r.info.lines), issues: [] };
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return {
      table: [],
      lines: [],
      issues: [
        {
          row: e.lines ?? 1,
          column: '',
          code: 'csv_malformed',
          message: `CSV 格式错误 / ${e.message ?? 'malformed CSV'}`,
        },
      ],
    };
  }
}

/** Parses CSV text into a dataset, listing every problem. */
export function parseDatasetCsv(text: string, ctx: DataImportContext = {}): DataImportResult {
  const { table, lines, issues } = readCsvTable(text);
  if (issues.length)
    return { ok: false, format: 'wide', dataset: { units: [], rows: [] }, issues, indicators: [], years: [] };
  return parseDatasetTable(table, ctx, lines);
}

/** Reads a number cell: missing spellings → null, anything else not finite → undefined. */
function readNumber(cell: string | undefined): number | null | undefined {
  const s = (cell ?? '').trim();
  if (MISSING.has(s.toLowerCase())) return null;
  // Number('') and Number(' ') are 0 and hex/binary literals parse: accept plain decimals only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/**
 * Checks and converts a table (first row = header) into a dataset. `lineOf[i]` is the file row
 * of table row i (CSV records may span lines); by default row i is line i + 1.
 */
export function parseDatasetTable(
  table: readonly (readonly string[])[],
  ctx: DataImportContext = {},
  lineOf?: readonly number[],
): DataImportResult {
  const issues: DataIssue[] = [];
  const lineAt = (i: number) => lineOf?.[i] ?? i + 1;
  const header = (table[0] ?? []).map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const find = (names: string[]) => lower.findIndex((h) => names.includes(h));
  const long = lower.includes('indicator') && lower.includes('value');
  const empty: DataImportResult = {
    ok: false,
    format: long ? 'long' : 'wide',
    dataset: { units: [], rows: [] },
    issues,
    indicators: [],
    years: [],
  };
  if (table.length < 2) {
    issues.push({ row: 1, column: '', code: 'empty', message: '文件没有数据行 / the file has no data rows' });
    return empty;
  }

  const codes = ctx.framework ? frameworkCodes(ctx.framework) : undefined;
  const declaredRanges = ctx.framework ? validRangesOf(ctx.framework.index) : undefined;
  const levels = ctx.framework ? new Set(ctx.framework.unitLevels) : undefined;
  const known = ctx.knownUnits ? new Map(ctx.knownUnits.map((u) => [u.code, u])) : undefined;
  const isCode = (c: string) => !codes || codes.indicators.has(c) || codes.denominators.has(c);

  const col = {
    unit: find(UNIT_COLUMNS),
    name: find(NAME_COLUMNS),
    level: find(['level']),
    parent: find(['parent', 'parent_code']),
    year: find(YEAR_COLUMNS),
    indicator: find(['indicator']),
    value: find(['value']),
  };
  if (col.unit < 0)
    issues.push({ row: 1, column: 'unit', code: 'missing_column', message: '缺少单位代码列 unit / no unit column' });
  if (col.year < 0 && (long || ctx.defaultYear === undefined))
    issues.push({ row: 1, column: 'year', code: 'missing_column', message: '缺少年份列 year / no year column' });

  // Wide files: every other column is a group (`group` or `*_group`), an indicator or extra.
  const meta = new Set(Object.values(col).filter((i) => i >= 0));
  const groupCols: number[] = [];
  const valueCols: number[] = [];
  if (!long) {
    header.forEach((h, i) => {
      if (meta.has(i) || h === '') return;
      if (/(^|_)group$/i.test(h)) groupCols.push(i);
      else if (isCode(h)) valueCols.push(i);
      else if (ctx.extraColumns !== 'ignore')
        issues.push({
          row: 1,
          column: h,
          code: 'unknown_indicator',
          message: `未知指标 ${h} / unknown indicator ${h}`,
        });
    });
  }
  if (issues.some((i) => i.code === 'missing_column')) return empty;

  const units = new Map<string, UnitInfo & { row: number }>();
  const rows: PanelRow[] = [];
  const seen = new Map<string, number>();
  const indicatorsSeen = new Set<string>();
  const years = new Set<number>();

  const checkValue = (
    row: number,
    column: string,
    indicator: string,
    cell: string | undefined,
  ): number | null | undefined => {
    const v = readNumber(cell);
    if (v === undefined) {
      issues.push({ row, column, code: 'not_numeric', message: `不是数字 / not a number: "${cell ?? ''}"` });
      return undefined;
    }
    if (v === null) return null;
    const range = ctx.ranges?.[indicator] ?? declaredRanges?.get(indicator);
    if (range && ((range.min !== undefined && v < range.min) || (range.max !== undefined && v > range.max))) {
      issues.push({
        row,
        column,
        code: 'out_of_range',
        message: `超出范围 [${range.min ?? '-∞'}, ${range.max ?? '∞'}] / out of the declared range: ${v}`,
      });
    } else if (codes?.logged.has(indicator) && v <= 0) {
      issues.push({
        row,
        column,
        code: 'out_of_range',
        message: `取对数的指标须为正数 / a logged indicator must be > 0: ${v}`,
      });
    }
    return v;
  };

  for (let i = 1; i < table.length; i++) {
    const r = table[i]!;
    const row = lineAt(i);
    if (r.every((c) => c.trim() === '')) continue;
    const cell = (c: number) => (c >= 0 ? (r[c] ?? '').trim() : '');
    const code = cell(col.unit);
    if (!code) {
      issues.push({ row, column: header[col.unit]!, code: 'missing_value', message: '单位代码为空 / empty unit code' });
      continue;
    }
    const knownUnit = known?.get(code);
    if (known && !knownUnit) {
      issues.push({
        row,
        column: header[col.unit]!,
        code: 'unknown_unit',
        message: `未知单位 ${code} / unknown unit ${code}`,
      });
      continue;
    }
    let year = ctx.defaultYear ?? NaN;
    if (col.year >= 0) {
      const y = readNumber(cell(col.year));
      if (y == null || !Number.isInteger(y) || y < 1900 || y > 2200) {
        issues.push({
          row,
          column: header[col.year]!,
          code: 'bad_year',
          message: `年份无效 / not a year: "${cell(col.year)}"`,
        });
        continue;
      }
      year = y;
    }
    years.add(year);

    const level = cell(col.level) || knownUnit?.level || (levels?.size === 1 ? [...levels][0]! : '');
    if (!level) {
      issues.push({ row, column: 'level', code: 'missing_value', message: '未给出单位层级 / no unit level' });
    } else if (levels && !levels.has(level)) {
      issues.push({
        row,
        column: col.level >= 0 ? header[col.level]! : 'level',
        code: 'unknown_level',
        message: `层级 ${level} 不在框架的 unitLevels 中 / level not in the framework's unitLevels`,
      });
    }
    const info: UnitInfo & { row: number } = {
      code,
      name: cell(col.name) || knownUnit?.name || code,
      level,
      parent: cell(col.parent) || knownUnit?.parent || null,
      row,
    };
    if (groupCols.length) info.group = Object.fromEntries(groupCols.map((c) => [header[c]!, cell(c)]));
    const before = units.get(code);
    if (!before) units.set(code, info);
    else
      for (const k of ['name', 'level', 'parent'] as const) {
        if ((before[k] ?? null) !== (info[k] ?? null))
          issues.push({
            row,
            column: k,
            code: 'unit_conflict',
            message: `与第 ${before.row} 行不一致 / differs from row ${before.row}: "${info[k] ?? ''}" ≠ "${before[k] ?? ''}"`,
          });
      }

    const push = (indicator: string, column: string, raw: string | undefined) => {
      const key = `${code}\u0000${indicator}\u0000${year}`;
      const first = seen.get(key);
      if (first !== undefined) {
        issues.push({ row, column, code: 'duplicate', message: `与第 ${first} 行重复 / duplicates row ${first}` });
        return;
      }
      seen.set(key, row);
      const value = checkValue(row, column, indicator, raw);
      if (value === undefined) return;
      indicatorsSeen.add(indicator);
      rows.push({ unit: code, indicator, year, value });
    };
    if (long) {
      const indicator = cell(col.indicator);
      if (!indicator)
        issues.push({ row, column: 'indicator', code: 'missing_value', message: '指标代码为空 / empty indicator' });
      else if (!isCode(indicator))
        issues.push({
          row,
          column: 'indicator',
          code: 'unknown_indicator',
          message: `未知指标 ${indicator} / unknown indicator ${indicator}`,
        });
      else push(indicator, 'value', r[col.value]);
    } else {
      for (const c of valueCols) push(header[c]!, header[c]!, r[c]);
    }
  }

  const dataset: Dataset = { units: [...units.values()].map(({ row: _row, ...u }) => u), rows };
  return {
    ok: issues.length === 0,
    format: long ? 'long' : 'wide',
    dataset,
    issues,
    indicators: [...indicatorsSeen],
    years: [...years].sort((a, b) => a - b),
  };
}
