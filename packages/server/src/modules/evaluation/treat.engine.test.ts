import { describe, expect, it } from 'vitest';
import { kurtosis, passesSkewKurt, skewness, treatColumn, winsorise } from './treat.engine.ts';

describe('COINr outlier treatment', () => {
  it('uses the e1071 type-2 (Excel) skewness and kurtosis', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100];
    // G1·√(n(n−1))/(n−2) and the matching excess kurtosis, computed independently.
    expect(skewness(x)).toBeCloseTo(3.0632410342395, 10);
    expect(kurtosis(x)).toBeCloseTo(9.7413908345691, 10);
    expect(passesSkewKurt(x)).toBe(false);
  });

  it('winsorises the high side while the test fails (COINr example)', () => {
    const sut = winsorise([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100], 2);
    // One point (100 → 30) already brings |skew| under 2.
    expect(Array.from(sut.values).slice(-2)).toEqual([30, 30]);
    expect(sut.points).toBe(1);
    expect(passesSkewKurt(sut.values)).toBe(true);
  });

  it('falls back to log_CT on the original column when 5 points are not enough', () => {
    const x = Float64Array.from({ length: 60 }, (_, i) => Math.exp(0.5 * i));
    expect(winsorise(x).passes).toBe(false);
    const sut = treatColumn(x);
    expect(sut.method).toBe('log');
    const min = Math.min(...x);
    const shift = 0.01 * (Math.max(...x) - min);
    expect(sut.values[35]).toBeCloseTo(Math.log(x[35]! - min + shift), 12);
    expect(sut.points).toBe(60);
  });

  it('leaves a passing column alone', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5);
    expect(treatColumn(x)).toMatchObject({ method: 'none', points: 0 });
  });
});
