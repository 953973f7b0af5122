import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addChild,
  ahpCheck,
  allCodes,
  awardedSet,
  countIndicators,
  keyPath,
  nodeAt,
  pathKey,
  removeAt,
  setPairwise,
} from './frameworkTree.ts';
import type { FrameworkNode } from './types.ts';

const base = {
  weight: 1,
  aggregation: 'arithmetic',
  weighting: 'fixed',
  direction: 1,
  normalisation: { method: 'minmax', range: [0, 100] },
} as const;
const node = (code: string, extra: Partial<FrameworkNode> = {}): FrameworkNode => ({
  ...base,
  code,
  name: { zh: code, en: code },
  normalisation: { method: 'minmax', range: [0, 100] },
  ...extra,
});
const leaf = (code: string) => node(code, { indicator: true });

const tree: FrameworkNode = node('Index', {
  weighting: 'ahp',
  pairwise: [
    [1, 2],
    [0.5, 1],
  ],
  children: [
    node('ENV', { weight: 0.6, children: [leaf('PM25'), leaf('WATER')] }),
    node('ECO', { weight: 0.4, children: [leaf('GDP')] }),
  ],
});

describe('framework tree edits', () => {
  it('finds, adds and removes nodes by path, keeping the AHP matrix square', () => {
    expect(nodeAt(tree, keyPath('0.1'))?.code).toBe('WATER');
    expect(pathKey([])).toBe('root');
    expect(keyPath('root')).toEqual([]);
    const added = addChild(tree, [], node('SOC', { children: [] }));
    expect(added.children?.map((c) => c.code)).toEqual(['ENV', 'ECO', 'SOC']);
    expect(added.pairwise).toEqual([
      [1, 2, 1],
      [0.5, 1, 1],
      [1, 1, 1],
    ]);
    const removed = removeAt(added, [0]);
    expect(removed.children?.map((c) => c.code)).toEqual(['ECO', 'SOC']);
    expect(removed.pairwise).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(countIndicators(tree)).toBe(3);
    expect(allCodes(tree)).toEqual(['Index', 'ENV', 'PM25', 'WATER', 'ECO', 'GDP']);
    // The original is untouched.
    expect(tree.children).toHaveLength(2);
  });
});

describe('AHP consistency preview', () => {
  it('gives CR 0 for a perfectly consistent matrix and Saaty’s textbook value otherwise', () => {
    const consistent = [
      [1, 2, 4],
      [0.5, 1, 2],
      [0.25, 0.5, 1],
    ];
    const c = ahpCheck(consistent);
    expect(c.cr).toBeCloseTo(0, 9);
    expect(c.weights.map((w) => Number(w.toFixed(4)))).toEqual([0.5714, 0.2857, 0.1429]);
    const bad = setPairwise(setPairwise(onesOf(3), 0, 1, 9), 1, 2, 9);
    expect(ahpCheck(setPairwise(bad, 0, 2, 1 / 9)).cr).toBeGreaterThan(0.1);
  });

  it('keeps weights summing to 1 for any reciprocal matrix', () => {
    const value = fc.constantFrom(1 / 9, 1 / 5, 1 / 3, 1, 3, 5, 9);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.array(value, { minLength: 21, maxLength: 21 }), (n, vals) => {
        let m = onesOf(n);
        let k = 0;
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) m = setPairwise(m, i, j, vals[k++] ?? 1);
        const r = ahpCheck(m);
        expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 9);
        expect(r.lambdaMax).toBeGreaterThanOrEqual(n - 1e-6);
      }),
    );
  });
});

function onesOf(n: number): number[][] {
  return Array.from({ length: n }, () => new Array<number>(n).fill(1));
}

describe('awarded set', () => {
  it('joins the awarded list and the per-level lists', () => {
    const sut = awardedSet({ awarded: ['a'], counties: ['a', 'b'], townships: ['c'] });
    expect([...sut].sort()).toEqual(['a', 'b', 'c']);
    expect(awardedSet(undefined).size).toBe(0);
  });
});
