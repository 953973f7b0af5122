import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvaluationEngineError } from './framework.engine.ts';
import { ahpWeights, criticWeights, entropyWeights, RANDOM_INDEX } from './weights.engine.ts';

const weightsArb = fc.array(fc.double({ min: 0.05, max: 10, noNaN: true }), { minLength: 2, maxLength: 9 });
const columnsArb = fc.tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 3, max: 30 })).chain(([m, n]) =>
  fc.array(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: n, maxLength: n }), {
    minLength: m,
    maxLength: m,
  }),
);
const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);

describe('ahpWeights', () => {
  it('recovers the weights from a consistent matrix a_ij = w_i/w_j, with CR 0', () => {
    fc.assert(
      fc.property(weightsArb, (w) => {
        const total = sum(w);
        const sut = ahpWeights(w.map((a) => w.map((b) => a / b)));
        sut.weights.forEach((v, i) => expect(v).toBeCloseTo(w[i]! / total, 9));
        expect(Math.abs(sut.cr)).toBeLessThan(1e-9);
      }),
    );
  });

  it('refuses a consistency ratio ≥ 0.1', () => {
    const m = [
      [1, 9, 1 / 9],
      [1 / 9, 1, 9],
      [9, 1 / 9, 1],
    ];
    expect(() => ahpWeights(m)).toThrow(EvaluationEngineError);
    try {
      ahpWeights(m);
    } catch (e) {
      expect((e as EvaluationEngineError).code).toBe('EVAL_AHP_INCONSISTENT');
    }
  });

  it("uses Saaty's random index", () => {
    expect(RANDOM_INDEX.slice(1, 11)).toEqual([0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]);
  });
});

describe('entropy and CRITIC weights', () => {
  it('are non-negative and sum to 1', () => {
    fc.assert(
      fc.property(columnsArb, (cols) => {
        for (const f of [entropyWeights, criticWeights]) {
          const sut = f(cols.map((c) => Float64Array.from(c)));
          expect(sum(sut)).toBeCloseTo(1, 9);
          for (const v of sut) expect(v).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('entropy gives a constant column no weight', () => {
    const sut = entropyWeights([Float64Array.of(5, 5, 5, 5), Float64Array.of(1, 2, 3, 10)]);
    expect(sut).toEqual([0, 1]);
  });
});
