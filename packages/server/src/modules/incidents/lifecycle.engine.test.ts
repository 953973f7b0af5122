import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HANDLING_LEVELS, INCIDENT_STATUSES, TransitionInput, type IncidentStatus } from '@zhili/contracts';
import {
  actionsFrom,
  checkTransition,
  escalateLevel,
  permissionFor,
  type TransitionAction,
} from './lifecycle.engine.ts';

/** The design's lifecycle table, written out independently of the engine. */
const TABLE: Record<TransitionAction, { from: IncidentStatus[]; to: IncidentStatus | 'same' | 'before' }> = {
  respond: { from: ['received'], to: 'responded' },
  dispatch: { from: ['received', 'responded'], to: 'dispatched' },
  accept: { from: ['dispatched'], to: 'accepted' },
  arrive: { from: ['accepted'], to: 'on_site' },
  resolve: { from: ['on_site'], to: 'resolved' }, // + dispatched/accepted when no arrival is required
  follow_up: { from: ['resolved'], to: 'followed_up' },
  close: { from: ['resolved', 'followed_up'], to: 'closed' },
  return: { from: ['dispatched', 'accepted'], to: 'responded' },
  escalate: { from: ['received', 'responded', 'dispatched', 'accepted', 'on_site'], to: 'same' },
  merge: { from: ['received', 'responded', 'dispatched', 'accepted', 'on_site', 'on_hold'], to: 'merged' },
  reopen: { from: ['resolved', 'followed_up', 'closed'], to: 'dispatched' },
  hold: { from: ['received', 'responded', 'dispatched', 'accepted', 'on_site'], to: 'on_hold' },
  resume: { from: ['on_hold'], to: 'before' },
  comment: { from: [...INCIDENT_STATUSES], to: 'same' },
};
const ACTIONS = Object.keys(TABLE) as TransitionAction[];

/** A complete input: every field the strictest action needs. */
const full = (action: TransitionAction): TransitionInput =>
  TransitionInput.parse({
    action,
    version: 1,
    note: 'reason',
    regionCode: '330383198001',
    targetId: '00000000-0000-4000-8000-000000000001',
  });

describe('lifecycle engine', () => {
  it('accepts every action of the table and only those', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INCIDENT_STATUSES),
        fc.constantFrom(...ACTIONS),
        fc.boolean(),
        fc.constantFrom<IncidentStatus>('received', 'dispatched', 'on_site'),
        (from, action, onSiteRequired, before) => {
          const sut = checkTransition(from, action, full(action), { statusBeforeHold: before, onSiteRequired });
          const row = TABLE[action];
          const allowed =
            row.from.includes(from) ||
            (action === 'resolve' && !onSiteRequired && ['dispatched', 'accepted'].includes(from));
          expect(sut.ok).toBe(allowed);
          if (!sut.ok) expect(sut.code).toBe('INCIDENT_INVALID_TRANSITION');
          else expect(sut.toStatus).toBe(row.to === 'same' ? from : row.to === 'before' ? before : row.to);
          expect(actionsFrom(from, onSiteRequired).includes(action)).toBe(allowed);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('requires a reason, an assignee and a target where the table says', () => {
    const ctx = { statusBeforeHold: null, onSiteRequired: true };
    const bare = (action: TransitionAction): TransitionInput => TransitionInput.parse({ action, version: 1 });
    for (const [action, from] of [
      ['return', 'dispatched'],
      ['escalate', 'received'],
      ['reopen', 'closed'],
      ['hold', 'on_site'],
      ['comment', 'merged'],
    ] as const) {
      expect(checkTransition(from, action, bare(action), ctx)).toEqual({
        ok: false,
        code: 'INCIDENT_REASON_REQUIRED',
        path: 'body.note',
      });
      expect(checkTransition(from, action, { ...bare(action), note: '   ' }, ctx).ok).toBe(false);
    }
    expect(checkTransition('received', 'dispatch', bare('dispatch'), ctx)).toEqual({
      ok: false,
      code: 'INCIDENT_ASSIGNEE_REQUIRED',
      path: 'body.organizationId',
    });
    expect(
      checkTransition('received', 'dispatch', { ...bare('dispatch'), accountId: full('merge').targetId }, ctx).ok,
    ).toBe(true);
    expect(checkTransition('received', 'merge', bare('merge'), ctx)).toEqual({
      ok: false,
      code: 'INCIDENT_TARGET_REQUIRED',
      path: 'body.targetId',
    });
    expect(checkTransition('resolved', 'follow_up', bare('follow_up'), ctx)).toEqual({
      ok: true,
      toStatus: 'followed_up',
    });
  });

  it('refuses resume when the hold did not remember a status', () => {
    expect(
      checkTransition('on_hold', 'resume', full('resume'), { statusBeforeHold: null, onSiteRequired: true }).ok,
    ).toBe(false);
  });

  it('maps actions to permissions', () => {
    expect(permissionFor('accept')).toBe('incident.handle');
    expect(permissionFor('resolve')).toBe('incident.handle');
    expect(permissionFor('dispatch')).toBe('incident.dispatch');
    expect(permissionFor('close')).toBe('incident.dispatch');
    expect(permissionFor('comment')).toBe('incident.read');
  });

  it('escalates up to the county and stays there', () => {
    expect(escalateLevel('grid')).toBe('community');
    expect(escalateLevel('community')).toBe('township');
    expect(escalateLevel('township')).toBe('county');
    expect(escalateLevel('department')).toBe('county');
    for (const l of HANDLING_LEVELS) {
      let x = l;
      for (let i = 0; i < 4; i++) x = escalateLevel(x);
      expect(x).toBe('county');
    }
  });
});
