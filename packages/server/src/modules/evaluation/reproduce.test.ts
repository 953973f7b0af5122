import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseFrameworkYaml } from '@zhili/contracts';
import { runEvaluation } from './evaluation.engine.ts';
import { asemToDataset, hdrToDataset } from './reference-data.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const reference = (f: string) => readFileSync(path.resolve(repoRoot, '../shared/data/reference', f), 'utf8');
const example = (f: string) =>
  parseFrameworkYaml(readFileSync(path.resolve(repoRoot, 'examples/evaluation', f), 'utf8'));
const table = (text: string) =>
  parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, bom: true });

describe('reproduces the UNDP HDI 2022', () => {
  const csv = reference('hdr2022_subset.csv');
  const sut = runEvaluation(example('hdi-2022.yaml'), hdrToDataset(csv), {
    year: 2022,
    screening: { minAvailability: 1 },
  });
  const published = table(csv).filter((r) => !r.iso3!.startsWith('ZZ') && r.hdi_2022 !== '');

  it('evaluates exactly the 193 ranked countries', () => {
    expect(published).toHaveLength(193);
    expect(sut.units.map((u) => u.code).sort()).toEqual(published.map((r) => r.iso3).sort());
  });

  it('gives every HDI exact at 3 decimals and every published rank', () => {
    const byCode = new Map(sut.units.map((u) => [u.code, u]));
    const mismatches = published.flatMap((r) => {
      const u = byCode.get(r.iso3!)!;
      const hdi = Math.round(u.score * 1000) / 1000;
      return hdi === Number(r.hdi_2022) && u.rank === Number(r.hdi_rank_2022)
        ? []
        : [`${r.iso3}: ${hdi} #${u.rank} vs ${r.hdi_2022} #${r.hdi_rank_2022}`];
    });
    expect(mismatches).toEqual([]);
  });
});

describe("reproduces COINr's ASEM example", () => {
  const sut = runEvaluation(example('asem.yaml'), asemToDataset(reference('ASEM_iData.csv')), {
    year: 2018,
    imputation: { method: 'groupMean', groupBy: 'EurAsia_group' },
    screening: { minAvailability: 0.9 },
    outliers: { method: 'winsorise', maxPoints: 5, skewThreshold: 2, kurtThreshold: 3.5, logFallback: true },
  });
  const expected = table(reference('asem_expected_index_COINr.csv'));

  it('gives every Index within 1e-9 of COINr and the same ranks', () => {
    expect(sut.units).toHaveLength(expected.length);
    const byCode = new Map(sut.units.map((u) => [u.code, u]));
    for (const e of expected) {
      const u = byCode.get(e.uCode!)!;
      expect(Math.abs(u.score - Number(e.Index_COINr)), e.uCode).toBeLessThan(1e-9);
      expect(u.rank, e.uCode).toBe(Number(e.Rank_COINr));
    }
  });

  it('flags every imputed cell (exactly the missing ones) and reports the treated indicators', () => {
    const missing = sut.units.flatMap((u) =>
      Object.entries(u.raw).flatMap(([indicator, v]) => (v === null ? [`${u.code}.${indicator}`] : [])),
    );
    expect(missing.length).toBeGreaterThan(0);
    expect(sut.imputed.map((c) => `${c.unit}.${c.indicator}`).sort()).toEqual(missing.sort());
    expect(sut.treated.length).toBeGreaterThan(0);
    expect(sut.dropped).toEqual([]);
  });
});
