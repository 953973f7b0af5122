import { z } from 'zod';

export const ROLES = [
  'resident',
  'grid_worker',
  'community_staff',
  'township_staff',
  'department_staff',
  'mediator',
  'dispatcher',
  'evaluator',
  'trainer',
  'tourism_officer',
  'leader',
  'admin',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * Every permission the platform checks. Modules add theirs here so that the role table below
 * stays the one place where "who may do what" is decided.
 */
export const PERMISSIONS = [
  'region.read',
  'region.write',
  'organization.read',
  'organization.write',
  'person.read',
  'person.write',
  'account.read',
  'account.write',
  'apikey.manage',
  'audit.read',
  /** Walk the audit hash chain (CPU-heavy on a large log): admins only. */
  'audit.verify',
  'pii.read',
  /** See and re-queue undeliverable notifications (dead letters). */
  'outbox.manage',
  /** See evaluation frameworks, datasets, runs, awards and the champion roll of a region. */
  'evaluation.read',
  /** Upload frameworks and datasets, start runs and sensitivity analyses. */
  'evaluation.write',
  /** Publish a draft run: its awards become official and the champion is engraved on the roll. */
  'evaluation.publish',
  /** File an incident through one of the intake channels. */
  'incident.report',
  /** See incidents, their timelines, the board and statistics within scope. */
  'incident.read',
  /** Work an incident dispatched to you or your unit: accept, arrive, resolve, return, report in. */
  'incident.handle',
  /** Respond, dispatch, whistle, escalate, merge, hold, follow up and close incidents. */
  'incident.dispatch',
  /** Categories (Open311 services), clocks, dispatch rules, calendars, grid outlines. */
  'incident.configure',
  /** See mediators, pools, cases, outreach and statistics within scope. */
  'mediation.read',
  /** Register mediators and cases, record sessions and outcomes, log outreach. */
  'mediation.write',
  /** Pool settings, corps, imported anti-fraud statistics, batch assignment. */
  'mediation.manage',
] as const;
export const Permission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof Permission>;

const STAFF_READ: Permission[] = ['region.read', 'organization.read', 'person.read'];

/** Permissions each role grants, within the scope of its assignment. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: ['region.read', 'incident.report'],
  grid_worker: [...STAFF_READ, 'incident.report', 'incident.read', 'incident.handle'],
  community_staff: [
    ...STAFF_READ,
    'person.write',
    'incident.report',
    'incident.read',
    'incident.handle',
    'incident.dispatch',
    'mediation.read',
    'mediation.write',
  ],
  // Townships enrol their own grid workers and community staff; accounts.engine keeps them from
  // granting any permission they do not hold themselves.
  township_staff: [
    ...STAFF_READ,
    'person.write',
    'account.read',
    'account.write',
    'evaluation.read',
    'incident.report',
    'incident.read',
    'incident.handle',
    'incident.dispatch',
    'mediation.read',
    'mediation.write',
    'mediation.manage',
  ],
  department_staff: [...STAFF_READ, 'incident.report', 'incident.read', 'incident.handle'],
  mediator: [...STAFF_READ, 'incident.report', 'incident.read', 'mediation.read', 'mediation.write'],
  dispatcher: [
    ...STAFF_READ,
    'pii.read',
    'incident.report',
    'incident.read',
    'incident.handle',
    'incident.dispatch',
    'incident.configure',
    'mediation.read',
  ],
  evaluator: [...STAFF_READ, 'evaluation.read', 'evaluation.write', 'evaluation.publish'],
  trainer: [...STAFF_READ],
  tourism_officer: [...STAFF_READ],
  leader: [...STAFF_READ, 'account.read', 'audit.read', 'evaluation.read', 'incident.read', 'mediation.read'],
  admin: [...PERMISSIONS],
};

/** zh-CN names of the roles, for screens and exports. */
export const ROLE_NAMES_ZH: Record<Role, string> = {
  resident: '居民',
  grid_worker: '网格员',
  community_staff: '社区工作人员',
  township_staff: '乡镇(街道)工作人员',
  department_staff: '部门工作人员',
  mediator: '调解员',
  dispatcher: '调度员',
  evaluator: '评价员',
  trainer: '培训师',
  tourism_officer: '文旅干部',
  leader: '领导',
  admin: '系统管理员',
};
