import type { Clock, ClockColour } from '@zhili/contracts';

/** What a countdown shows at `now`: its colour and the signed remaining milliseconds. */
export interface ClockView {
  colour: ClockColour;
  /** Remaining time (negative once overdue); null when the clock has no deadline. */
  remainingMs: number | null;
}

type ClockLike = Pick<Clock, 'state' | 'colour' | 'dueAt' | 'warnAt' | 'breachedAt' | 'remainingMs'>;

/**
 * The colour of a clock now. The server's colour was right when the list was fetched; the
 * board recomputes it every second so a countdown turns amber at 80 % and red at 100 % without
 * waiting for the next event.
 */
export function clockView(c: ClockLike, now: number): ClockView {
  if (c.state === 'paused') return { colour: 'paused', remainingMs: c.remainingMs };
  if (c.state === 'met' || c.state === 'cancelled') return { colour: 'met', remainingMs: null };
  const due = c.dueAt ? Date.parse(c.dueAt) : NaN;
  if (Number.isNaN(due)) return { colour: c.colour, remainingMs: null };
  const remainingMs = due - now;
  if (remainingMs <= 0 || c.breachedAt) return { colour: 'breached', remainingMs };
  const warn = c.warnAt ? Date.parse(c.warnAt) : NaN;
  if (!Number.isNaN(warn) && now >= warn) return { colour: 'warning', remainingMs };
  return { colour: 'ok', remainingMs };
}

/** Hex colours of the clock states, matching antd's green/gold/red/grey tags. */
export const CLOCK_COLOURS: Record<ClockColour, string> = {
  ok: '#389e0d',
  warning: '#d48806',
  breached: '#cf1322',
  met: '#8c8c8c',
  paused: '#8c8c8c',
};

/** antd Tag colour per clock state. */
export const CLOCK_TAG: Record<ClockColour, string> = {
  ok: 'green',
  warning: 'gold',
  breached: 'red',
  met: 'default',
  paused: 'default',
};

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `mm:ss` under an hour, `h:mm:ss` under a day, `Nd hh h` beyond; overdue times get a leading
 * minus. `dayUnit`/`hourUnit` localise the long form ('天'/'小时' or 'd'/'h').
 */
export function formatRemaining(ms: number, dayUnit = 'd', hourUnit = 'h'): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${sign}${days}${dayUnit}${hours}${hourUnit}`;
  if (hours > 0) return `${sign}${hours}:${pad(minutes)}:${pad(seconds)}`;
  return `${sign}${pad(minutes)}:${pad(seconds)}`;
}

/** Seconds as minutes for the configuration forms (null stays null). */
export const secondsToMinutes = (s: number | null | undefined): number | null =>
  s === null || s === undefined ? null : Math.round((s / 60) * 100) / 100;

export const minutesToSeconds = (m: number | null | undefined): number | null =>
  m === null || m === undefined || Number.isNaN(m) ? null : Math.max(1, Math.round(m * 60));
