import type { WorkingCalendarInput } from '@zhili/contracts';

/**
 * Working time: deadlines of non-urgent clocks count only the hours a calendar is open, in the
 * calendar's own IANA zone (Asia/Shanghai by default; zones with DST work too, via Intl).
 */

const DAY_MS = 86_400_000;
/** Stop looking for an opening after this many closed days in a row: the calendar is unusable. */
const MAX_CLOSED_DAYS = 800;
const DAY_CACHE_LIMIT = 4096;

/** A calendar prepared for fast queries; treat as opaque apart from `code`. */
export interface CompiledCalendar {
  code: string;
  readonly timeZone: string;
  /** Opening spans per ISO weekday (index 1..7) in minutes after local midnight, sorted, merged. */
  readonly hours: readonly (readonly (readonly [number, number])[])[];
  readonly holidays: ReadonlySet<string>;
  readonly extraWorkdays: ReadonlySet<string>;
  /** Open intervals (UTC ms) of a local civil day, by day number since 1970-01-01. */
  readonly dayCache: Map<number, readonly (readonly [number, number])[]>;
  /** Zone offset (ms) by 15-minute bucket of UTC time; NaN where the bucket holds a change. */
  readonly offsetCache: Map<number, number>;
  readonly formatter: Intl.DateTimeFormat;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Sorted, merged spans; an empty or reversed span is an error (night shifts are two spans). */
function compileSpans(spans: readonly string[], day: string): [number, number][] {
  const parsed = spans.map((s) => {
    const [a, b] = s.split('-') as [string, string];
    const span: [number, number] = [minutesOf(a), minutesOf(b)];
    if (span[1] <= span[0]) throw new RangeError(`working hours ${s} of weekday ${day} end before they start`);
    return span;
  });
  parsed.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const s of parsed) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/** A calendar definition; weekdays missing from `hours` are closed (zod 4 records are exhaustive, this is not). */
export type CalendarDefinition = Omit<WorkingCalendarInput, 'hours'> & {
  hours: Partial<WorkingCalendarInput['hours']>;
};

/**
 * Prepares a calendar. Throws RangeError for an unknown time zone, a reversed span or a week
 * without any working hours (deadlines could never fall due).
 */
export function compileCalendar(input: CalendarDefinition): CompiledCalendar {
  const timeZone = input.timeZone || 'Asia/Shanghai';
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const hours: [number, number][][] = [[]];
  for (let d = 1; d <= 7; d++) {
    const key = String(d) as keyof WorkingCalendarInput['hours'];
    hours.push(compileSpans(input.hours[key] ?? [], key));
  }
  if (hours.every((h) => h.length === 0)) throw new RangeError(`calendar ${input.code} has no working hours`);
  return {
    code: input.code,
    timeZone,
    hours,
    holidays: new Set(input.holidays ?? []),
    extraWorkdays: new Set(input.extraWorkdays ?? []),
    dayCache: new Map(),
    offsetCache: new Map(),
    formatter,
  };
}

/** Zone offset (local − UTC, ms) at instant t, read from Intl (slow: a formatToParts call). */
function intlOffset(cal: CompiledCalendar, t: number): number {
  const f: Record<string, number> = {};
  for (const p of cal.formatter.formatToParts(new Date(t))) if (p.type !== 'literal') f[p.type] = Number(p.value);
  return Date.UTC(f.year!, f.month! - 1, f.day, f.hour, f.minute, f.second) + (((t % 1000) + 1000) % 1000) - t;
}

const BUCKET_MS = 15 * 60_000;
const OFFSET_CACHE_MAX = 50_000;

/**
 * Zone offset (local − UTC, ms) at instant t. No zone changes its offset twice within 15
 * minutes, so when both ends of t's 15-minute bucket agree the whole bucket has that offset:
 * two Intl calls per bucket, once, instead of one per question (this runs several times for
 * each clock of each incident taken in).
 */
export function offsetAt(cal: CompiledCalendar, t: number): number {
  const bucket = Math.floor(t / BUCKET_MS);
  let offset = cal.offsetCache.get(bucket);
  if (offset === undefined) {
    const start = bucket * BUCKET_MS;
    const first = intlOffset(cal, start);
    offset = first === intlOffset(cal, start + BUCKET_MS - 1) ? first : Number.NaN;
    if (cal.offsetCache.size >= OFFSET_CACHE_MAX) cal.offsetCache.clear();
    cal.offsetCache.set(bucket, offset);
  }
  return Number.isNaN(offset) ? intlOffset(cal, t) : offset;
}

/** Local wall-clock fields of an instant in the calendar's zone. */
function localParts(cal: CompiledCalendar, t: number): { y: number; m: number; d: number; localMs: number } {
  const localMs = t + offsetAt(cal, t);
  const local = new Date(localMs);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate(), localMs };
}

