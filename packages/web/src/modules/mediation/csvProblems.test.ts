import { describe, expect, it } from 'vitest';
import { csvProblems } from './csvProblems.ts';

describe('csvProblems', () => {
  it('lists every bad row in file order, header problems first', () => {
    const out = csvProblems([
      { path: 'row 12.cases', code: 'x', message: 'not a number' },
      { path: 'row 3.month', code: 'x', message: 'YYYY-MM' },
      { path: 'regionCode', code: 'x', message: 'missing column' },
      { path: 'row 3.alerts', code: 'x', message: 'negative' },
    ]);
    expect(out.map((p) => [p.row, p.column])).toEqual([
      [null, 'regionCode'],
      [3, 'alerts'],
      [3, 'month'],
      [12, 'cases'],
    ]);
  });
});
