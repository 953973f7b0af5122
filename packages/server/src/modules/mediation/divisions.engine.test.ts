import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divisions } from './divisions.data.ts';
import { isGroupingName, parseDivisions } from './divisions.engine.ts';
import { describeHometown, parseHometown } from './hometown.engine.ts';

const sut = divisions();

describe('divisions engine (vendored GB/T 2260 data)', () => {
  it('lists the provinces, with children where the data has them', () => {
    const provinces = sut.childrenOf(null);
    expect(provinces).toHaveLength(34);
    expect(provinces.find((p) => p.code === '34')).toEqual({ code: '34', name: '安徽省', hasChildren: true });
    // Taiwan, Hong Kong and Macao have no cities in GB/T 2260's data.
    expect(provinces.find((p) => p.code === '81')?.hasChildren).toBe(false);
  });

  it('picks 安徽省 › 阜阳市 › 临泉县', () => {
    expect(sut.childrenOf('34')).toContainEqual({ code: '3412', name: '阜阳市', hasChildren: true });
    expect(sut.childrenOf('3412')).toContainEqual({ code: '341221', name: '临泉县', hasChildren: false });
    expect(sut.divisionName('341221')).toBe('安徽省阜阳市临泉县');
    expect(sut.divisionName('3412')).toBe('安徽省阜阳市');
    expect(sut.divisionName('34')).toBe('安徽省');
  });

  it('shows a municipality’s districts directly under it, named without 市辖区', () => {
    const beijing = sut.childrenOf('11');
    expect(beijing).toContainEqual({ code: '110101', name: '东城区', hasChildren: false });
    expect(beijing.some((d) => d.code.length === 4)).toBe(false);
    // 重庆 has both 市辖区 (5001) and 县 (5002): both lifted, in code order.
    const chongqing = sut.childrenOf('50').map((d) => d.code);
    expect(chongqing).toContain('500101');
    expect(chongqing).toContain('500229');
    expect(chongqing).toEqual([...chongqing].sort());
    expect(sut.divisionName('110101')).toBe('北京市东城区');
    expect(sut.divisionName('1101')).toBe('北京市');
  });

  it('shows directly administered counties under the province, after its cities', () => {
    const henan = sut.childrenOf('41');
    expect(henan).toContainEqual({ code: '419001', name: '济源市', hasChildren: false });
    expect(henan.at(-1)?.code.length).toBe(6);
    expect(henan.find((d) => d.code === '4190')).toBeUndefined();
    expect(sut.divisionName('419001')).toBe('河南省济源市');
    expect(sut.divisionName('659001')).toBe('新疆维吾尔自治区石河子市');
  });

  it('knows nothing of unknown codes', () => {
    expect(sut.divisionName('3499')).toBeUndefined();
    expect(sut.divisionName('341299')).toBeUndefined();
    expect(sut.divisionName('99')).toBeUndefined();
    expect(sut.childrenOf('341221')).toEqual([]);
    expect(sut.childrenOf('3499')).toEqual([]);
  });

  it('hands out copies, so callers cannot change the tree', () => {
    sut.childrenOf('34')[0]!.name = 'changed';
    expect(sut.childrenOf('34')[0]!.name).not.toBe('changed');
  });

  it('names every division it lists, and the name starts with its parent’s (walks the whole tree)', () => {
    let count = 0;
    const walk = (parent: string | null) => {
      const parentName = parent === null ? '' : sut.divisionName(parent)!;
      for (const d of sut.childrenOf(parent)) {
        count++;
        const name = sut.divisionName(d.code);
        expect(name, d.code).toBeDefined();
        expect(name!.startsWith(parentName), d.code).toBe(true);
        expect(name!.endsWith(d.name), d.code).toBe(true);
        expect(isGroupingName(d.name), d.code).toBe(false);
        expect(d.hasChildren).toBe(sut.childrenOf(d.code).length > 0);
        if (d.hasChildren) walk(d.code);
      }
    };
    walk(null);
    expect(count).toBeGreaterThan(3000);
  });

  it('agrees with describeHometown when used as its PlaceNames', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sut.childrenOf('34'), ...sut.childrenOf('3412'), ...sut.childrenOf('11')), (d) => {
        const h = parseHometown(d.code)!;
        expect(describeHometown(h, sut.placeName).zh).toBe(sut.divisionName(d.code));
      }),
    );
  });
});

describe('parseDivisions', () => {
  const csv = 'code,name\n3412,"阜阳市"\n341221,"临泉县"\n4190,"省直辖县级行政区划"\n419001,"济源市"\n129901,"无城"\n';

  it('reads a small file with the grouping rule', () => {
    const sut = parseDivisions(csv);
    expect(sut.childrenOf('34')).toEqual([{ code: '3412', name: '阜阳市', hasChildren: true }]);
    expect(sut.childrenOf('41')).toEqual([{ code: '419001', name: '济源市', hasChildren: false }]);
    // A county whose city is missing is left out.
    expect(sut.childrenOf('12')).toEqual([]);
    expect(sut.divisionName('129901')).toBeUndefined();
  });

  it('never throws, whatever the lines (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.stringMatching(/^\d{1,7}$/), (lines, code) => {
        const sut = parseDivisions(lines.join('\n'));
        expect(Array.isArray(sut.childrenOf(code))).toBe(true);
        sut.divisionName(code);
      }),
    );
  });

  it('a 6-digit code listed under a city is named city + county (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('11', '34', '44'),
        fc.integer({ min: 1, max: 89 }),
        fc.integer({ min: 1, max: 99 }),
        (p, c, k) => {
          const city = p + String(c).padStart(2, '0');
          const county = city + String(k).padStart(2, '0');
          const sut = parseDivisions(`${city},甲市\n${county},乙县`);
          expect(sut.childrenOf(city)).toEqual([{ code: county, name: '乙县', hasChildren: false }]);
          expect(sut.divisionName(county)).toMatch(/甲市乙县$/);
        },
      ),
    );
  });
});
