import { describe, expect, it } from 'vitest';
import type { RunNode, UnitResult } from '@zhili/contracts';
import { firstLevelNodes, groupByParent, meanScore, peersOf, strengthsAndWeaknesses } from './results.ts';

const unit = (
  code: string,
  level: string,
  parent: string | null,
  rank: number,
  scores: Record<string, number>,
): UnitResult => ({
  code,
  name: code,
  level,
  parent,
  score: 0,
  rank,
  scores,
  raw: {},
  contributions: {},
  vetoed: false,
  vetoReasons: [],
  bonus: 0,
});
const node = (code: string, parent: string | null, indicator = false): RunNode => ({
  code,
  name: { zh: code, en: code },
  parent,
  indicator,
  weight: 1,
});

describe('result helpers', () => {
  const units = [
    unit('A', 'county', null, 1, { X: 90, Y: 10 }),
    unit('B', 'county', null, 2, { X: 50, Y: 50 }),
    unit('C', 'county', null, 3, { X: 10, Y: 90 }),
    unit('a2', 'township', 'A', 2, { X: 1 }),
    unit('a1', 'township', 'A', 1, { X: 2 }),
    unit('b1', 'township', 'B', 3, {}),
  ];

  it('finds the first level under the root', () => {
    expect(
      firstLevelNodes([node('Index', null), node('ENV', 'Index'), node('X', 'ENV', true), node('GRN', 'Index')]).map(
        (n) => n.code,
      ),
    ).toEqual(['ENV', 'GRN']);
  });

  it('compares a unit with its peers of the same level and parent', () => {
    const sut = units[0]!;
    const peers = peersOf(sut, units);
    expect(peers.map((p) => p.code)).toEqual(['B', 'C']);
    expect(meanScore(peers, 'X')).toBe(30);
    expect(meanScore([units[5]!], 'X')).toBeNull();
    expect(strengthsAndWeaknesses(sut, peers, ['X', 'Y'])).toEqual({
      strengths: [{ code: 'X', gap: 60 }],
      weaknesses: [{ code: 'Y', gap: -60 }],
    });
  });

  it('groups townships under their county in rank order', () => {
    const sut = groupByParent(units, 'township');
    expect([...sut.keys()]).toEqual(['A', 'B']);
    expect(sut.get('A')?.map((u) => u.code)).toEqual(['a1', 'a2']);
  });
});
