import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFIX, formatIncidentNumber } from './numbering.engine.ts';

describe('incident numbers', () => {
  it('pads the serial to six digits', () => {
    expect(formatIncidentNumber('LG', 2026, 123)).toBe('LG-2026-000123');
    expect(formatIncidentNumber(DEFAULT_PREFIX, 2026, 1_234_567)).toBe('ZL-2026-1234567');
  });

  it('is injective and keeps the serial readable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99_999_999 }), (a, b) => {
        const x = formatIncidentNumber('LG', 2026, a);
        expect(Number(x.split('-')[2])).toBe(a);
        if (a !== b) expect(x).not.toBe(formatIncidentNumber('LG', 2026, b));
      }),
    );
    expect(() => formatIncidentNumber('LG', 2026, -1)).toThrow(RangeError);
  });
});
