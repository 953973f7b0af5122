import { describe, expect, it } from 'vitest';
import { availabilityColor, availabilityRows, dataProblems } from './dataImport.ts';

describe('data import problems', () => {
  it('reads row and column from the detail path and sorts header problems first', () => {
    const sut = dataProblems([
      { path: 'row 12.PM25', code: 'EVAL_NOT_NUMERIC', message: '不是数字' },
      { path: 'row 3', code: 'EVAL_DUPLICATE', message: '重复' },
      { path: 'FOO', code: 'EVAL_UNKNOWN_INDICATOR', message: '未知指标' },
      { path: 'row 3.AQI', code: 'EVAL_OUT_OF_RANGE', message: '超出范围' },
    ]);
    expect(sut.map((p) => [p.row, p.column])).toEqual([
      [null, 'FOO'],
      [3, ''],
      [3, 'AQI'],
      [12, 'PM25'],
    ]);
  });

  it('colours availability from red to green', () => {
    expect(availabilityColor(0)).toBe('hsl(0, 70%, 82%)');
    expect(availabilityColor(1)).toBe('hsl(120, 70%, 90%)');
    expect(availabilityColor(2)).toBe(availabilityColor(1));
  });
});

describe('availability rows', () => {
  it('joins the overall share with the share of each year', () => {
    const avail = (year: number | null, share: number) => ({
      year,
      indicators: [{ code: 'PM25', available: 1, expected: 2, share }],
      units: [],
    });
    const sut = availabilityRows(avail(null, 0.75), [
      { year: 2022, data: avail(2022, 0.5) },
      { year: 2023, data: avail(2023, 1) },
      { year: 2024, data: undefined },
    ]);
    expect(sut).toEqual([{ code: 'PM25', share: 0.75, byYear: { 2022: 0.5, 2023: 1 } }]);
  });
});
