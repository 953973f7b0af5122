import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SobolSequence,
  addBlock,
  blockSize,
  designPoints,
  designReplications,
  newRowSums,
  saltelliDesign,
  sobolIndices,
  sobolPoints,
} from './sobol.engine.ts';

/** Runs a scalar model over a Saltelli design and returns its indices. */
function analyse(k: number, replications: number, model: (x: Float64Array) => number, groups?: number[][]) {
  const design = saltelliDesign(k, groups ?? Array.from({ length: k }, (_, i) => [i]), replications);
  const total = designReplications(design);
  const x = designPoints(design, 0, total);
  const bs = blockSize(design);
  const sums = newRowSums(design.n, design.groups.length);
  const f = new Float64Array(total);
  for (let r = 0; r < total; r++) f[r] = model(x.subarray(r * k, (r + 1) * k));
  for (let j = 0; j < design.n; j++) {
    const one = (p: number) => f.subarray(j * bs + p, j * bs + p + 1);
    addBlock(
      sums,
      j,
      one(0),
      one(1),
      design.groups.map((_, i) => one(2 + i)),
    );
  }
  return sobolIndices(sums, { bootstrap: 200 });
}

describe('SobolSequence', () => {
  it('matches the published first points (Joe–Kuo new-joe-kuo-6.21201, as scipy qmc.Sobol)', () => {
    const sut = sobolPoints(6, 8);
    const expected = [
      [0, 0, 0, 0, 0, 0],
      [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25, 0.25, 0.75, 0.75],
      [0.25, 0.75, 0.75, 0.75, 0.25, 0.25],
      [0.375, 0.375, 0.625, 0.875, 0.375, 0.125],
      [0.875, 0.875, 0.125, 0.375, 0.875, 0.625],
      [0.625, 0.125, 0.875, 0.625, 0.625, 0.875],
      [0.125, 0.625, 0.375, 0.125, 0.125, 0.375],
    ];
    expect(Array.from(sut)).toEqual(expected.flat());
  });

  it('matches scipy at point 1000 in dimensions 1, 18, …, 256 and at point 1023 in dimension 256', () => {
    const sut = sobolPoints(256, 1024);
    const row1000 = [
      0.2197265625, 0.3447265625, 0.8017578125, 0.5166015625, 0.1923828125, 0.9833984375, 0.8818359375, 0.6064453125,
      0.6904296875, 0.9345703125, 0.7333984375, 0.6044921875, 0.2451171875, 0.1044921875, 0.6396484375, 0.2490234375,
    ];
    expect(row1000.map((_, i) => sut[1000 * 256 + i * 17])).toEqual(row1000);
    expect(sut[1023 * 256 + 255]).toBe(0.8427734375);
  });

  it('seek(i) then next() gives the same point as stepping from the start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 3000 }), fc.integer(), (d, i, seed) => {
        const all = sobolPoints(d, i + 1, seed);
        const sut = new SobolSequence(d, seed);
        sut.seek(i);
        const out = new Float64Array(d);
        sut.next(out);
        expect(Array.from(out)).toEqual(Array.from(all.subarray(i * d)));
      }),
      { numRuns: 50 },
    );
  });

  it('is equidistributed: every dimension of the first 2^m points hits each 2^-m cell once', () => {
    const m = 7;
    const pts = sobolPoints(64, 2 ** m, 12345);
    for (let d = 0; d < 64; d++) {
      const cells = new Set<number>();
      for (let i = 0; i < 2 ** m; i++) cells.add(Math.floor(pts[i * 64 + d]! * 2 ** m));
      expect(cells.size).toBe(2 ** m);
    }
  });
});

describe('sobolIndices', () => {
  it('additive model Y = Σ a_i X_i: S_i = S_Ti = a_i² / Σ a²', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: 2, maxLength: 6 }), (a) => {
        const sut = analyse(a.length, 4096 * (a.length + 2), (x) => a.reduce((s, ai, i) => s + ai * x[i]!, 0));
        const sum = a.reduce((s, ai) => s + ai * ai, 0);
        a.forEach((ai, i) => {
          expect(sut[i]!.first).toBeCloseTo((ai * ai) / sum, 1);
          expect(sut[i]!.total).toBeCloseTo((ai * ai) / sum, 1);
          expect(Math.abs(sut[i]!.total - sut[i]!.first)).toBeLessThan(0.02);
        });
      }),
      { numRuns: 15 },
    );
  });

  it('Ishigami (a = 7, b = 0.1): the known analytic indices, inside the bootstrap intervals', () => {
    const ishigami = (x: Float64Array) => {
      const [x1, x2, x3] = [x[0]!, x[1]!, x[2]!].map((u) => Math.PI * (2 * u - 1)) as [number, number, number];
      return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
    };
    const sut = analyse(3, 2 ** 14 * 5, ishigami);
    const first = [0.3139, 0.4424, 0];
    const total = [0.5576, 0.4424, 0.2437];
    sut.forEach((s, i) => {
      expect(Math.abs(s.first - first[i]!)).toBeLessThan(0.03);
      expect(Math.abs(s.total - total[i]!)).toBeLessThan(0.03);
      expect(s.firstCi[0]).toBeLessThanOrEqual(s.first);
      expect(s.firstCi[1]).toBeGreaterThanOrEqual(s.first);
      expect(s.totalCi[0]).toBeLessThan(total[i]! + 0.03);
      expect(s.totalCi[1]).toBeGreaterThan(total[i]! - 0.03);
    });
  });

  it('a group of factors gets the sum of its additive shares', () => {
    const sut = analyse(3, 4096 * 4, (x) => x[0]! + 2 * x[1]! + 2 * x[2]!, [[0], [1, 2]]);
    expect(sut[0]!.first).toBeCloseTo(1 / 9, 1);
    expect(sut[1]!.first).toBeCloseTo(8 / 9, 1);
  });

  it('a constant model has zero indices, not NaN', () => {
    const sut = analyse(2, 400, () => 3);
    expect(sut.map((s) => [s.first, s.total])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
