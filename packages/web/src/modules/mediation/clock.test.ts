import { describe, expect, it } from 'vitest';
import type { CaseClock } from '@zhili/contracts';
import { clockView } from './clock.ts';

const DAY = 86_400_000;
const start = Date.parse('2026-03-01T00:00:00Z');
const clock = (over: Partial<CaseClock> = {}): CaseClock => ({
  limitDays: 30,
  startedAt: new Date(start).toISOString(),
  warnAt: new Date(start + 24 * DAY).toISOString(),
  dueAt: new Date(start + 30 * DAY).toISOString(),
  warnedAt: null,
  breachedAt: null,
  stoppedAt: null,
  colour: 'ok',
  daysLeft: 30,
  ...over,
});

describe('clockView', () => {
  it('counts down in days and hours while inside the limit', () => {
    expect(clockView(clock(), start + 2 * DAY + 5 * 3_600_000)).toEqual({
      colour: 'ok',
      days: 27,
      hours: 19,
      overdue: false,
    });
  });

  it('turns amber at the warning time and red after the deadline, without waiting for the server', () => {
    expect(clockView(clock(), start + 25 * DAY).colour).toBe('warning');
    const late = clockView(clock(), start + 31 * DAY + 3_600_000);
    expect(late).toMatchObject({ colour: 'breached', days: 1, hours: 1, overdue: true });
  });

  it('is met once an outcome stopped it, even past the deadline', () => {
    expect(clockView(clock({ stoppedAt: new Date(start).toISOString() }), start + 40 * DAY)).toEqual({
      colour: 'met',
      days: null,
      hours: null,
      overdue: false,
    });
  });
});
