import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { competitionRanks, roundTo } from './rank.engine.ts';

describe('competitionRanks ("1224")', () => {
  it('ranks 1224 with ties sharing the best rank', () => {
    expect(Array.from(competitionRanks([9, 7, 7, 3]))).toEqual([1, 2, 2, 4]);
  });

  it('ranks on values rounded to the given decimals', () => {
    expect(Array.from(competitionRanks([0.9621, 0.9618, 0.9604], 3))).toEqual([1, 1, 3]);
  });

  it('rank = 1 + number of strictly greater values, for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 50 }), (xs) => {
        const sut = competitionRanks(xs);
        xs.forEach((v, i) => expect(sut[i]).toBe(1 + xs.filter((w) => w > v).length));
        // Ranks start at 1, and a rank r is followed by r + (size of the tie).
        if (xs.length) expect(Math.min(...sut)).toBe(1);
      }),
    );
  });

  it('rounds half away from zero despite binary representation', () => {
    expect(roundTo(0.1235, 3)).toBe(0.124);
    expect(roundTo(1.0005, 3)).toBe(1.001);
    expect(roundTo(-0.0005, 3)).toBe(-0.001);
  });
});
