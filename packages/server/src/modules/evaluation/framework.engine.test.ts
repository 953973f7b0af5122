import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FrameworkParseError, frameworkToYaml, parseFrameworkYaml } from '@zhili/contracts';
import { compileFramework } from './framework.engine.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const example = (f: string) => readFileSync(path.resolve(repoRoot, 'examples/evaluation', f), 'utf8');

describe('framework YAML', () => {
  it('round-trips the examples through frameworkToYaml', () => {
    for (const f of ['hdi-2022.yaml', 'asem.yaml']) {
      const sut = parseFrameworkYaml(example(f));
      expect(parseFrameworkYaml(frameworkToYaml(sut))).toEqual(sut);
    }
  });

  it('lists every problem with its path', () => {
    const yaml = `
code: x
name: { zh: 测试, en: test }
unitLevels: [county]
index:
  code: Index
  name: { zh: 指数, en: Index }
  weighting: ahp
  pairwise: [[1, 2]]
  children:
    - { code: A, indicator: true, name: { zh: A, en: A }, weight: -1, appliesTo: [village] }
    - { code: A, indicator: true, name: { zh: B, en: B }, colour: red }
`;
    try {
      parseFrameworkYaml(yaml);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FrameworkParseError);
      const paths = (e as FrameworkParseError).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['index.children.0.weight', 'index.children.1', 'index.pairwise']));
    }
    expect(() => parseFrameworkYaml('code: [')).toThrow(FrameworkParseError);
  });
});

describe('compileFramework', () => {
  it('prunes indicators that do not apply to a level, and aggregates left empty', () => {
    const f = parseFrameworkYaml(`
code: x
name: { zh: 测试, en: test }
unitLevels: [county, township]
index:
  code: Index
  name: { zh: 指数, en: Index }
  children:
    - code: G1
      name: { zh: G1, en: G1 }
      children:
        - { code: A, indicator: true, name: { zh: A, en: A }, appliesTo: [county] }
    - code: G2
      name: { zh: G2, en: G2 }
      children:
        - { code: B, indicator: true, name: { zh: B, en: B } }
`);
    expect(compileFramework(f, 'county')!.nodes.map((n) => n.code)).toEqual(['Index', 'G1', 'A', 'G2', 'B']);
    const sut = compileFramework(f, 'township')!;
    expect(sut.nodes.map((n) => n.code)).toEqual(['Index', 'G2', 'B']);
    expect(sut.nodes[0]!.children).toEqual([1]);
    expect(sut.indicators).toEqual([2]);
  });
});
