import {
  DEFAULT_CLOCK_TARGETS,
  type ClockColour,
  type ClockKind,
  type ClockState,
  type ClockTargets,
  type IncidentAction,
  type IncidentStatus,
  type Priority,
} from '@zhili/contracts';
import { addWorkingTime, workingMsBetween, type CompiledCalendar } from './calendar.engine.ts';

/**
 * SLA clocks (1-2-20: respond in 1 minute, dispatch in 2, on site in 20, resolve by the category's
 * deadline), pure. Deadlines are computed once and stored; the sweeper only compares instants.
 */

/** The warning fires at 80 % of the target. */
export const WARNING_FRACTION = 0.8;

/** A clock to start: its target and the calendar it counts in (null = around the clock). */
export interface ClockPlan {
  kind: ClockKind;
  targetMs: number;
  calendar: string | null;
  /** For report_in clocks: the summoned department. */
  organizationId?: string | null;
}

/** The stored instants of a running clock; `checkAt` is when the sweeper must look next (the warning). */
export interface ClockTimes {
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
  checkAt: Date;
}

function after(start: Date, ms: number, cal: CompiledCalendar | null): Date {
  return cal ? addWorkingTime(cal, start, ms) : new Date(start.getTime() + ms);
}

/** Deadline and 80 % warning for a clock starting at `start` (working time when cal given). */
export function planClock(start: Date, targetMs: number, cal: CompiledCalendar | null): ClockTimes {
  const warnAt = after(start, Math.floor(targetMs * WARNING_FRACTION), cal);
  return { startedAt: start, warnAt, dueAt: after(start, targetMs, cal), checkAt: warnAt };
}

function plan(kind: ClockKind, seconds: number | null, targets: ClockTargets): ClockPlan[] {
  return seconds == null ? [] : [{ kind, targetMs: seconds * 1000, calendar: targets.calendar }];
}

/**
 * The clocks a status change starts. Intake (→ received) starts respond and dispatch; a dispatch
 * or reopen (→ dispatched) starts on_site (when required) and resolve; a return (→ responded)
 * starts a new dispatch clock. Pass `action` so that transitions which keep or restore a status
 * (escalate, comment, resume, respond) start nothing; without it the status alone decides, and
 * 'responded' starts nothing (the respond action) — pass 'return' for the return.
 */
export function clocksToStart(
  toStatus: IncidentStatus,
  targets: ClockTargets,
  onSiteRequired: boolean,
  action?: IncidentAction,
): ClockPlan[] {
  if (action && !['receive', 'dispatch', 'reopen', 'return'].includes(action)) return [];
  switch (toStatus) {
    case 'received':
      return [
        ...plan('respond', targets.respondSeconds, targets),
        ...plan('dispatch', targets.dispatchSeconds, targets),
      ];
    case 'dispatched':
      return [
        ...(onSiteRequired ? plan('on_site', targets.onSiteSeconds, targets) : []),
        ...plan('resolve', targets.resolveSeconds, targets),
      ];
    case 'responded':
      return action === 'return' ? plan('dispatch', targets.dispatchSeconds, targets) : [];
    case 'accepted':
    case 'on_site':
    case 'resolved':
    case 'followed_up':
    case 'closed':
    case 'on_hold':
    case 'merged':
      return [];
  }
}

const ALL_KINDS: readonly ClockKind[] = ['respond', 'dispatch', 'on_site', 'resolve', 'report_in'];

/**
 * The clocks an action stops. Respond/dispatch/arrive/resolve stop theirs as met; a return
 * cancels the on-site and resolve clocks of the handed-back dispatch; merge and close stop every
 * clock (merge: cancelled). Hold and resume pause and resume instead of stopping.
 */
export function clocksToStop(toStatus: IncidentStatus, action: IncidentAction): ClockKind[] {
  switch (action) {
    case 'respond':
      return ['respond'];
    case 'dispatch':
      return ['respond', 'dispatch'];
    case 'arrive':
      return ['on_site'];
    case 'resolve':
      return ['on_site', 'resolve'];
    case 'return':
      return ['on_site', 'resolve'];
    case 'merge':
    case 'close':
      return [...ALL_KINDS];
    case 'receive':
    case 'accept':
    case 'follow_up':
    case 'escalate':
    case 'reopen':
    case 'hold':
    case 'resume':
    case 'whistle':
    case 'report_in':
    case 'comment':
    case 'clock_warning':
    case 'clock_breach':
      return toStatus === 'merged' || toStatus === 'closed' ? [...ALL_KINDS] : [];
  }
}

/** Remaining target (ms, ≥ 0; working ms with a calendar) when pausing a clock at `now`. */
export function pauseClock(c: { dueAt: Date; calendar: CompiledCalendar | null }, now: Date): number {
  const remaining = c.calendar ? workingMsBetween(c.calendar, now, c.dueAt) : c.dueAt.getTime() - now.getTime();
  return Math.max(0, remaining);
}

/**
 * New instants when resuming at `now` with `remainingMs` left of `targetMs`. `startedAt` is `now`
 * (keep the stored original); the warning stays at 80 % of the whole target, so a clock paused
 * after its warning point gets warnAt = now (the sweeper does not warn twice: warned_at is set).
 */
export function resumeClock(
  remainingMs: number,
  targetMs: number,
  now: Date,
  cal: CompiledCalendar | null,
): ClockTimes {
  const remaining = Math.max(0, remainingMs);
  const untilWarn = Math.max(0, remaining - (targetMs - Math.floor(targetMs * WARNING_FRACTION)));
  const warnAt = after(now, untilWarn, cal);
  return { startedAt: now, warnAt, dueAt: after(now, remaining, cal), checkAt: warnAt };
}

/** Board colour: grey when stopped or paused, red once due, amber from the warning, else green. */
export function clockColour(
  c: { state: ClockState; warnAt: Date | null; dueAt: Date | null; breachedAt: Date | null },
  now: Date,
): ClockColour {
  switch (c.state) {
    case 'met':
    case 'cancelled':
      return 'met';
    case 'paused':
      return 'paused';
    case 'running':
      if (c.breachedAt || (c.dueAt && now.getTime() >= c.dueAt.getTime())) return 'breached';
      if (c.warnAt && now.getTime() >= c.warnAt.getTime()) return 'warning';
      return 'ok';
  }
}

/** Targets for a category and priority: category.clocks[priority] ?? DEFAULT_CLOCK_TARGETS. */
export function targetsFor(clocks: Partial<Record<Priority, ClockTargets>>, priority: Priority): ClockTargets {
  return clocks[priority] ?? DEFAULT_CLOCK_TARGETS;
}
