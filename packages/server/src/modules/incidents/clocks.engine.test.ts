import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLOCK_STATES,
  DEFAULT_CLOCK_TARGETS,
  INCIDENT_ACTIONS,
  INCIDENT_STATUSES,
  type ClockTargets,
} from '@zhili/contracts';
import { compileCalendar, workingMsBetween } from './calendar.engine.ts';
import {
  WARNING_FRACTION,
  clockColour,
  clocksToStart,
  clocksToStop,
  pauseClock,
  planClock,
  resumeClock,
  targetsFor,
} from './clocks.engine.ts';

const cal = compileCalendar({
  code: 'office',
  name: 'Office',
  timeZone: 'Asia/Shanghai',
  hours: {
    '1': ['09:00-17:00'],
    '2': ['09:00-17:00'],
    '3': ['09:00-17:00'],
    '4': ['09:00-17:00'],
    '5': ['09:00-17:00'],
  },
  holidays: ['2026-10-01'],
  extraWorkdays: [],
});
const instant = fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-01-01') });
const target = fc.integer({ min: 1000, max: 5 * 86_400_000 });

describe('clock engine', () => {
  it('plans the 1-2-20 clocks in elapsed time', () => {
    const start = new Date('2026-05-01T10:00:00Z');
    const sut = planClock(start, 60_000, null);
    expect(sut).toEqual({
      startedAt: start,
      warnAt: new Date('2026-05-01T10:00:48Z'),
      dueAt: new Date('2026-05-01T10:01:00Z'),
      checkAt: new Date('2026-05-01T10:00:48Z'),
    });
  });

  it('puts the warning at 80 % of the target and before the deadline, in working time too', () => {
    fc.assert(
      fc.property(instant, target, fc.boolean(), (t, ms, withCal) => {
        const c = withCal ? cal : null;
        const sut = planClock(new Date(t), ms, c);
        expect(sut.warnAt.getTime()).toBeLessThanOrEqual(sut.dueAt.getTime());
        expect(sut.checkAt).toEqual(sut.warnAt);
        const worked = (d: Date): number => (c ? workingMsBetween(c, new Date(t), d) : d.getTime() - t);
        expect(worked(sut.dueAt)).toBe(ms);
        expect(worked(sut.warnAt)).toBe(Math.floor(ms * WARNING_FRACTION));
      }),
      { numRuns: 200 },
    );
  });

  it('pause then resume preserves the remaining time (elapsed and working)', () => {
    fc.assert(
      fc.property(
        instant,
        target,
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: 0, max: 30 * 86_400_000 }),
        fc.boolean(),
        (t, ms, pauseAfter, heldFor, withCal) => {
          const c = withCal ? cal : null;
          const planned = planClock(new Date(t), ms, c);
          const pausedAt = new Date(t + pauseAfter);
          const remaining = pauseClock({ dueAt: planned.dueAt, calendar: c }, pausedAt);
          const expected = c
            ? workingMsBetween(c, pausedAt, planned.dueAt)
            : Math.max(0, planned.dueAt.getTime() - pausedAt.getTime());
          expect(remaining).toBe(expected);
          const resumedAt = new Date(pausedAt.getTime() + heldFor);
          const sut = resumeClock(remaining, ms, resumedAt, c);
          const left = c ? workingMsBetween(c, resumedAt, sut.dueAt) : sut.dueAt.getTime() - resumedAt.getTime();
          expect(left).toBe(remaining);
          expect(sut.warnAt.getTime()).toBeLessThanOrEqual(sut.dueAt.getTime());
          expect(sut.warnAt.getTime()).toBeGreaterThanOrEqual(resumedAt.getTime());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the warning at 80 % of the whole target across a pause', () => {
    const start = new Date('2026-05-01T10:00:00Z');
    const p = planClock(start, 100_000, null);
    const remaining = pauseClock({ dueAt: p.dueAt, calendar: null }, new Date(start.getTime() + 50_000));
    const sut = resumeClock(remaining, 100_000, new Date('2026-05-01T11:00:00Z'), null);
    expect(sut.warnAt).toEqual(new Date('2026-05-01T11:00:30Z'));
    expect(sut.dueAt).toEqual(new Date('2026-05-01T11:00:50Z'));
  });

  it('starts respond+dispatch at intake, on_site+resolve at dispatch, a new dispatch clock on return', () => {
    const t = DEFAULT_CLOCK_TARGETS;
    expect(clocksToStart('received', t, true, 'receive').map((c) => c.kind)).toEqual(['respond', 'dispatch']);
    expect(clocksToStart('dispatched', t, true, 'dispatch').map((c) => c.kind)).toEqual(['on_site', 'resolve']);
    expect(clocksToStart('dispatched', t, false, 'reopen').map((c) => c.kind)).toEqual(['resolve']);
    expect(clocksToStart('responded', t, true, 'return').map((c) => c.kind)).toEqual(['dispatch']);
    expect(clocksToStart('responded', t, true, 'respond')).toEqual([]);
    expect(clocksToStart('dispatched', t, true, 'resume')).toEqual([]);
    expect(clocksToStart('dispatched', t, true, 'escalate')).toEqual([]);
    expect(clocksToStart('received', t, true)[0]).toEqual({ kind: 'respond', targetMs: 60_000, calendar: null });
    const noArrival: ClockTargets = { ...t, onSiteSeconds: null, calendar: 'office' };
    expect(clocksToStart('dispatched', noArrival, true, 'dispatch')).toEqual([
      { kind: 'resolve', targetMs: 3 * 86_400_000, calendar: 'office' },
    ]);
  });

  it('stops the clocks each action meets', () => {
    expect(clocksToStop('responded', 'respond')).toEqual(['respond']);
    expect(clocksToStop('dispatched', 'dispatch')).toEqual(['respond', 'dispatch']);
    expect(clocksToStop('on_site', 'arrive')).toEqual(['on_site']);
    expect(clocksToStop('resolved', 'resolve')).toEqual(['on_site', 'resolve']);
    expect(clocksToStop('merged', 'merge')).toHaveLength(5);
    expect(clocksToStop('on_hold', 'hold')).toEqual([]);
    for (const a of INCIDENT_ACTIONS)
      for (const s of INCIDENT_STATUSES) expect(Array.isArray(clocksToStop(s, a))).toBe(true);
  });

  it('colours clocks by state and instant', () => {
    const c = { warnAt: new Date(800), dueAt: new Date(1000), breachedAt: null };
    expect(clockColour({ ...c, state: 'running' }, new Date(0))).toBe('ok');
    expect(clockColour({ ...c, state: 'running' }, new Date(800))).toBe('warning');
    expect(clockColour({ ...c, state: 'running' }, new Date(1000))).toBe('breached');
    expect(clockColour({ ...c, state: 'running', breachedAt: new Date(1) }, new Date(0))).toBe('breached');
    expect(clockColour({ ...c, state: 'paused' }, new Date(5000))).toBe('paused');
    expect(clockColour({ ...c, state: 'met' }, new Date(5000))).toBe('met');
    expect(clockColour({ ...c, state: 'cancelled' }, new Date(5000))).toBe('met');
    fc.assert(
      fc.property(fc.constantFrom(...CLOCK_STATES), fc.integer({ min: 0, max: 2000 }), (state, now) => {
        const colour = clockColour({ ...c, state }, new Date(now));
        if (state === 'running') expect(['ok', 'warning', 'breached']).toContain(colour);
      }),
    );
  });

  it('falls back to the default targets for a priority the category does not set', () => {
    const urgent: ClockTargets = { ...DEFAULT_CLOCK_TARGETS, respondSeconds: 30 };
    expect(targetsFor({ urgent }, 'urgent')).toBe(urgent);
    expect(targetsFor({ urgent }, 'low')).toBe(DEFAULT_CLOCK_TARGETS);
  });
});
