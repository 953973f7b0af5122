import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Framework, type FrameworkInput } from '@zhili/contracts';
import { issuePath, parseDatasetCsv } from './data-import.engine.ts';
import { parseDatasetFile } from './data-import.xlsx.ts';

const framework = Framework.parse({
  code: 'mini',
  name: { zh: '小框架', en: 'Mini' },
  unitLevels: ['county', 'township'],
  index: {
    code: 'Index',
    name: { zh: '综合指数', en: 'Index' },
    children: [
      { code: 'PM25', indicator: true, name: { zh: 'PM2.5', en: 'PM2.5' }, direction: -1 },
      {
        code: 'GDPpc',
        indicator: true,
        name: { zh: '人均GDP', en: 'GDP per capita' },
        denominator: 'Pop',
        transform: { log: true },
      },
    ],
  },
} satisfies FrameworkInput);

describe('parseDatasetCsv', () => {
  it('reads a wide file into units and panel rows', () => {
    const sut = parseDatasetCsv(
      '\uFEFFunit,name,level,parent,year,PM25,GDPpc,Pop\n' +
        '330502,吴兴区,county,,2023,28.5,120000,70\n' +
        '330502102,妙西镇,township,330502,2023,NA,9000.5,2.1\n' +
        '330502102,妙西镇,township,330502,2022,30,,2.0\n',
      { framework },
    );
    expect(sut.issues).toEqual([]);
    expect(sut.ok).toBe(true);
    expect(sut.format).toBe('wide');
    expect(sut.years).toEqual([2022, 2023]);
    expect(sut.dataset.units).toEqual([
      { code: '330502', name: '吴兴区', level: 'county', parent: null },
      { code: '330502102', name: '妙西镇', level: 'township', parent: '330502' },
    ]);
    expect(sut.dataset.rows).toContainEqual({ unit: '330502102', indicator: 'PM25', year: 2023, value: null });
    expect(sut.dataset.rows).toContainEqual({ unit: '330502', indicator: 'Pop', year: 2023, value: 70 });
    expect(sut.dataset.rows).toHaveLength(9);
  });

  it('reads a long file, taking names and levels from the known units', () => {
    const sut = parseDatasetCsv('unit,indicator,year,value\n330502102,PM25,2023,31\n330502102,Pop,2023,2.1\n', {
      framework,
      knownUnits: [{ code: '330502102', name: '妙西镇', level: 'township', parent: '330502' }],
    });
    expect(sut.ok).toBe(true);
    expect(sut.format).toBe('long');
    expect(sut.dataset.units).toEqual([{ code: '330502102', name: '妙西镇', level: 'township', parent: '330502' }]);
    expect(sut.indicators.sort()).toEqual(['PM25', 'Pop']);
  });

  it('lists every problem with its row and column, and imports nothing', () => {
    const sut = parseDatasetCsv(
      'unit,level,year,PM25,GDPpc,Noise\n' +
        'A,county,2023,abc,5,1\n' + // row 2: not numeric (PM25), unknown column reported once on the header
        'A,county,2023,20,5,1\n' + // row 3: duplicate of row 2 (both value columns)
        'B,city,2023,20,-1,1\n' + // row 4: unknown level, non-positive logged value
        'C,county,20x3,1,1,1\n' + // row 5: bad year
        'D,county,2023,1,0x10,1\n' + // row 6: hex is not a number
        'A,township,2022,1,1,1\n', // row 7: level differs from row 2
      { framework, ranges: { PM25: { min: 0, max: 500 } } },
    );
    expect(sut.ok).toBe(false);
    const found = sut.issues.map((i) => `${issuePath(i)} ${i.code}`);
    expect(found).toEqual([
      'row 1.Noise unknown_indicator',
      'row 2.PM25 not_numeric',
      'row 3.PM25 duplicate',
      'row 3.GDPpc duplicate',
      'row 4.level unknown_level',
      'row 4.GDPpc out_of_range',
      'row 5.year bad_year',
      'row 6.GDPpc not_numeric',
      'row 7.level unit_conflict',
    ]);
    for (const i of sut.issues) expect(i.message).toMatch(/[\u4e00-\u9fff].* \/ /);
  });

  it('refuses units outside the known list, out-of-range values and missing columns', () => {
    const unknown = parseDatasetCsv('unit,indicator,year,value\nX,PM25,2023,600\nY,CO2,2023,1\n', {
      framework,
      knownUnits: [{ code: 'X', name: 'X', level: 'county' }],
      ranges: { PM25: { max: 500 } },
    });
    expect(unknown.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, 'value', 'out_of_range'],
      [3, 'unit', 'unknown_unit'],
    ]);
    expect(parseDatasetCsv('name,PM25\nx,1\n').issues.map((i) => i.code)).toEqual(['missing_column', 'missing_column']);
    expect(parseDatasetCsv('unit,PM25\n').issues[0]!.code).toBe('empty');
    expect(parseDatasetCsv('unit,"PM25\n').issues[0]!.code).toBe('csv_malformed');
  });

  it("refuses values outside an indicator's declared validRange, at their row and column", () => {
    const ranged = Framework.parse({
      ...framework,
      index: {
        ...framework.index,
        children: [
          {
            code: 'Forest',
            indicator: true,
            name: { zh: '森林覆盖率', en: 'Forest cover' },
            validRange: { min: 0, max: 100 },
          },
        ],
      },
    } satisfies FrameworkInput);
    const sut = parseDatasetCsv('unit,level,year,Forest\nA,county,2023,61.5\nB,county,2023,104\nC,county,2023,-2\n', {
      framework: ranged,
    });
    expect(sut.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [3, 'Forest', 'out_of_range'],
      [4, 'Forest', 'out_of_range'],
    ]);
  });

  it('takes a wide file without a year column when a default year is given', () => {
    const sut = parseDatasetCsv('uCode,uName,EurAsia_group,PM25\nAUT,Austria,Europe,12\n', {
      framework,
      defaultYear: 2018,
      knownUnits: [{ code: 'AUT', name: 'Austria', level: 'county' }],
    });
    expect(sut.ok).toBe(true);
    expect(sut.dataset.units[0]).toMatchObject({ code: 'AUT', level: 'county', group: { EurAsia_group: 'Europe' } });
  });

  it('round-trips any grid of numbers written as CSV', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), {
            minLength: 2,
            maxLength: 2,
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (grid) => {
          const text =
            'unit,level,year,PM25,Pop\n' +
            grid.map((r, i) => `U${i},county,2023,${r.map((v) => (v === null ? '' : String(v))).join(',')}`).join('\n');
          const sut = parseDatasetCsv(text, { framework });
          expect(sut.issues).toEqual([]);
          const back = grid.flatMap((r, i) => [
            { unit: `U${i}`, indicator: 'PM25', year: 2023, value: r[0] === null ? null : r[0]! + 0 },
            { unit: `U${i}`, indicator: 'Pop', year: 2023, value: r[1] === null ? null : r[1]! + 0 },
          ]);
          expect(sut.dataset.rows).toEqual(back);
        },
      ),
    );
  });
});

describe('parseDatasetFile', () => {
  it('reads XLSX with the same checks, rows numbered as in the sheet', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('data');
    sheet.addRow(['unit', 'level', 'year', 'PM25', 'Pop']);
    sheet.addRow(['330502', 'county', 2023, 28.25, 70]);
    sheet.addRow(['330503', 'county', 2023, 'n/a', 'many']);
    const data = new Uint8Array(await book.xlsx.writeBuffer());
    const sut = await parseDatasetFile(data, { framework });
    expect(sut.dataset.rows[0]).toEqual({ unit: '330502', indicator: 'PM25', year: 2023, value: 28.25 });
    expect(sut.issues.map(issuePath)).toEqual(['row 3.Pop']);
    const csv = await parseDatasetFile(new TextEncoder().encode('unit,level,year,PM25\nA,county,2023,1\n'), {
      framework,
    });
    expect(csv.ok).toBe(true);
  });
});
