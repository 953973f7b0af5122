import { describe, expect, it } from 'vitest';
import { clockView, formatRemaining, minutesToSeconds, secondsToMinutes } from './clock.ts';

const base = {
  state: 'running' as const,
  colour: 'ok' as const,
  dueAt: '2026-01-01T00:10:00.000Z',
  warnAt: '2026-01-01T00:08:00.000Z',
  breachedAt: null,
  remainingMs: null,
};
const at = (iso: string) => Date.parse(iso);

describe('clockView', () => {
  it('is green before 80 %, amber from it, red from the deadline', () => {
    expect(clockView(base, at('2026-01-01T00:07:59Z'))).toEqual({ colour: 'ok', remainingMs: 121_000 });
    expect(clockView(base, at('2026-01-01T00:08:00Z')).colour).toBe('warning');
    expect(clockView(base, at('2026-01-01T00:10:00Z')).colour).toBe('breached');
    expect(clockView(base, at('2026-01-01T00:11:00Z')).remainingMs).toBe(-60_000);
  });

  it('keeps paused clocks grey with the stored remainder, and stopped ones without a countdown', () => {
    expect(clockView({ ...base, state: 'paused', remainingMs: 5000 }, 0)).toEqual({
      colour: 'paused',
      remainingMs: 5000,
    });
    expect(clockView({ ...base, state: 'met' }, 0)).toEqual({ colour: 'met', remainingMs: null });
  });

  it('trusts a recorded breach even if the local clock is behind', () => {
    expect(clockView({ ...base, breachedAt: '2026-01-01T00:10:00Z' }, at('2026-01-01T00:01:00Z')).colour).toBe(
      'breached',
    );
  });
});

describe('formatRemaining', () => {
  it('formats minutes, hours and days, with a minus when overdue', () => {
    expect(formatRemaining(65_000)).toBe('01:05');
    expect(formatRemaining(-65_000)).toBe('-01:05');
    expect(formatRemaining(3_723_000)).toBe('1:02:03');
    expect(formatRemaining(2 * 86_400_000 + 3 * 3_600_000, '天', '小时')).toBe('2天3小时');
  });
});

describe('minutes ↔ seconds', () => {
  it('round-trips whole minutes and keeps null', () => {
    expect(minutesToSeconds(20)).toBe(1200);
    expect(secondsToMinutes(1200)).toBe(20);
    expect(minutesToSeconds(null)).toBeNull();
    expect(secondsToMinutes(null)).toBeNull();
  });
});
