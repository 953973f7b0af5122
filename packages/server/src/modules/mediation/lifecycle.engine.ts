import type { CaseAction, CaseClockColour, CaseStatus, CaseTransition } from '@zhili/contracts';

/**
 * The life of a mediation case, pure: registered → matched → in_session → agreement | failed |
 * referred → follow_up → closed, and the statutory time-limit clock that runs from registration
 * until an outcome.
 */

/** Days a case may take when its type has no configured limit (人民调解 practice: 30 days). */
export const DEFAULT_TIME_LIMIT_DAYS = 30;
/** The clock warns at 80 % of the limit, like the governance centre's clocks. */
export const WARNING_FRACTION = 0.8;
const DAY_MS = 86_400_000;

/** Statuses in which the statutory clock runs and the case counts towards a mediator's load. */
export const RUNNING_STATUSES: readonly CaseStatus[] = ['registered', 'matched', 'in_session'];
/** Statuses that mean an outcome was reached (the case is over for the mediator). */
export const ENDED_STATUSES: readonly CaseStatus[] = ['agreement', 'failed', 'referred', 'follow_up', 'closed'];

type Step = CaseTransition['action'] | 'assign' | 'session';

/** From which statuses each action may be taken, and where it leads (null = stays). */
const TABLE: Record<Step, { from: readonly CaseStatus[]; to: CaseStatus | null }> = {
  assign: { from: ['registered', 'matched', 'in_session'], to: null },
  session: { from: ['matched', 'in_session'], to: 'in_session' },
  agree: { from: ['matched', 'in_session'], to: 'agreement' },
  fail: { from: ['matched', 'in_session'], to: 'failed' },
  refer: { from: ['registered', 'matched', 'in_session'], to: 'referred' },
  follow_up: { from: ['agreement', 'failed', 'referred'], to: 'follow_up' },
  close: { from: ['follow_up'], to: 'closed' },
  comment: {
    from: ['registered', 'matched', 'in_session', 'agreement', 'failed', 'referred', 'follow_up', 'closed'],
    to: null,
  },
};

export type CaseCheck =
  | { ok: true; toStatus: CaseStatus }
  | { ok: false; code: 'CASE_INVALID_TRANSITION' | 'CASE_FIELD_REQUIRED'; path: string; message: string };

/** The status after `action` from `from`: assigning a registered case matches it; other no-move steps stay. */
function target(step: Step, from: CaseStatus): CaseStatus {
  if (step === 'assign') return from === 'registered' ? 'matched' : from;
  return TABLE[step].to ?? from;
}

/** Whether `step` may be taken from `from`, with the fields it needs present. */
export function checkCaseStep(
  from: CaseStatus,
  step: Step,
  input: Partial<Pick<CaseTransition, 'note' | 'terms' | 'referralTarget'>> = {},
): CaseCheck {
  if (!TABLE[step].from.includes(from))
    return { ok: false, code: 'CASE_INVALID_TRANSITION', path: 'body.action', message: `${step} from ${from}` };
  const need = (path: string, message: string): CaseCheck => ({
    ok: false,
    code: 'CASE_FIELD_REQUIRED',
    path,
    message,
  });
  if (step === 'agree' && (input.terms ?? []).length === 0) return need('body.terms', 'an agreement needs its terms');
  if ((step === 'fail' || step === 'comment' || step === 'follow_up') && !input.note?.trim())
    return need('body.note', step === 'fail' ? 'give the reason mediation failed' : 'a note is required');
  if (step === 'refer' && !input.referralTarget) return need('body.referralTarget', 'name where the case is referred');
  return { ok: true, toStatus: target(step, from) };
}

/** Actions the case detail offers in `status` (before permissions). */
export function caseActionsFrom(status: CaseStatus): CaseAction[] {
  return (Object.keys(TABLE) as Step[]).filter((s) => TABLE[s].from.includes(status));
}

/** Clock instants for a case registered at `start` with a limit of `days`. */
export function planCaseClock(start: Date, days: number): { warnAt: Date; dueAt: Date } {
  const ms = days * DAY_MS;
  return {
    warnAt: new Date(start.getTime() + Math.round(ms * WARNING_FRACTION)),
    dueAt: new Date(start.getTime() + ms),
  };
}

export interface ClockState {
  dueAt: Date;
  warnAt: Date;
  warnedAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
}

/**
 * Colour of the clock at `now`: met once stopped before the deadline (a stopped clock that had
 * breached stays red: the limit was missed), otherwise by where `now` falls.
 */
export function caseClockColour(c: ClockState, now: Date): CaseClockColour {
  if (c.stoppedAt) return c.breachedAt || c.stoppedAt > c.dueAt ? 'breached' : 'met';
  if (c.breachedAt || now >= c.dueAt) return 'breached';
  if (c.warnedAt || now >= c.warnAt) return 'warning';
  return 'ok';
}

/** Whole days until the deadline (negative when past), counted by started days; null when stopped. */
export function daysLeft(c: ClockState, now: Date): number | null {
  if (c.stoppedAt) return null;
  const diff = c.dueAt.getTime() - now.getTime();
  return diff >= 0 ? Math.ceil(diff / DAY_MS) : -Math.ceil(-diff / DAY_MS);
}

/**
 * What the sweep does to a running clock at `now`: warn (then look again at the deadline),
 * breach (nothing more to look at), or nothing yet (look again at `checkAt`).
 */
export function sweepStep(
  c: ClockState,
  now: Date,
):
  | { kind: 'warn'; nextCheckAt: Date }
  | { kind: 'breach'; nextCheckAt: null }
  | { kind: 'none'; nextCheckAt: Date | null } {
  if (c.stoppedAt || c.breachedAt) return { kind: 'none', nextCheckAt: null };
  if (now >= c.dueAt) return { kind: 'breach', nextCheckAt: null };
  if (!c.warnedAt && now >= c.warnAt) return { kind: 'warn', nextCheckAt: c.dueAt };
  return { kind: 'none', nextCheckAt: c.warnedAt ? c.dueAt : c.warnAt };
}

// ── availability ─────────────────────────────────────────────────────────────────────────────

/** ISO weekday (1 = Monday) of a 'YYYY-MM-DD' date. */
function isoWeekday(ymd: string): number {
  const d = new Date(`${ymd}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** 'YYYY-MM-DD' of `date` in China (UTC+8, no daylight saving). */
export function chinaDate(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function addDays(ymd: string, n: number): string {
  return new Date(new Date(`${ymd}T00:00:00Z`).getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Days from `today` until the mediator next has a weekly slot and is not on leave; null when not
 * within `horizon` days. No slots at all means "any day" (volunteers who did not give hours).
 */
export function availableInDays(
  slots: readonly { weekday: number }[],
  leaves: readonly { from: string; to: string }[],
  today: string,
  horizon: number,
): number | null {
  const weekdays = new Set(slots.map((s) => s.weekday));
  for (let d = 0; d <= horizon; d++) {
    const day = addDays(today, d);
    if (weekdays.size > 0 && !weekdays.has(isoWeekday(day))) continue;
    if (leaves.some((l) => l.from <= day && day <= l.to)) continue;
    return d;
  }
  return null;
}

/** Certified today: status certified and the certificate not expired. */
export function isCertified(status: string, until: string | null, today: string): boolean {
  return status === 'certified' && (until === null || until >= today);
}
