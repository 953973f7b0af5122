import { parse } from 'csv-parse/sync';
import type { Dataset, PanelRow, UnitInfo } from '@zhili/contracts';

/**
 * Readers for the published reference datasets the reproductions use (text in, Dataset out; no
 * file access, so the CLI and tests share them): UNDP's HDR 2022 subset and COINr's ASEM data.
 */

function records(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
}

function num(s: string | undefined): number | null {
  if (s === undefined || s === '' || s === 'NA') return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** The HDR columns the HDI framework reads, by indicator code. */
export const HDR_COLUMNS = { le: 'le_2022', eys: 'eys_2022', mys: 'mys_2022', gnipc: 'gnipc_2022' } as const;

/**
 * `hdr2022_subset.csv` → Dataset of the countries (level `country`, year 2022). Rows whose iso3
 * starts with `ZZ` are regional aggregates, not countries, and are left out.
 */
export function hdrToDataset(csv: string): Dataset {
  const units: UnitInfo[] = [];
  const rows: PanelRow[] = [];
  for (const r of records(csv)) {
    const code = r.iso3 ?? '';
    if (!code || code.startsWith('ZZ')) continue;
    units.push({ code, name: r.country ?? code, level: 'country', group: { region: r.region ?? '' } });
    for (const [indicator, column] of Object.entries(HDR_COLUMNS)) {
      rows.push({ unit: code, indicator, year: 2022, value: num(r[column]) });
    }
  }
  return { units, rows };
}

/** ASEM_iData columns that describe the unit rather than measure it. */
const ASEM_ID_COLUMNS = new Set(['uName', 'uCode', 'Time']);
const ASEM_GROUP_COLUMNS = ['GDP_group', 'GDPpc_group', 'Pop_group', 'EurAsia_group'];

/**
 * COINr's `ASEM_iData.csv` → Dataset (level `country`, year from `Time`). Group columns become
 * `group` (EurAsia_group feeds the group-mean imputation); every other column — indicators and
 * the denominators Area, Energy, GDP, Population — becomes panel rows.
 */
export function asemToDataset(csv: string): Dataset {
  const units: UnitInfo[] = [];
  const rows: PanelRow[] = [];
  for (const r of records(csv)) {
    const code = r.uCode ?? '';
    const year = num(r.Time) ?? 0;
    const group: Record<string, string> = {};
    for (const g of ASEM_GROUP_COLUMNS) if (r[g]) group[g] = r[g];
    units.push({ code, name: r.uName ?? code, level: 'country', group });
    for (const [col, v] of Object.entries(r)) {
      if (ASEM_ID_COLUMNS.has(col) || ASEM_GROUP_COLUMNS.includes(col)) continue;
      rows.push({ unit: code, indicator: col, year, value: num(v) });
    }
  }
  return { units, rows };
}

/** One row of COINr's `ASEM_iMeta.csv`. */
export interface AsemMetaRow {
  level: number | null;
  code: string;
  name: string;
  direction: 1 | -1;
  weight: number;
  unit: string;
  denominator: string | null;
  parent: string | null;
  type: string;
}

/** Parse `ASEM_iMeta.csv` (indicators and aggregates with their level, weight and parent). */
export function parseAsemMeta(csv: string): AsemMetaRow[] {
  return records(csv).map((r) => ({
    level: num(r.Level),
    code: r.iCode ?? '',
    name: r.iName ?? '',
    direction: num(r.Direction) === -1 ? -1 : 1,
    weight: num(r.Weight) ?? 1,
    unit: r.Unit ?? '',
    denominator: r.Denominator ? r.Denominator : null,
    parent: r.Parent ? r.Parent : null,
    type: r.Type ?? '',
  }));
}
