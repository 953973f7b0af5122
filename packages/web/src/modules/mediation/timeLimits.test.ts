import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MEDIATION_TYPES, type RoleAssignment, type TimeLimit } from '@zhili/contracts';
import { changedLimits, mayEditTimeLimits, warningDay } from './timeLimits.ts';

const role = (r: Partial<RoleAssignment>): RoleAssignment => ({
  id: '00000000-0000-4000-8000-000000000001',
  role: 'admin',
  regionCode: null,
  regionName: null,
  regionPath: null,
  organizationId: null,
  organizationName: null,
  ...r,
});

describe('mayEditTimeLimits', () => {
  it('allows only an unrestricted mediation.manage', () => {
    expect(mayEditTimeLimits({ roles: [role({})] })).toBe(true);
    expect(mayEditTimeLimits({ roles: [role({ role: 'township_staff', regionCode: '330502102' })] })).toBe(false);
    expect(mayEditTimeLimits({ roles: [role({ role: 'mediator' })] })).toBe(false);
    expect(mayEditTimeLimits({ roles: [] })).toBe(false);
  });
});

describe('warningDay', () => {
  it('is 80 % of the limit, rounded, at least day 1', () => {
    expect(warningDay(30, 0.8)).toBe(24);
    expect(warningDay(15, 0.8)).toBe(12);
    expect(warningDay(1, 0.8)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 }), (days) => {
        const d = warningDay(days, 0.8);
        return d >= 1 && d <= days;
      }),
    );
  });
});

describe('changedLimits', () => {
  const saved: TimeLimit[] = MEDIATION_TYPES.map((type) => ({ type, days: 30, isDefault: true, warningShare: 0.8 }));
  it('sends only the types whose days changed', () => {
    expect(changedLimits(saved, { neighbour: 15, family: 30 })).toEqual([{ type: 'neighbour', days: 15 }]);
    expect(changedLimits(saved, {})).toEqual([]);
  });
  it('never sends an unchanged type nor one that is not saved', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...MEDIATION_TYPES, 'unknown'), fc.integer({ min: 1, max: 365 })),
        (edits) => {
          const out = changedLimits(saved, edits);
          return out.every((l) => l.days !== 30 && edits[l.type] === l.days);
        },
      ),
    );
  });
});
