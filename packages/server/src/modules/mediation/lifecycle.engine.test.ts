import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus } from '@zhili/contracts';
import {
  availableInDays,
  caseActionsFrom,
  caseClockColour,
  checkCaseStep,
  daysLeft,
  isCertified,
  planCaseClock,
  sweepStep,
} from './lifecycle.engine.ts';
import { monthAYearBefore, parseAntiFraud, parseResidentOrigins, yearOnYear } from './imports.engine.ts';

const DAY = 86_400_000;

describe('case lifecycle', () => {
  it('walks registered → matched → in_session → agreement → follow_up → closed', () => {
    let s: CaseStatus = 'registered';
    const path: [Parameters<typeof checkCaseStep>[1], Parameters<typeof checkCaseStep>[2]][] = [
      ['assign', {}],
      ['session', {}],
      ['agree', { terms: ['支付五千元'] }],
      ['follow_up', { note: '已履行' }],
      ['close', {}],
    ];
    const seen: CaseStatus[] = [s];
    for (const [step, input] of path) {
      const r = checkCaseStep(s, step, input);
      expect(r.ok).toBe(true);
      if (r.ok) s = r.toStatus;
      seen.push(s);
    }
    expect(seen).toEqual(['registered', 'matched', 'in_session', 'agreement', 'follow_up', 'closed']);
  });

  it('needs the fields of each outcome', () => {
    expect(checkCaseStep('in_session', 'agree', { terms: [] })).toMatchObject({ ok: false, path: 'body.terms' });
    expect(checkCaseStep('in_session', 'fail', { note: '  ' })).toMatchObject({ ok: false, path: 'body.note' });
    expect(checkCaseStep('matched', 'refer', {})).toMatchObject({ ok: false, path: 'body.referralTarget' });
    expect(checkCaseStep('registered', 'refer', { referralTarget: 'arbitration' })).toEqual({
      ok: true,
      toStatus: 'referred',
    });
  });

  it('offers exactly the steps checkCaseStep accepts (property)', () => {
    const full = { note: 'n', terms: ['t'], referralTarget: 'arbitration' as const };
    fc.assert(
      fc.property(fc.constantFrom(...CASE_STATUSES), (status) => {
        for (const step of ['assign', 'session', 'agree', 'fail', 'refer', 'follow_up', 'close', 'comment'] as const) {
          const offered = caseActionsFrom(status).includes(step);
          expect(checkCaseStep(status, step, full).ok).toBe(offered);
        }
      }),
    );
  });

  it('never leaves closed except by comment, and comment never moves', () => {
    expect(caseActionsFrom('closed')).toEqual(['comment']);
    for (const s of CASE_STATUSES)
      expect(checkCaseStep(s, 'comment', { note: 'x' })).toEqual({ ok: true, toStatus: s });
  });
});

describe('statutory clock', () => {
  const start = new Date('2026-03-01T00:00:00Z');

  it('warns at 80 % and is due at the limit', () => {
    const c = planCaseClock(start, 30);
    expect(c.warnAt.toISOString()).toBe('2026-03-25T00:00:00.000Z');
    expect(c.dueAt.toISOString()).toBe('2026-03-31T00:00:00.000Z');
  });

  it('colours and sweeps consistently at any moment (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 0, max: 120 * 24 }), (days, hours) => {
        const plan = planCaseClock(start, days);
        const now = new Date(start.getTime() + hours * 3_600_000);
        const clock = { ...plan, warnedAt: null, breachedAt: null, stoppedAt: null };
        const step = sweepStep(clock, now);
        const colour = caseClockColour(clock, now);
        if (now >= plan.dueAt) expect([step.kind, colour]).toEqual(['breach', 'breached']);
        else if (now >= plan.warnAt) expect([step.kind, colour]).toEqual(['warn', 'warning']);
        else expect([step.kind, colour]).toEqual(['none', 'ok']);
        const left = daysLeft(clock, now)!;
        expect(left).toBeLessThanOrEqual(days);
        expect(left > 0).toBe(now < plan.dueAt);
      }),
    );
  });

  it('stays red once stopped after a breach, green when stopped in time', () => {
    const plan = planCaseClock(start, 10);
    const late = new Date(start.getTime() + 12 * DAY);
    expect(caseClockColour({ ...plan, warnedAt: null, breachedAt: late, stoppedAt: late }, late)).toBe('breached');
    const early = new Date(start.getTime() + 2 * DAY);
    expect(caseClockColour({ ...plan, warnedAt: null, breachedAt: null, stoppedAt: early }, late)).toBe('met');
    expect(sweepStep({ ...plan, warnedAt: null, breachedAt: null, stoppedAt: early }, late).kind).toBe('none');
  });
});

describe('availability and certification', () => {
  it('finds the next weekly slot outside leave', () => {
    // 2026-03-02 is a Monday.
    const weekend = [
      { weekday: 6, from: '09:00', to: '17:00' },
      { weekday: 7, from: '09:00', to: '17:00' },
    ];
    expect(availableInDays(weekend, [], '2026-03-02', 7)).toBe(5);
    expect(availableInDays(weekend, [{ from: '2026-03-07', to: '2026-03-08' }], '2026-03-02', 7)).toBeNull();
    expect(availableInDays(weekend, [{ from: '2026-03-07', to: '2026-03-08' }], '2026-03-02', 14)).toBe(12);
    expect(availableInDays([], [], '2026-03-02', 0)).toBe(0);
    expect(availableInDays([], [{ from: '2026-03-01', to: '2026-03-03' }], '2026-03-02', 7)).toBe(2);
  });

  it('counts a certificate valid through its last day', () => {
    expect(isCertified('certified', '2026-03-02', '2026-03-02')).toBe(true);
    expect(isCertified('certified', '2026-03-01', '2026-03-02')).toBe(false);
    expect(isCertified('in_training', null, '2026-03-02')).toBe(false);
  });
});

describe('CSV imports', () => {
  it('reads resident origins with 2- or 6-digit province codes', () => {
    const r = parseResidentOrigins(
      'communityCode,provinceCode,residents\n330681005001,340000,4200\n330681005001,36,2100\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.provinceCode)).toEqual(['34', '36']);
  });

  it('lists every bad row and keeps none', () => {
    const r = parseResidentOrigins(
      'communityCode,provinceCode,residents\n330681005001,34,1\nabc,34,2\n330681005001,34,3\n330681005002,77,-1\n',
    );
    expect(r.rows).toEqual([]);
    expect(r.errors.map((e) => e.path)).toEqual([
      'row 3.communityCode',
      'row 4',
      'row 5.provinceCode',
      'row 5.residents',
    ]);
  });

  it('names missing columns', () => {
    expect(parseAntiFraud('regionCode,month,alerts\n330681005,2026-01,3\n').errors).toEqual([
      { path: 'header.cases', code: 'missing_column', message: 'column cases is missing' },
    ]);
  });

  it('computes year-on-year change', () => {
    expect(monthAYearBefore('2026-01')).toBe('2025-01');
    expect(yearOnYear(75, 100)).toBe(-0.25);
    expect(yearOnYear(5, 0)).toBeNull();
    expect(yearOnYear(5, undefined)).toBeNull();
  });
});
