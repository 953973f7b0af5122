import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Normalisation } from '@zhili/contracts';
import { applyTransform, normaliseColumn } from './normalise.engine.ts';

const column = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 });
const range = fc
  .tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.5, max: 100, noNaN: true }))
  .map(([l, d]) => [l, l + d] as [number, number]);

describe('normaliseColumn', () => {
  it('min-max lands in the range, with the best unit at the top and the worst at the bottom', () => {
    fc.assert(
      fc.property(column, range, fc.constantFrom<1 | -1>(1, -1), (xs, r, dir) => {
        const x = Float64Array.from(xs);
        const sut = normaliseColumn(x, { method: 'minmax', range: r }, dir).values;
        const eps = 1e-9 * (Math.abs(r[0]) + Math.abs(r[1]) + 1);
        for (const v of sut) {
          expect(v).toBeGreaterThanOrEqual(r[0] - eps);
          expect(v).toBeLessThanOrEqual(r[1] + eps);
        }
        if (Math.min(...xs) === Math.max(...xs)) return;
        const best = dir === 1 ? xs.indexOf(Math.max(...xs)) : xs.indexOf(Math.min(...xs));
        expect(sut[best]).toBeCloseTo(r[1], 6);
      }),
    );
  });

  it('every method is monotone in the direction: better raw value → score not lower', () => {
    const methods: Normalisation[] = [
      { method: 'minmax', range: [0, 100] },
      { method: 'zscore', mean: 0, sd: 1 },
      { method: 'goalposts', min: -10, max: 10, cap: true, range: [0, 1] },
      { method: 'rank' },
      { method: 'percentile' },
    ];
    fc.assert(
      fc.property(column, fc.constantFrom(...methods), fc.constantFrom<1 | -1>(1, -1), (xs, spec, dir) => {
        const x = Float64Array.from(xs);
        const sut = normaliseColumn(x, spec, dir).values;
        for (let a = 0; a < xs.length; a++) {
          for (let b = 0; b < xs.length; b++) {
            if (dir * xs[a]! > dir * xs[b]!) expect(sut[a]! + 1e-9).toBeGreaterThanOrEqual(sut[b]!);
          }
        }
      }),
    );
  });

  it('keeps missing values missing', () => {
    const sut = normaliseColumn(Float64Array.of(1, NaN, 3), { method: 'minmax', range: [0, 100] }, 1).values;
    expect(Array.from(sut)).toEqual([0, NaN, 100]);
  });

  it('logs the goalposts with the value (HDI income index)', () => {
    const x = applyTransform(Float64Array.of(100, 75000, 200000), { log: true, capMin: null, capMax: 75000 });
    const sut = normaliseColumn(x, { method: 'goalposts', min: 100, max: 75000, cap: true, range: [0, 1] }, 1, true);
    expect(Array.from(sut.values)).toEqual([0, 1, 1]);
  });

  it('distance to target caps at the target', () => {
    const sut = normaliseColumn(Float64Array.of(0, 17.5, 35, 70), { method: 'target', target: 35, range: [0, 100] }, 1);
    expect(Array.from(sut.values)).toEqual([0, 50, 100, 100]);
  });
});
