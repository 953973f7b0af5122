import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRegionCsv, planRegionImport, type StoredRegion } from './region-import.engine.ts';
import { levelOfCode, placementProblems } from './regions.engine.ts';

const HEADER = 'code,name,level,parent_code';
const plan = (csv: string, stored: StoredRegion[] = []) =>
  planRegionImport(parseRegionCsv(csv), new Map(stored.map((s) => [s.code, s])));
const problemsOf = (csv: string, stored: StoredRegion[] = []) => {
  const p = plan(csv, stored);
  if (p.ok) throw new Error('expected problems');
  return p.problems;
};

const STORED_HUZHOU: StoredRegion[] = [
  { code: '33', name: '浙江省', level: 'province', parentCode: null, path: '33', illustrative: false },
  { code: '3305', name: '湖州市', level: 'city', parentCode: '33', path: '33/3305', illustrative: false },
  { code: '330502', name: '吴兴区', level: 'county', parentCode: '3305', path: '33/3305/330502', illustrative: false },
];

describe('placementProblems', () => {
  it('knows the level of every code shape', () => {
    expect(
      ['33', '3305', '330502', '330502102', '330502102001', '330502102001-G01', '3', '330502102001-'].map(levelOfCode),
    ).toEqual(['province', 'city', 'county', 'township', 'community', 'grid', null, null]);
  });

  it('lets a community sit directly under a county (龙港市) but nothing else skip a level', () => {
    expect(placementProblems('330383198001', 'community', { code: '330383', level: 'county' })).toEqual([]);
    expect(placementProblems('330502102', 'township', { code: '3306', level: 'city' })).toMatchObject([
      { field: 'level', code: 'level_parent_mismatch' },
      { field: 'code', code: 'code_parent_mismatch' },
    ]);
    expect(placementProblems('330502102001-G01', 'grid', { code: '330502102', level: 'township' })[0]).toMatchObject({
      code: 'level_parent_mismatch',
    });
    expect(placementProblems('330502102001-G01', 'grid', { code: '330502102001', level: 'community' })).toEqual([]);
    expect(placementProblems('3306', 'city', null)).toMatchObject([{ code: 'parent_required' }]);
    expect(placementProblems('3306', 'county', { code: '33', level: 'province' })).toMatchObject([
      { code: 'level_code_mismatch' },
    ]);
  });
});

describe('parseRegionCsv + planRegionImport', () => {
  it('tolerates a BOM, blank lines and a missing illustrative column', () => {
    const p = plan(`\uFEFF${HEADER}\n\n330502102,妙西镇,township,330502\n`, STORED_HUZHOU);
    expect(p).toMatchObject({
      ok: true,
      rows: [{ code: '330502102', path: '33/3305/330502/330502102', illustrative: null, line: 3 }],
    });
  });

  it('lists every bad row with its line and field, not just the first', () => {
    const csv = [
      `${HEADER},illustrative`,
      '330502102,妙西镇,township,330502,false', // 2: fine
      '33050210,短码,township,330502,', // 3: bad code
      '330502103,,township,330502,', // 4: empty name
      '330502104,某镇,village,330502,', // 5: unknown level
      '330502105,某镇,township,999999,', // 6: unknown parent
      '330502102,重复,township,330502,', // 7: duplicate of line 2
      '330503101,错位,township,330502,', // 8: code does not extend parent
      '330502106,某镇,township,330502,maybe', // 9: bad flag
      '330502102001,某社区,township,330502102,', // 10: level does not match code
      '330502107,少列,township', // 11: column count
    ].join('\n');
    expect(problemsOf(csv, STORED_HUZHOU).map((p) => `${p.path} ${p.code}`)).toEqual([
      'line 3.code invalid_format',
      'line 4.name required',
      'line 5.level unknown_level',
      'line 6.parent_code unknown_parent',
      'line 7.code duplicate',
      'line 8.code code_parent_mismatch',
      'line 9.illustrative invalid_flag',
      'line 10.level level_code_mismatch',
      'line 11 column_count',
    ]);
  });

  it('requires the header and refuses unknown columns', () => {
    expect(problemsOf('330502102,妙西镇,township,330502').map((p) => p.code)).toEqual(
      expect.arrayContaining(['missing_column', 'unknown_column']),
    );
    expect(problemsOf(`${HEADER},notes\n33,浙江省,province,,x`)).toMatchObject([
      { path: 'line 1', code: 'unknown_column' },
    ]);
    expect(problemsOf(HEADER)).toMatchObject([{ code: 'no_rows' }]);
    expect(problemsOf('')).toMatchObject([{ code: 'empty' }]);
    expect(problemsOf(`${HEADER}\n33,"浙江省,province,`)).toMatchObject([{ code: 'csv_malformed' }]);
  });

  it('refuses to move a stored region under another parent', () => {
    const stored = [...STORED_HUZHOU, { ...STORED_HUZHOU[1]!, code: '3306', path: '33/3306' }];
    expect(problemsOf(`${HEADER}\n330502,吴兴区,county,3306`, stored)).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'line 2.parent_code', code: 'parent_mismatch' })]),
    );
  });

  /** A random valid tree below 33, as CSV lines: code,name,level,parent. */
  const tree = fc
    .uniqueArray(
      fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })),
      {
        minLength: 1,
        maxLength: 20,
        selector: (t) => t.join('.'),
      },
    )
    .map((triples) => {
      const rows = new Map<string, string>();
      rows.set('33', '33,浙江省,province,');
      for (const [c, k, t] of triples) {
        const city = `33${String(c).padStart(2, '0')}`;
        const county = `${city}${String(k).padStart(2, '0')}`;
        const town = `${county}${String(t).padStart(3, '0')}`;
        rows.set(city, `${city},市${c},city,33`);
        rows.set(county, `${county},县${k},county,${city}`);
        rows.set(town, `${town},镇${t},township,${county}`);
        rows.set(`${town}001`, `${town}001,社区,community,${town}`);
        rows.set(`${town}001-G1`, `${town}001-G1,网格,grid,${town}001`);
      }
      return [...rows.values()];
    });

  it('orders any shuffled valid tree parent-first, with each path its ancestors plus itself', () => {
    fc.assert(
      fc.property(
        tree.chain((lines) => fc.shuffledSubarray(lines, { minLength: lines.length })),
        (lines) => {
          const p = plan([HEADER, ...lines].join('\n'));
          expect(p.ok).toBe(true);
          if (!p.ok) return;
          const seen = new Set<string>();
          for (const r of p.rows) {
            if (r.parentCode !== null) expect(seen.has(r.parentCode)).toBe(true);
            expect(r.path.split('/').at(-1)).toBe(r.code);
            seen.add(r.code);
          }
          expect(p.rows).toHaveLength(lines.length);
        },
      ),
    );
  });

  it('flags exactly the rows whose name was blanked, at their lines', () => {
    fc.assert(
      fc.property(
        tree.chain((lines) => fc.tuple(fc.constant(lines), fc.uniqueArray(fc.nat(lines.length - 1), { minLength: 1 }))),
        ([lines, broken]) => {
          const bad = lines.map((l, i) => (broken.includes(i) ? l.replace(/^([^,]*),[^,]*,/, '$1,,') : l));
          const problems = problemsOf([HEADER, ...bad].join('\n'));
          expect(problems.map((p) => p.path).sort()).toEqual(broken.map((i) => `line ${i + 2}.name`).sort());
        },
      ),
    );
  });
});
