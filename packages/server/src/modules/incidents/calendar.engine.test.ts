import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingTime, compileCalendar, offsetAt, workingMsBetween } from './calendar.engine.ts';

const HOUR = 3_600_000;

/** Mon–Fri 08:30-12:00 and 13:30-17:30 in Shanghai; Saturday 9–12; a holiday and a 调休 Sunday. */
const sut = compileCalendar({
  code: 'office',
  name: 'Office',
  timeZone: 'Asia/Shanghai',
  hours: {
    '1': ['08:30-12:00', '13:30-17:30'],
    '2': ['08:30-12:00', '13:30-17:30'],
    '3': ['08:30-12:00', '13:30-17:30'],
    '4': ['08:30-12:00', '13:30-17:30'],
    '5': ['08:30-12:00', '13:30-17:30'],
    '6': ['09:00-12:00'],
  },
  holidays: ['2026-10-01', '2026-10-02'],
  extraWorkdays: ['2026-09-27'],
});

const berlin = compileCalendar({
  code: 'berlin',
  name: 'Berlin',
  timeZone: 'Europe/Berlin',
  hours: { '1': ['00:00-24:00'], '7': ['01:00-04:00', '22:00-24:00'] },
  holidays: [],
  extraWorkdays: [],
});

/** Shanghai wall time → Date (UTC+8, no DST). */
const sh = (s: string): Date => new Date(`${s}+08:00`);

/** Brute force: is instant t inside the office's open hours? */
function openAt(t: number): boolean {
  const local = new Date(t + 8 * HOUR);
  const date = local.toISOString().slice(0, 10);
  if (date === '2026-10-01' || date === '2026-10-02') return false;
  let wd = local.getUTCDay();
  if (date === '2026-09-27') wd = 1;
  const min = local.getUTCHours() * 60 + local.getUTCMinutes();
  if (wd >= 1 && wd <= 5) return (min >= 510 && min < 720) || (min >= 810 && min < 1050);
  if (wd === 6) return min >= 540 && min < 720;
  return false;
}

const instant = fc.integer({ min: sh('2026-09-20T00:00:00').getTime(), max: sh('2026-10-20T00:00:00').getTime() });