/** The instant of a local wall-clock time (in UTC-ms-of-local form); gaps resolve forwards. */
function instantOf(cal: CompiledCalendar, localMs: number): number {
  let t = localMs - offsetAt(cal, localMs);
  const o2 = offsetAt(cal, t);
  if (localMs - o2 !== t) {
    const t2 = localMs - o2;
    // Only take the second guess when it maps back to the same wall time (ambiguous/gap otherwise).
    if (offsetAt(cal, t2) === o2) t = t2;
  }
  return t;
}

function isoDate(dayNo: number): string {
  return new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
}

/** Open intervals (UTC ms) of local civil day `dayNo`. */
function dayIntervals(cal: CompiledCalendar, dayNo: number): readonly (readonly [number, number])[] {
  const cached = cal.dayCache.get(dayNo);
  if (cached) return cached;
  const date = isoDate(dayNo);
  let spans: readonly (readonly [number, number])[];
  if (cal.holidays.has(date)) spans = [];
  else if (cal.extraWorkdays.has(date)) spans = cal.hours[1]!;
  else {
    const wd = new Date(dayNo * DAY_MS).getUTCDay();
    spans = cal.hours[wd === 0 ? 7 : wd]!;
  }
  const base = dayNo * DAY_MS;
  const out = spans.map(([a, b]) => [instantOf(cal, base + a * 60_000), instantOf(cal, base + b * 60_000)] as const);
  if (cal.dayCache.size >= DAY_CACHE_LIMIT) cal.dayCache.clear();
  cal.dayCache.set(dayNo, out);
  return out;
}

function localDayNo(cal: CompiledCalendar, t: number): number {
  const p = localParts(cal, t);
  return Math.floor(Date.UTC(p.y, p.m - 1, p.d) / DAY_MS);
}

/**
 * The instant that is `ms` of working time after `start`: the earliest t with
 * workingMsBetween(start, t) = ms. A start inside off-hours begins at the next opening.
 */
export function addWorkingTime(cal: CompiledCalendar, start: Date, ms: number): Date {
  const t0 = start.getTime();
  let remaining = Math.max(0, ms);
  let closed = 0;
  // Begin one local day early: with DST a day's interval may reach past the next local midnight.
  for (let day = localDayNo(cal, t0) - 1; closed < MAX_CLOSED_DAYS; day++) {
    const intervals = dayIntervals(cal, day);
    let opened = false;
    for (const [a, b] of intervals) {
      if (b <= t0) continue;
      opened = true;
      const from = Math.max(a, t0);
      if (remaining <= b - from) return new Date(from + remaining);
      remaining -= b - from;
    }
    closed = opened ? 0 : closed + 1;
  }
  throw new RangeError(`calendar ${cal.code}: no working time within ${MAX_CLOSED_DAYS} days`);
}

/** Working ms between a and b (0 if b <= a). */
export function workingMsBetween(cal: CompiledCalendar, a: Date, b: Date): number {
  const ta = a.getTime();
  const tb = b.getTime();
  if (!(tb > ta)) return 0;
  let sum = 0;
  const last = localDayNo(cal, tb);
  for (let day = localDayNo(cal, ta) - 1; day <= last; day++) {
    for (const [s, e] of dayIntervals(cal, day)) {
      const from = Math.max(s, ta);
      const to = Math.min(e, tb);
      if (to > from) sum += to - from;
    }
  }
  return sum;
}
