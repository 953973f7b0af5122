import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFrameworkYaml, type FrameworkNode } from '@zhili/contracts';
import { awardUnits } from '../../packages/server/src/modules/evaluation/awards.engine.ts';
import { parseDatasetCsv } from '../../packages/server/src/modules/evaluation/data-import.engine.ts';
import { runEvaluation } from '../../packages/server/src/modules/evaluation/evaluation.engine.ts';
import { generateHuzhouCsv } from './generate.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const read = (p: string) => readFileSync(path.join(repoRoot, p), 'utf8');

const framework = parseFrameworkYaml(read('demo/evaluation/huzhou.yaml'));
const regionsCsv = read('demo/regions/zhejiang.csv');
const dataCsv = read('demo/evaluation/huzhou-data.csv');

const COUNTIES = { 长兴县: '330522', 德清县: '330521', 安吉县: '330523', 吴兴区: '330502', 南浔区: '330503' };

/** The Huzhou demo reproduces the reported 2023 outcome through the engine, with nothing special-cased. */
describe('Huzhou tripod demo', () => {
  it('has 3 first-level and 28 second-level indicators with zh/en names, units and directions', () => {
    const first = framework.index.children ?? [];
    expect(first.map((n) => n.name.zh)).toEqual(['生态环境质量', '绿色低碳发展', '城乡品质提升']);
    const leaves: FrameworkNode[] = first.flatMap((n) => n.children ?? []);
    expect(leaves).toHaveLength(28);
    for (const l of leaves) {
      expect(l.indicator).toBe(true);
      expect(l.unit, l.code).toBeTruthy();
      expect(l.name.en).toBeTruthy();
    }
    expect(leaves.find((l) => l.code === 'PM25')?.direction).toBe(-1);
    expect(leaves.find((l) => l.code === 'FOREST')?.direction).toBe(1);
    expect(leaves.filter((l) => l.veto)).toHaveLength(1);
    expect(leaves.filter((l) => l.bonus)).toHaveLength(1);
    expect(framework.unitLevels).toEqual(['county', 'township']);
  });

  it('holds the 5 counties and all 72 of their townships, coded and named as in the region list', () => {
    const parsed = parseDatasetCsv(dataCsv, { framework });
    expect(parsed.issues).toEqual([]);
    expect(parsed.years).toEqual([2021, 2022, 2023]);
    const regions = regionsCsv
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(','));
    const counties = Object.values(COUNTIES);
    const expected = regions
      .filter(
        ([code, , level, parent]) => counties.includes(code!) || (level === 'township' && counties.includes(parent!)),
      )
      .map(([code, name]) => `${code} ${name}`)
      .sort();
    expect(expected).toHaveLength(77);
    expect(parsed.dataset.units.map((u) => `${u.code} ${u.name}`).sort()).toEqual(expected);
  });

  it('is exactly the output of its generator', () => {
    expect(generateHuzhouCsv(regionsCsv)).toBe(dataCsv);
  });

  it('reproduces the reported 2023 outcome: tripods, champion, 妙西镇, caps and 34 of 36', () => {
    const { dataset } = parseDatasetCsv(dataCsv, { framework });
    const result = runEvaluation(framework, dataset, { year: 2023 });
    const sut = awardUnits(result, framework.awards!);

    const { 长兴县, 德清县, 安吉县, 吴兴区, 南浔区 } = COUNTIES;
    expect(new Set(sut.counties)).toEqual(new Set([长兴县, 德清县, 安吉县, 吴兴区]));
    expect(sut.awarded.has(南浔区)).toBe(false);
    const countyRanks = result.units.filter((u) => u.level === 'county');
    expect(countyRanks.find((u) => u.code === 南浔区)!.rank).toBe(5);
    expect(sut.champion).toBe(长兴县);

    expect(sut.awarded.has('330502102')).toBe(true); // 妙西镇
    expect(sut.townships).toHaveLength(34);
    expect(Object.fromEntries(Object.entries(sut.caps).map(([k, c]) => [k, [c.units, c.cap, c.awarded]]))).toEqual({
      [吴兴区]: [19, 9, 9],
      [南浔区]: [10, 5, 5],
      [德清县]: [13, 6, 6],
      [长兴县]: [15, 7, 7],
      [安吉县]: [15, 7, 7],
    });
    expect(sut.explanation.join('\n')).toContain('名额 36 超过各区县上限之和 34');
    for (const code of sut.awarded) expect(result.units.find((u) => u.code === code)!.vetoed).toBe(false);
  });
});
