import type { TransitionInput } from '@zhili/contracts';
import { pick, type Rng } from './incidents-data.ts';
import {
  ESCALATE_REASONS,
  FEEDBACK_NOTES,
  HOLD_REASONS,
  RESOLVE_NOTES,
  RETURN_REASONS,
} from './incidents-templates.ts';

/** The planned lives of the seeded incidents: what happens to each, and when. */

export const INCIDENTS = 60;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface Step {
  action: TransitionInput['action'];
  /** Planned wait after the previous call, ms. */
  afterMs: number;
  extra?: Partial<TransitionInput>;
  /** Who acts: the dispatcher, or the handler of the incident's unit. */
  by: 'dispatcher' | 'handler';
}

export const between = (rng: Rng, lo: number, hi: number) => lo + rng() * (hi - lo);

/** The life an incident is meant to have had; cut at "now" by the caller. */
export function planSteps(rng: Rng, autoDispatched: boolean, onSite: boolean, calendarDays: boolean): Step[] {
  const steps: Step[] = [];
  const dispatchTo = (): Step => ({ action: 'dispatch', afterMs: between(rng, 20_000, 110_000), by: 'dispatcher' });
  if (!autoDispatched) {
    steps.push({ action: 'respond', afterMs: between(rng, 10_000, 75_000), by: 'dispatcher' }, dispatchTo());
  }
  if (rng() < 0.1) {
    steps.push({
      action: 'return',
      afterMs: between(rng, 2, 10) * MIN,
      extra: { note: pick(rng, RETURN_REASONS) },
      by: 'handler',
    });
    steps.push(dispatchTo());
  }
  if (rng() < 0.06) {
    steps.push({
      action: 'escalate',
      afterMs: between(rng, 3, 15) * MIN,
      extra: { note: pick(rng, ESCALATE_REASONS) },
      by: 'dispatcher',
    });
  }
  steps.push({ action: 'accept', afterMs: between(rng, 30_000, 240_000), by: 'handler' });
  if (onSite) steps.push({ action: 'arrive', afterMs: between(rng, 4, 23) * MIN, by: 'handler' });
  if (rng() < 0.06) {
    steps.push({
      action: 'hold',
      afterMs: between(rng, 5, 30) * MIN,
      extra: { note: pick(rng, HOLD_REASONS) },
      by: 'dispatcher',
    });
    steps.push({
      action: 'resume',
      afterMs: between(rng, 0.5, 2) * DAY,
      extra: { note: '报告人已补充材料，恢复办理。' },
      by: 'dispatcher',
    });
  }
  const resolveAfter = calendarDays ? between(rng, 3 * HOUR, 2 * DAY) : between(rng, 30 * MIN, 6 * HOUR);
  steps.push({ action: 'resolve', afterMs: resolveAfter, extra: { note: pick(rng, RESOLVE_NOTES) }, by: 'handler' });
  if (rng() < 0.05) {
    steps.push({
      action: 'reopen',
      afterMs: between(rng, 2, 20) * HOUR,
      extra: { note: '回访时居民反映问题仍未解决。' },
      by: 'dispatcher',
    });
    steps.push({ action: 'accept', afterMs: between(rng, 1, 5) * MIN, by: 'handler' });
    if (onSite) steps.push({ action: 'arrive', afterMs: between(rng, 5, 19) * MIN, by: 'handler' });
    steps.push({
      action: 'resolve',
      afterMs: between(rng, 1, 5) * HOUR,
      extra: { note: pick(rng, RESOLVE_NOTES) },
      by: 'handler',
    });
  }
  const r = rng();
  const satisfaction = r < 0.55 ? 5 : r < 0.85 ? 4 : r < 0.95 ? 3 : 2;
  steps.push({
    action: 'follow_up',
    afterMs: between(rng, 2, 20) * HOUR,
    extra: { satisfaction, note: pick(rng, FEEDBACK_NOTES) },
    by: 'dispatcher',
  });
  steps.push({ action: 'close', afterMs: between(rng, 10, 240) * MIN, by: 'dispatcher' });
  return steps;
}

/** When the incidents are received, in order: spread over 14 days (daytime), the last dozen within 3 hours. */
export function receivedTimes(rng: Rng, now: number): number[] {
  const times = Array.from({ length: INCIDENTS }, (_, i) => {
    if (i >= INCIDENTS - 12) return now - (INCIDENTS - i) * between(rng, 9, 14) * MIN;
    const t = now - 14 * DAY + (i / (INCIDENTS - 12)) * 13.5 * DAY;
    const shanghaiHour = (new Date(t).getUTCHours() + 8) % 24;
    return shanghaiHour < 7 ? t + 9 * HOUR : t;
  });
  return times.sort((a, b) => a - b);
}
