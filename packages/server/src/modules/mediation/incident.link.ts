import {
  CASE_STATUS_NAMES_ZH,
  INCIDENT_STATUS_NAMES_ZH,
  IncidentIntake,
  TransitionInput,
  type CaseCreate,
  type CaseStatus,
  type IncidentDetail,
  type IncidentStatus,
} from '@zhili/contracts';
import { hasPermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import {
  getCategory,
  getIncident,
  listCategories,
  onIncidentStatusChange,
  submitIncident,
  transitionIncident,
} from '../incidents/index.ts';
import * as repo from './cases.repo.ts';
import { MediationErrors } from './mediation.errors.ts';

/**
 * The link between a mediation case and its governance-centre incident (issue 5's one window):
 * a case registered from an incident of a dispute category points to it; a case registered
 * directly files an incident (channel 'mediation') so the centre sees every dispute. Case
 * outcomes move the incident on; incident status changes appear on the case's timeline.
 */

export interface LinkedIncident {
  id: string;
  number: string;
}

/** An existing incident a new case may link: readable, of a dispute category, not linked yet. */
export async function incidentToLink(ctx: Ctx, incidentId: string): Promise<LinkedIncident> {
  const incident = await getIncident(ctx, incidentId);
  const category = await getCategory(ctx, incident.categoryCode);
  if (!category.dispute)
    throw MediationErrors.INCIDENT_NOT_DISPUTE([
      { path: 'body.incidentId', code: 'not_dispute', message: incident.categoryCode },
    ]);
  const linked = await repo.findCaseByIncident(ctx.db, incidentId);
  if (linked)
    throw MediationErrors.INCIDENT_ALREADY_LINKED([
      { path: 'body.incidentId', code: 'linked', message: linked.number },
    ]);
  return { id: incident.id, number: incident.number };
}

/**
 * The dispute category to file under: the one asked for, else the first active dispute category
 * that asks for no details (a mediation-filed incident has no attribute values to give).
 */
async function disputeCategory(ctx: Ctx, wanted: string | null): Promise<string | null> {
  if (wanted) {
    const c = await getCategory(ctx, wanted);
    if (!c.dispute)
      throw MediationErrors.INCIDENT_NOT_DISPUTE([
        { path: 'body.incidentCategoryCode', code: 'not_dispute', message: wanted },
      ]);
    return c.code;
  }
  const page = await listCategories(ctx, { page: 1, pageSize: 500 });
  const fileable = (c: (typeof page.items)[number]) => !c.attributes.some((a) => a.required && a.variable);
  return page.items.find((c) => c.dispute && c.active && fileable(c))?.code ?? null;
}

/**
 * Files the incident for a directly registered case. Returns null (and the case stays
 * unlinked) when the caller may not report incidents or no dispute category is configured.
 * `sourceRef` makes a retry return the incident already filed.
 */
export async function fileIncidentFor(ctx: Ctx, caseId: string, input: CaseCreate): Promise<LinkedIncident | null> {
  if (!hasPermission(ctx.actor, 'incident.report')) return null;
  const categoryCode = await disputeCategory(ctx, input.incidentCategoryCode);
  if (!categoryCode) return null;
  const receipt = await submitIncident(
    ctx,
    IncidentIntake.parse({
      categoryCode,
      description: `【调解案件】${input.title}：${input.description}`.slice(0, 5000),
      location: { address: input.address, lat: input.lat, lng: input.lng, regionCode: input.regionCode },
      priority: input.urgency,
      channel: 'mediation',
      sourceRef: `mediation:${caseId}`,
    }),
  );
  return { id: receipt.id, number: receipt.number };
}

/** Where the incident should be for a case status: resolved once an outcome is reached, closed with the case. */
function incidentTarget(status: CaseStatus): 'resolved' | 'closed' | null {
  if (status === 'closed') return 'closed';
  if (status === 'agreement' || status === 'failed' || status === 'referred' || status === 'follow_up')
    return 'resolved';
  return null;
}

const DONE: Record<'resolved' | 'closed', readonly IncidentStatus[]> = {
  resolved: ['resolved', 'followed_up', 'closed', 'merged'],
  closed: ['closed', 'merged'],
};
/** Actions that move an incident towards resolved, most direct first. */
const TOWARDS_RESOLVED = ['resolve', 'arrive', 'accept', 'dispatch', 'respond', 'resume'] as const;

function nextAction(d: IncidentDetail, target: 'resolved' | 'closed'): TransitionInput['action'] | null {
  const allowed = new Set<string>(d.allowedActions);
  if (target === 'closed' && (d.status === 'resolved' || d.status === 'followed_up'))
    return allowed.has('close') ? 'close' : null;
  return TOWARDS_RESOLVED.find((a) => allowed.has(a)) ?? null;
}

/**
 * Moves the linked incident in step with the case (each step its own transaction of the
 * incidents module). Returns null when in step, else why it could not follow — the caller
 * notes that on the case's timeline instead of failing the case's own change.
 */
export async function syncIncident(ctx: Ctx, row: repo.CaseRow): Promise<string | null> {
  const target = incidentTarget(row.status as CaseStatus);
  if (!row.incidentId || !target) return null;
  try {
    for (let step = 0; step < 8; step++) {
      const d = await getIncident(ctx, row.incidentId);
      if (DONE[target].includes(d.status)) return null;
      const action = nextAction(d, target);
      if (!action) return `事件 ${d.number} 处于“${INCIDENT_STATUS_NAMES_ZH[d.status]}”，无法自动同步`;
      await transitionIncident(
        ctx,
        d.id,
        TransitionInput.parse({
          action,
          version: d.version,
          note: `调解案件 ${row.number}：${CASE_STATUS_NAMES_ZH[row.status as CaseStatus]}`,
          regionCode: action === 'dispatch' ? row.regionCode : null,
        }),
      );
    }
    return '事件状态同步步数超限';
  } catch (err) {
    if (err instanceof AppError) return `事件同步失败：${err.spec.zh}（${err.code}）`;
    throw err;
  }
}

let listening = false;

/** Puts incident status changes on the linked case's timeline (once per process). */
export function listenToIncidents(): void {
  if (listening) return;
  listening = true;
  onIncidentStatusChange(async ({ incidentId, status, tx }) => {
    const c = await repo.findCaseByIncident(tx, incidentId);
    if (!c) return;
    await repo.insertEvent(tx, {
      caseId: c.id,
      action: 'incident_status',
      actorName: '社会治理中心',
      note: `关联事件状态：${INCIDENT_STATUS_NAMES_ZH[status]}`,
      data: { incidentId, status },
    });
  });
}
