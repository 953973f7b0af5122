import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './zhili-process.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FRAMEWORK = path.join(root, 'demo/evaluation/huzhou.yaml');
const DATA = path.join(root, 'demo/evaluation/huzhou-data.csv');
const REGIONS = path.join(root, 'demo/regions/zhejiang.csv');

interface RunJson {
  year: number;
  framework: { code: string; version: number };
  units: {
    code: string;
    name: string;
    level: string;
    parent: string | null;
    score: number;
    rank: number;
    awarded: boolean;
    vetoed: boolean;
    scores: Record<string, number>;
  }[];
  champion: string | null;
  caps: Record<string, { units: number; cap: number; awarded: number }>;
  explanation: string[];
}

/** `zhili eval …` as an evaluation office runs it: files in, results out, no database. */
describe('zhili eval CLI', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhili-eval-'));
  const zhili = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validate passes the Huzhou demo', () => {
    const r = zhili('eval', 'validate', '--framework', FRAMEWORK, '--data', DATA);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('28 indicators');
    expect(r.out).toContain('77 units');
    expect(r.out).toContain('valid');
  });

  it('validate lists every problem of the framework and the data, and exits 1', () => {
    const yaml = path.join(dir, 'bad.yaml');
    writeFileSync(yaml, readFileSync(FRAMEWORK, 'utf8').replace('weight: 0.14', 'weight: -1'));
    const csv = path.join(dir, 'bad.csv');
    writeFileSync(csv, 'unit,level,year,PM25,NOPE\n330502,county,2023,lots,1\n330502,county,2023,30,1\n');
    const badFramework = zhili('eval', 'validate', '--framework', yaml);
    expect(badFramework.code).toBe(1);
    expect(badFramework.err).toMatch(/index\.children\.0\.children\.0\.weight/);
    const r = zhili('eval', 'validate', '--framework', FRAMEWORK, '--data', csv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/row 1, column NOPE: \[unknown_indicator\]/);
    expect(r.err).toMatch(/row 2, column PM25: \[not_numeric\]/);
    expect(r.err).toMatch(/row 3, column PM25: \[duplicate\]/);
  });

  it('run prints the documented JSON for the latest year: the reported 2023 outcome', () => {
    const r = zhili('eval', 'run', '--framework', FRAMEWORK, '--data', DATA);
    expect(r.code, r.err).toBe(0);
    const sut = JSON.parse(r.out) as RunJson;
    expect(sut.year).toBe(2023);
    expect(sut.framework).toEqual({ code: 'huzhou-eco', version: 1 });
    expect(sut.champion).toBe('330522');
    const awarded = (level: string) => sut.units.filter((u) => u.level === level && u.awarded).map((u) => u.name);
    expect(awarded('county').sort()).toEqual(['吴兴区', '安吉县', '德清县', '长兴县'].sort());
    expect(awarded('township')).toHaveLength(34);
    expect(awarded('township')).toContain('妙西镇');
    for (const c of Object.values(sut.caps)) expect(c.awarded).toBeLessThanOrEqual(c.cap);
    const first = sut.units[0]!;
    expect(Object.keys(first).sort()).toEqual(
      [
        'awarded',
        'bonus',
        'code',
        'level',
        'name',
        'parent',
        'rank',
        'score',
        'scores',
        'vetoReasons',
        'vetoed',
      ].sort(),
    );
    expect(Object.keys(first.scores)).toEqual(expect.arrayContaining(['Index', 'ENV', 'GRN', 'QLT', 'PM25']));

    // Caps counted on the region tree give the same: the demo holds every township of the list.
    const tree = zhili('eval', 'run', '--framework', FRAMEWORK, '--data', DATA, '--regions', REGIONS);
    expect((JSON.parse(tree.out) as RunJson).caps).toEqual(sut.caps);
  });

  it('run writes CSV and XLSX files', async () => {
    const csv = path.join(dir, 'r.csv');
    const r = zhili('eval', 'run', '--framework', FRAMEWORK, '--data', DATA, '--year', '2022', '--out', csv);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/wrote .*r\.csv: 2022, 77 units/);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^code,name,level,parent,rank,score,awarded,vetoed,bonus,Index,ENV,/);
    expect(lines).toHaveLength(78);

    const xlsx = path.join(dir, 'r.xlsx');
    expect(zhili('eval', 'run', '--framework', FRAMEWORK, '--data', DATA, '--format', 'xlsx', '--out', xlsx).code).toBe(
      0,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    expect(book.worksheets.length).toBeGreaterThanOrEqual(2);
    expect(book.worksheets[0]!.rowCount).toBe(78);
  });

  it('run refuses bad data with every problem and a year that is not in the data', () => {
    const csv = path.join(dir, 'bad-run.csv');
    writeFileSync(csv, 'unit,level,year,PM25\nA,county,2023,x\nB,county,2023,y\n');
    const bad = zhili('eval', 'run', '--framework', FRAMEWORK, '--data', csv);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/row 2, column PM25/);
    expect(bad.err).toMatch(/row 3, column PM25/);
    const noYear = zhili('eval', 'run', '--framework', FRAMEWORK, '--data', DATA, '--year', '2019');
    expect(noYear.code).toBe(1);
    expect(noYear.err).toContain('2021, 2022, 2023');
  });
});
