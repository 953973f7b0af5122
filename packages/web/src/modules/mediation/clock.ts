import type { CaseClock, CaseClockColour } from '@zhili/contracts';

/** What a case's statutory clock shows at `now`. */
export interface ClockView {
  colour: CaseClockColour;
  /** Whole days and hours left, or past the deadline when `overdue`; null once stopped. */
  days: number | null;
  hours: number | null;
  overdue: boolean;
}

const HOUR = 3_600_000;

/**
 * The countdown of a case's statutory time limit. Colours are recomputed from `warnAt` and `dueAt`
 * so an open board turns amber and red on time without a refetch; a stopped clock (an outcome was
 * reached) is `met` whatever the date, as the server says.
 */
export function clockView(clock: CaseClock, now: number): ClockView {
  if (clock.stoppedAt) return { colour: 'met', days: null, hours: null, overdue: false };
  const due = Date.parse(clock.dueAt);
  const warn = Date.parse(clock.warnAt);
  if (Number.isNaN(due)) return { colour: clock.colour, days: clock.daysLeft, hours: null, overdue: false };
  const left = due - now;
  const overdue = left < 0;
  const totalHours = Math.floor(Math.abs(left) / HOUR);
  let colour: CaseClockColour;
  if (overdue) colour = 'breached';
  else if (!Number.isNaN(warn) && now >= warn) colour = 'warning';
  else colour = 'ok';
  return { colour, days: Math.floor(totalHours / 24), hours: totalHours % 24, overdue };
}

/** antd Tag colour of a clock colour. */
export const CLOCK_TAG: Record<CaseClockColour, string> = {
  ok: 'green',
  warning: 'orange',
  breached: 'red',
  met: 'default',
};
