import type { IncidentDetail } from '@zhili/contracts';
import type { Ctx } from '../packages/server/src/platform/context.ts';
import { reportIn, whistle } from '../packages/server/src/modules/incidents/index.ts';
import { DEPARTMENTS, type DepartmentKey, type Rng } from './incidents-data.ts';
import type { Step } from './seed-incidents-plan.ts';

/**
 * Joint orders (网格吹哨、部门报到) in the incidents demo: 新城社区's staff whistle two departments
 * to one or two recent incidents of their community; one department has reported in, the other
 * is still summoned, so the detail screen shows both states. Done through the real services
 * (whistle, reportIn) as part of the incident's planned life, then moved into the past with it.
 */

/** 新城社区: its staff (community.xincheng) whistle; the demo's other community accounts watch. */
export const XINCHENG = '330383198001';
export const WHISTLER = 'community.xincheng';
/** How many incidents get a joint order. */
const JOINT_INCIDENTS = 2;
/** The first summoned department reports in; the second is still on its way. */
const SUMMONED: readonly DepartmentKey[] = ['zhujian', 'shijian', 'zhifa', 'gongan'];
/** Long enough that the pending department is still within its time when the demo starts. */
const REPORT_IN_MINUTES = 240;
const MIN = 60_000;

/** A step of a whistled incident's life that is not a transition. */
export interface JointStep {
  action: 'whistle' | 'report_in';
  afterMs: number;
}

export type SeedStep = Step | JointStep;

export function isJointStep(s: SeedStep): s is JointStep {
  return s.action === 'whistle' || s.action === 'report_in';
}

/**
 * Which filed incidents get a joint order: the latest ones in 新城社区 received at least
 * `minAgeMs` before now (so their whole joint life fits before "now").
 */
export function pickJointIncidents(
  filed: readonly { regionCode: string | null; plannedAt: number }[],
  now: number,
  minAgeMs = 45 * MIN,
): number[] {
  return filed
    .map((f, i) => ({ ...f, i }))
    .filter((f) => (f.regionCode ?? '').startsWith(XINCHENG) && f.plannedAt <= now - minAgeMs)
    .sort((a, b) => b.plannedAt - a.plannedAt)
    .slice(0, JOINT_INCIDENTS)
    .map((f) => f.i);
}

/**
 * The life of a whistled incident: respond and dispatch to 新城社区 unless the rules dispatched it
 * already, accept, then the whistle and one department's report-in. It stays open.
 */
export function jointSteps(rng: Rng, autoDispatched: boolean): SeedStep[] {
  const between = (lo: number, hi: number) => lo + rng() * (hi - lo);
  const steps: SeedStep[] = [];
  if (!autoDispatched) {
    steps.push(
      { action: 'respond', afterMs: between(10_000, 50_000), by: 'dispatcher' },
      { action: 'dispatch', afterMs: between(20_000, 90_000), extra: { regionCode: XINCHENG }, by: 'dispatcher' },
    );
  }
  steps.push(
    { action: 'accept', afterMs: between(30_000, 180_000), by: 'handler' },
    { action: 'whistle', afterMs: between(3, 8) * MIN },
    { action: 'report_in', afterMs: between(6, 18) * MIN },
  );
  return steps;
}

/** The two departments summoned: the first two of SUMMONED that are not already the assignee. */
function summonedFor(detail: IncidentDetail, orgs: Map<DepartmentKey, string>): string[] {
  return SUMMONED.flatMap((k) => {
    const id = orgs.get(k);
    return id && id !== detail.assigneeOrganizationId ? [id] : [];
  }).slice(0, 2);
}

/** The note of a whistle, naming the departments summoned. */
function whistleNote(ids: readonly string[], orgs: Map<DepartmentKey, string>): string {
  const names = ids.map((id) => {
    const key = [...orgs].find(([, v]) => v === id)?.[0];
    return key ? DEPARTMENTS[key] : id;
  });
  return `社区无法单独处置，吹哨${names.join('、')}联合到场处置。`;
}

/**
 * Runs one joint step: the whistle as community.xincheng, the report-in as the first summoned
 * department's duty officer. Returns the incident as the actor now sees it.
 */
export async function runJointStep(
  step: JointStep,
  detail: IncidentDetail,
  orgs: Map<DepartmentKey, string>,
  ctxOf: { whistler: Ctx; departmentOf: (organizationId: string) => Ctx | null },
): Promise<IncidentDetail> {
  if (step.action === 'whistle') {
    const ids = summonedFor(detail, orgs);
    return whistle(ctxOf.whistler, detail.id, {
      version: detail.version,
      organizationIds: ids,
      note: whistleNote(ids, orgs),
      reportInMinutes: REPORT_IN_MINUTES,
    });
  }
  const first = detail.jointOrders.at(-1)?.members[0];
  const ctx = first ? ctxOf.departmentOf(first.organizationId) : null;
  if (!first || !ctx) return detail;
  return reportIn(ctx, detail.id, { organizationId: first.organizationId, note: '已派员赶赴现场，配合社区处置。' });
}
