import { parse } from 'csv-parse/sync';
import type { ErrorDetail } from '@zhili/contracts';
import { PROVINCES } from './hometown.engine.ts';

/**
 * The two CSV imports of the module, pure: resident counts by community × origin province and
 * the police's monthly anti-fraud figures. Both are all or nothing: every bad row is reported
 * (`row N.column`, N counting the header as row 1, as a spreadsheet shows it) and none is kept.
 */

export interface ParsedCsv<T> {
  rows: T[];
  errors: ErrorDetail[];
}

/** Records keyed by lower-cased header, or the parse error itself. */
function records(text: string, required: readonly string[]): ParsedCsv<Record<string, string>> {
  let recs: Record<string, string>[];
  try {
    recs = parse(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (err) {
    return { rows: [], errors: [{ path: 'body', code: 'csv_malformed', message: (err as Error).message }] };
  }
  const first = recs[0];
  const missing = first ? required.filter((c) => !(c.toLowerCase() in first)) : [];
  if (recs.length === 0) return { rows: [], errors: [{ path: 'body', code: 'empty', message: 'no data rows' }] };
  if (missing.length > 0)
    return {
      rows: [],
      errors: missing.map((c) => ({ path: `header.${c}`, code: 'missing_column', message: `column ${c} is missing` })),
    };
  return { rows: recs, errors: [] };
}

function count(v: string | undefined, path: string, errors: ErrorDetail[]): number {
  if (v === undefined || !/^\d+$/.test(v) || Number(v) > 2_000_000_000) {
    errors.push({ path, code: 'not_a_count', message: `expected a whole number ≥ 0, got "${v ?? ''}"` });
    return 0;
  }
  return Number(v);
}

export interface ResidentOriginRow {
  regionCode: string;
  provinceCode: string;
  residents: number;
  asOf: string | null;
}

/** `communityCode,provinceCode,residents[,asOf]`; provinceCode may be 2 or 6 digits ('340000'). */
export function parseResidentOrigins(text: string): ParsedCsv<ResidentOriginRow> {
  const parsed = records(text, ['communityCode', 'provinceCode', 'residents']);
  if (parsed.errors.length) return { rows: [], errors: parsed.errors };
  const errors: ErrorDetail[] = [];
  const rows: ResidentOriginRow[] = [];
  const seen = new Map<string, number>();
  parsed.rows.forEach((r, i) => {
    const n = i + 2;
    const before = errors.length;
    const region = r.communitycode ?? '';
    if (!/^\d{6,12}$/.test(region))
      errors.push({
        path: `row ${n}.communityCode`,
        code: 'invalid_region',
        message: `invalid region code "${region}"`,
      });
    const prov = (r.provincecode ?? '').slice(0, 2);
    if (!/^\d{2}(0000)?$/.test(r.provincecode ?? '') || !PROVINCES[prov])
      errors.push({
        path: `row ${n}.provinceCode`,
        code: 'unknown_province',
        message: `unknown province "${r.provincecode ?? ''}"`,
      });
    const residents = count(r.residents, `row ${n}.residents`, errors);
    const asOf = r.asof ? r.asof : null;
    if (asOf !== null && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
      errors.push({ path: `row ${n}.asOf`, code: 'invalid_date', message: `expected YYYY-MM-DD, got "${asOf}"` });
    const key = `${region}|${prov}`;
    if (seen.has(key))
      errors.push({
        path: `row ${n}`,
        code: 'duplicate',
        message: `same community and province as row ${seen.get(key)}`,
      });
    seen.set(key, n);
    if (errors.length === before) rows.push({ regionCode: region, provinceCode: prov, residents, asOf });
  });
  return errors.length ? { rows: [], errors } : { rows, errors };
}

export interface AntiFraudRow {
  regionCode: string;
  month: string;
  alerts: number;
  cases: number;
  lossYuan: number | null;
}

/** `regionCode,month,alerts,cases[,lossYuan]`, month as YYYY-MM. */
export function parseAntiFraud(text: string): ParsedCsv<AntiFraudRow> {
  const parsed = records(text, ['regionCode', 'month', 'alerts', 'cases']);
  if (parsed.errors.length) return { rows: [], errors: parsed.errors };
  const errors: ErrorDetail[] = [];
  const rows: AntiFraudRow[] = [];
  const seen = new Map<string, number>();
  parsed.rows.forEach((r, i) => {
    const n = i + 2;
    const before = errors.length;
    const region = r.regioncode ?? '';
    if (!/^\d{2,12}$/.test(region))
      errors.push({ path: `row ${n}.regionCode`, code: 'invalid_region', message: `invalid region code "${region}"` });
    const month = r.month ?? '';
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      errors.push({ path: `row ${n}.month`, code: 'invalid_month', message: `expected YYYY-MM, got "${month}"` });
    const alerts = count(r.alerts, `row ${n}.alerts`, errors);
    const cases = count(r.cases, `row ${n}.cases`, errors);
    let lossYuan: number | null = null;
    if (r.lossyuan !== undefined && r.lossyuan !== '') {
      lossYuan = Number(r.lossyuan);
      if (!Number.isFinite(lossYuan) || lossYuan < 0)
        errors.push({ path: `row ${n}.lossYuan`, code: 'not_an_amount', message: `invalid amount "${r.lossyuan}"` });
    }
    const key = `${region}|${month}`;
    if (seen.has(key))
      errors.push({ path: `row ${n}`, code: 'duplicate', message: `same region and month as row ${seen.get(key)}` });
    seen.set(key, n);
    if (errors.length === before) rows.push({ regionCode: region, month, alerts, cases, lossYuan });
  });
  return errors.length ? { rows: [], errors } : { rows, errors };
}

/** Relative change against the same month a year earlier; null without that month or from 0. */
export function yearOnYear(current: number, previous: number | undefined): number | null {
  if (previous === undefined || previous === 0) return null;
  return Math.round(((current - previous) / previous) * 10_000) / 10_000;
}

/** 'YYYY-MM' one year before. */
export function monthAYearBefore(month: string): string {
  return `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
}
