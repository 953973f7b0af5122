import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImputationMethod } from '@zhili/contracts';
import { imputeColumn } from './impute.engine.ts';

const gappy = fc.array(fc.option(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { nil: null }), {
  minLength: 1,
  maxLength: 40,
});

describe('imputeColumn', () => {
  it('flags exactly the cells it fills, and fills every gap when a value exists', () => {
    fc.assert(
      fc.property(
        gappy,
        fc.constantFrom<ImputationMethod>('mean', 'median', 'groupMean', 'previousYear', 'linear'),
        (xs, method) => {
          const x = Float64Array.from(xs, (v) => v ?? NaN);
          const prior = Float64Array.from(xs, (_, i) => i);
          const sut = imputeColumn(x, method, {
            groups: xs.map((_, i) => (i % 2 ? 'a' : 'b')),
            year: 2023,
            history: { years: [2022], columns: [prior] },
          });
          const gaps = xs.flatMap((v, i) => (v === null ? [i] : []));
          expect(sut.imputed.every((i) => gaps.includes(i))).toBe(true);
          for (let i = 0; i < xs.length; i++) {
            if (xs[i] !== null) expect(sut.values[i]).toBe(xs[i]);
            else expect(Number.isNaN(sut.values[i]!)).toBe(!sut.imputed.includes(i));
          }
          if (method !== 'groupMean' && xs.some((v) => v !== null)) expect(sut.imputed).toEqual(gaps);
        },
      ),
    );
  });

  it('group mean uses the unit group only (COINr i_mean_grp)', () => {
    const sut = imputeColumn(Float64Array.of(1, 10, NaN, 3, NaN), 'groupMean', { groups: ['a', 'b', 'a', 'a', 'b'] });
    expect(Array.from(sut.values)).toEqual([1, 10, 2, 3, 10]);
    expect(sut.imputed).toEqual([2, 4]);
  });

  it('linear interpolates between the nearest years', () => {
    const sut = imputeColumn(Float64Array.of(NaN), 'linear', {
      year: 2022,
      history: { years: [2024, 2020, 2021], columns: [Float64Array.of(40), Float64Array.of(99), Float64Array.of(10)] },
    });
    expect(sut.values[0]).toBeCloseTo(20);
  });
});
