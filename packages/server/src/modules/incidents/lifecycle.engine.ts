import { TRANSITION_ACTIONS, type HandlingLevel, type IncidentStatus, type TransitionInput } from '@zhili/contracts';

/**
 * The incident state machine (受理 → 响应 → 派单 → 签收 → 到场 → 办结 → 回访 → 关闭), pure: the
 * service asks it whether an action is allowed and where it leads, then writes the change.
 */

/** An action a caller may request through POST /api/incidents/:id/transitions. */
export type TransitionAction = TransitionInput['action'];

export type TransitionErrorCode =
  | 'INCIDENT_INVALID_TRANSITION'
  | 'INCIDENT_REASON_REQUIRED'
  | 'INCIDENT_TARGET_REQUIRED'
  | 'INCIDENT_ASSIGNEE_REQUIRED'
  | 'INCIDENT_RATING_REQUIRED';

/** The verdict on one requested transition; `path` names the offending request field. */
export type TransitionCheck =
  { ok: true; toStatus: IncidentStatus } | { ok: false; code: TransitionErrorCode; path?: string };

/** Facts about the incident the table depends on. */
export interface TransitionContext {
  statusBeforeHold: IncidentStatus | null;
  onSiteRequired: boolean;
}

/** Statuses in which work is under way: escalate, hold may be used. */
const WORKING: readonly IncidentStatus[] = ['received', 'responded', 'dispatched', 'accepted', 'on_site'];
const OPEN: readonly IncidentStatus[] = [...WORKING, 'on_hold'];
const ALL: readonly IncidentStatus[] = [
  'received',
  'responded',
  'dispatched',
  'accepted',
  'on_site',
  'resolved',
  'followed_up',
  'closed',
  'on_hold',
  'merged',
];

/** Where each action may start; the single source for checkTransition and actionsFrom. */
function sources(action: TransitionAction, onSiteRequired: boolean): readonly IncidentStatus[] {
  switch (action) {
    case 'respond':
      return ['received'];
    case 'dispatch':
      return ['received', 'responded'];
    case 'accept':
      return ['dispatched'];
    case 'arrive':
      return ['accepted'];
    case 'resolve':
      // Without an on-site visit the handler may close the work straight after dispatch or acceptance.
      return onSiteRequired ? ['on_site'] : ['dispatched', 'accepted', 'on_site'];
    case 'follow_up':
      return ['resolved'];
    case 'close':
      return ['resolved', 'followed_up'];
    case 'return':
      return ['dispatched', 'accepted'];
    case 'escalate':
    case 'hold':
      return WORKING;
    case 'merge':
      return OPEN;
    case 'reopen':
      return ['resolved', 'followed_up', 'closed'];
    case 'resume':
      return ['on_hold'];
    case 'comment':
      return ALL;
  }
}

const ACTIONS: readonly TransitionAction[] = TRANSITION_ACTIONS;

/** Actions whose note is the reason and must not be empty. */
const NOTE_REQUIRED: ReadonlySet<TransitionAction> = new Set(['return', 'escalate', 'reopen', 'hold', 'comment']);

function targetStatus(from: IncidentStatus, action: TransitionAction, ctx: TransitionContext): IncidentStatus | null {
  switch (action) {
    case 'respond':
      return 'responded';
    case 'dispatch':
    case 'reopen':
      return 'dispatched';
    case 'accept':
      return 'accepted';
    case 'arrive':
      return 'on_site';
    case 'resolve':
      return 'resolved';
    case 'follow_up':
      return 'followed_up';
    case 'close':
      return 'closed';
    case 'return':
      return 'responded';
    case 'merge':
      return 'merged';
    case 'hold':
      return 'on_hold';
    case 'resume':
      // A hold always remembers where it came from; without it there is nowhere to go back to.
      return ctx.statusBeforeHold && WORKING.includes(ctx.statusBeforeHold) ? ctx.statusBeforeHold : null;
    case 'escalate':
    case 'comment':
      return from;
  }
}

/**
 * Whether `action` may be applied to an incident in status `from` with this input, and the status
 * it leads to. The status check comes first, then the fields the action needs.
 */
export function checkTransition(
  from: IncidentStatus,
  action: TransitionAction,
  input: TransitionInput,
  ctx: TransitionContext,
): TransitionCheck {
  if (!sources(action, ctx.onSiteRequired).includes(from)) return { ok: false, code: 'INCIDENT_INVALID_TRANSITION' };
  const toStatus = targetStatus(from, action, ctx);
  if (!toStatus) return { ok: false, code: 'INCIDENT_INVALID_TRANSITION' };
  if (NOTE_REQUIRED.has(action) && !input.note?.trim()) {
    return { ok: false, code: 'INCIDENT_REASON_REQUIRED', path: 'body.note' };
  }
  if (action === 'dispatch' && !input.organizationId && !input.regionCode && !input.accountId) {
    return { ok: false, code: 'INCIDENT_ASSIGNEE_REQUIRED', path: 'body.organizationId' };
  }
  if (action === 'merge' && !input.targetId)
    return { ok: false, code: 'INCIDENT_TARGET_REQUIRED', path: 'body.targetId' };
  return { ok: true, toStatus };
}

/** Which permission an action needs (the descriptions in contracts/access.ts). */
export function permissionFor(action: TransitionAction): 'incident.handle' | 'incident.dispatch' | 'incident.read' {
  switch (action) {
    case 'accept':
    case 'arrive':
    case 'resolve':
    case 'return':
      return 'incident.handle';
    case 'respond':
    case 'dispatch':
    case 'escalate':
    case 'merge':
    case 'hold':
    case 'resume':
    case 'follow_up':
    case 'close':
    case 'reopen':
      return 'incident.dispatch';
    case 'comment':
      return 'incident.read';
  }
}

/** Actions possible from a status, before permissions (the detail screen filters by role). */
export function actionsFrom(status: IncidentStatus, onSiteRequired: boolean): TransitionAction[] {
  return ACTIONS.filter((a) => sources(a, onSiteRequired).includes(status));
}

/** Next level up for escalation: grid → community → township → county; department → county. */
export function escalateLevel(level: HandlingLevel): HandlingLevel {
  switch (level) {
    case 'grid':
      return 'community';
    case 'community':
      return 'township';
    case 'township':
    case 'department':
    case 'county':
      return 'county';
  }
}