describe('working calendar', () => {
  it('counts the hours of one working day (7.5 h) and skips lunch', () => {
    expect(workingMsBetween(sut, sh('2026-09-28T00:00:00'), sh('2026-09-29T00:00:00'))).toBe(7.5 * HOUR);
    expect(workingMsBetween(sut, sh('2026-09-28T11:00:00'), sh('2026-09-28T14:00:00'))).toBe(1.5 * HOUR);
  });

  it('starts counting at the next opening when started off-hours', () => {
    expect(addWorkingTime(sut, sh('2026-09-28T06:00:00'), HOUR)).toEqual(sh('2026-09-28T09:30:00'));
    expect(addWorkingTime(sut, sh('2026-09-28T12:10:00'), 0)).toEqual(sh('2026-09-28T13:30:00'));
  });

  it('skips holidays and counts a 调休 Sunday', () => {
    // Wed 30 Sep 17:00 + 1 h → 0.5 h that day, then Thu/Fri are holidays, Sat opens 09:00.
    expect(addWorkingTime(sut, sh('2026-09-30T17:00:00'), HOUR)).toEqual(sh('2026-10-03T09:30:00'));
    expect(workingMsBetween(sut, sh('2026-09-27T00:00:00'), sh('2026-09-28T00:00:00'))).toBe(7.5 * HOUR);
    expect(workingMsBetween(sut, sh('2026-10-01T00:00:00'), sh('2026-10-03T00:00:00'))).toBe(0);
  });

  it('addWorkingTime and workingMsBetween are inverse', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 * HOUR }), (t, ms) => {
        const start = new Date(t);
        const end = addWorkingTime(sut, start, ms);
        expect(workingMsBetween(sut, start, end)).toBe(ms);
        // The earliest such instant: a millisecond less is not enough.
        if (ms > 0) expect(workingMsBetween(sut, start, new Date(end.getTime() - 1))).toBe(ms - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('never counts holidays or off-hours (agrees with a minute-by-minute brute force)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 4 * 24 * 60 }), (t, minutes) => {
        const a = Math.ceil(t / 60_000) * 60_000;
        const b = a + minutes * 60_000;
        let brute = 0;
        for (let x = a; x < b; x += 60_000) if (openAt(x)) brute += 60_000;
        expect(workingMsBetween(sut, new Date(a), new Date(b))).toBe(brute);
      }),
      { numRuns: 60 },
    );
  });

  it('is additive over a split point and zero for reversed ranges', () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, m, b] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        const whole = workingMsBetween(sut, new Date(a), new Date(b));
        expect(whole).toBe(
          workingMsBetween(sut, new Date(a), new Date(m)) + workingMsBetween(sut, new Date(m), new Date(b)),
        );
        if (b > a) expect(workingMsBetween(sut, new Date(b), new Date(a))).toBe(0);
      }),
    );
  });

  it('follows DST in zones that have it (Europe/Berlin)', () => {
    // Sunday 29 Mar 2026 at 02:00 clocks jump to 03:00: 01:00-04:00 is 2 real hours.
    expect(workingMsBetween(berlin, new Date('2026-03-29T00:00:00+01:00'), new Date('2026-03-29T12:00:00+02:00'))).toBe(
      2 * HOUR,
    );
    // Sunday 25 Oct 2026 at 03:00 clocks fall back to 02:00: 01:00-04:00 is 4 real hours.
    expect(workingMsBetween(berlin, new Date('2026-10-25T00:00:00+02:00'), new Date('2026-10-25T12:00:00+01:00'))).toBe(
      4 * HOUR,
    );
    // A whole Monday is 24 h; Sunday 22:00 → Monday 24:00 runs without a gap.
    expect(addWorkingTime(berlin, new Date('2026-03-29T22:00:00+02:00'), 26 * HOUR)).toEqual(
      new Date('2026-03-31T00:00:00+02:00'),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2026-03-01'), max: Date.parse('2026-11-30') }),
        fc.integer({ min: 0, max: 100 * HOUR }),
        (t, ms) => {
          expect(workingMsBetween(berlin, new Date(t), addWorkingTime(berlin, new Date(t), ms))).toBe(ms);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses calendars that can never fall due or have a bad zone', () => {
    expect(() =>
      compileCalendar({ code: 'x', name: 'x', timeZone: 'Asia/Shanghai', hours: {}, holidays: [], extraWorkdays: [] }),
    ).toThrow(RangeError);
    expect(() =>
      compileCalendar({
        code: 'x',
        name: 'x',
        timeZone: 'Mars/Olympus',
        hours: { '1': ['09:00-10:00'] },
        holidays: [],
        extraWorkdays: [],
      }),
    ).toThrow(RangeError);
    expect(() =>
      compileCalendar({
        code: 'x',
        name: 'x',
        timeZone: 'UTC',
        hours: { '1': ['10:00-09:00'] },
        holidays: [],
        extraWorkdays: [],
      }),
    ).toThrow(RangeError);
  });

  it('reads zone offsets from its cache exactly as Intl gives them, across DST changes', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Asia/Shanghai'];
    const oracle = (timeZone: string, t: number) => {
      const f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
      return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second) + (((t % 1000) + 1000) % 1000) - t;
    };
    const cals = zones.map((timeZone) =>
      compileCalendar({
        code: timeZone,
        name: timeZone,
        timeZone,
        hours: { '1': ['09:00-17:00'] },
        holidays: [],
        extraWorkdays: [],
      }),
    );
    // Instants near changes as well as anywhere in 1990–2040.
    const near = fc.constantFrom(
      Date.UTC(2026, 2, 29, 1),
      Date.UTC(2026, 9, 25, 1),
      Date.UTC(2026, 2, 8, 7),
      Date.UTC(2026, 3, 4, 15),
      // Shanghai leaves its local mean time (+8:05:43) at 1900-12-31T15:54:17Z: a change off the quarter hour.
      Date.UTC(1900, 11, 31, 15, 54, 17),
    );
    const instant = fc.oneof(
      fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
      fc.tuple(near, fc.integer({ min: -2 * HOUR, max: 2 * HOUR })).map(([a, d]) => a + d),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cals.length - 1 }), instant, (i, t) => {
        expect(offsetAt(cals[i]!, t)).toBe(oracle(zones[i]!, t));
      }),
      { numRuns: 2000 },
    );
  });
});
