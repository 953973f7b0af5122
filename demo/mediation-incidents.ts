import { and, eq, inArray, sql } from 'drizzle-orm';
import { IncidentIntake, TransitionInput, type MediationType } from '@zhili/contracts';
import type { Ctx } from '../packages/server/src/platform/context.ts';
import { getIncident, submitIncident, transitionIncident } from '../packages/server/src/modules/incidents/index.ts';
import { mediationCaseEvents } from '../packages/server/src/platform/db/schema.ts';
import { mapperOf, retimeIncidents, type Timeline } from './seed-incidents-retime.ts';

/**
 * The mediation demo's link to the governance centre (issue 5's one window): some cases are
 * registered from a dispute incident first filed into the centre (hotline or grid), others are
 * registered directly and file their incident (channel 'mediation'). Either way the community
 * takes the incident (签收, 到场核实 where the category wants a visit) and puts it on hold while
 * mediation runs, so its clocks pause; the case's outcome then resumes and resolves it, and the
 * case's closing closes it (incident.link.ts). Afterwards the incidents are carried back with the
 * cases, through the incidents demo's retime.
 */

const MIN = 60_000;
const DAY = 86_400_000;
/** A hotline call or a grid report comes in this long before the case is registered. */
const LEAD_MS = 40 * MIN;
/** 雍平社区第一网格: the demo's grid in 大唐街道, where grid.yongping reports from. */
const YONGPING = '330681005001';
const YONGPING_GRID = '330681005001-G01';

/** How a case is linked: registered from an incident, or registered directly filing one. */
export type LinkMode = 'from_incident' | 'file';

/** The governance centre's dispute category for a mediation type (矛盾纠纷 with its 纠纷类型 else). */
const CATEGORY_OF: Partial<Record<MediationType, { code: string; disputeType?: string }>> = {
  wage_arrears: { code: 'wage-arrears' },
  labour_contract: { code: 'wage-arrears' },
  labour_injury: { code: 'wage-arrears' },
  neighbour: { code: 'neighbour-dispute' },
  tenancy: { code: 'neighbour-dispute' },
  family: { code: 'dispute', disputeType: 'family' },
  contract: { code: 'dispute', disputeType: 'contract' },
  property: { code: 'dispute', disputeType: 'property' },
};

/** The governance centre's dispute category for a mediation type. */
export function incidentCategoryFor(type: MediationType): { code: string; disputeType?: string } {
  return CATEGORY_OF[type] ?? { code: 'dispute', disputeType: 'damage' };
}

/**
 * Which Datang cases are linked (deterministic): every third, alternately from an incident and
 * filed directly. A case whose category asks for details only an intake takes (矛盾纠纷's 纠纷类型)
 * comes from an incident.
 */
export function linkModeOf(index: number, type: MediationType): LinkMode | null {
  if (index % 3 !== 0) return null;
  if (incidentCategoryFor(type).disputeType !== undefined) return 'from_incident';
  return (index / 3) % 2 === 0 ? 'from_incident' : 'file';
}

type Phase = 'received' | 'accept' | 'arrive' | 'hold' | 'outcome' | 'close';

/** One linked incident's calls as they really ran, planned once the case's dates are known. */
export class IncidentTrack {
  readonly marks: { phase: Phase; real: number }[] = [];
  incidentId: string | null = null;
  constructor(readonly mode: LinkMode) {}

  /** Notes that a call touching the incident begins now. */
  mark(phase: Phase): void {
    this.marks.push({ phase, real: Date.now() - 1 });
  }

  /**
   * The planned moments: the case registered `ageDays` before it really was (as the case retime
   * does), its outcome `durationDays` later and its closing 10 days after that (not after now).
   */
  timeline(registeredAt: Date, ageDays: number, durationDays: number, now: number): Timeline | null {
    if (!this.incidentId) return null;
    const registered = registeredAt.getTime() - ageDays * DAY;
    const received =
      this.mode === 'from_incident'
        ? registered - LEAD_MS
        : (this.marks[0]?.real ?? registeredAt.getTime()) - ageDays * DAY;
    const handled = this.mode === 'from_incident' ? received : registered;
    const at: Record<Phase, number> = {
      received,
      accept: handled + 6 * MIN,
      arrive: handled + 18 * MIN,
      hold: Math.max(registered, handled + 18 * MIN) + 2 * MIN,
      outcome: registered + durationDays * DAY,
      close: Math.min(now - MIN, registered + (durationDays + 10) * DAY),
    };
    return {
      incidentId: this.incidentId,
      real: this.marks.map((m) => m.real),
      planned: this.marks.map((m) => at[m.phase]),
    };
  }
}

/** What the hotline or the grid worker took down for a case about to be registered. */
export interface Intake {
  type: MediationType;
  title: string;
  description: string;
  regionCode: string;
  lat: number;
  lng: number;
  address?: string | null;
  reporter: { name: string; phone: string | null };
  /** A call to the 12345 hotline rather than a grid worker's report. */
  hotline?: boolean;
}

/** Files the dispute incident a case will be registered from; returns its id. */
export async function fileDisputeIncident(ctx: Ctx, track: IncidentTrack, intake: Intake): Promise<string> {
  const category = incidentCategoryFor(intake.type);
  const grid = !intake.hotline && intake.regionCode === YONGPING;
  track.mark('received');
  const receipt = await submitIncident(
    ctx,
    IncidentIntake.parse({
      categoryCode: category.code,
      description: `${intake.title}：${intake.description}`,
      location: {
        address: intake.address ?? null,
        lat: intake.lat,
        lng: intake.lng,
        regionCode: grid ? YONGPING_GRID : intake.regionCode,
      },
      reporter: grid ? undefined : { name: intake.reporter.name, phone: intake.reporter.phone },
      channel: grid ? 'grid' : 'hotline',
      attributes: category.disputeType ? { dispute_type: category.disputeType, parties: '2' } : {},
      sourceRef: `demo-mediation:${intake.title}`,
    }),
  );
  track.incidentId = receipt.id;
  return receipt.id;
}

/**
 * The community takes the linked incident of a registered case: signs for it, checks on site
 * when its category wants a visit, and puts it on hold while mediation runs (its clocks pause).
 */
export async function handOver(ctx: Ctx, track: IncidentTrack, incidentId: string | null, caseNumber: string) {
  if (!incidentId) return;
  track.incidentId = incidentId;
  let d = await getIncident(ctx, incidentId);
  for (const action of ['accept', 'arrive', 'hold'] as const) {
    if (!d.allowedActions.includes(action)) continue;
    track.mark(action);
    const note =
      action === 'hold'
        ? `转人民调解：调解案件 ${caseNumber} 已受理，待调解结果`
        : action === 'arrive'
          ? '社区干部到场核实，双方同意申请调解'
          : null;
    d = await transitionIncident(ctx, incidentId, TransitionInput.parse({ action, version: d.version, note }));
  }
}

/**
 * Carries the linked incidents back with their cases, then puts the case timeline's notes of
 * the incident's status changes at the moments those changes now have.
 */
export async function retimeLinked(ctx: Ctx, timelines: Timeline[], now: Date): Promise<void> {
  if (timelines.length === 0) return;
  await retimeIncidents(ctx.db, timelines, now);
  const byIncident = new Map(timelines.map((t) => [t.incidentId, mapperOf(t)]));
  const notes = await ctx.db
    .select({ id: mediationCaseEvents.id, at: mediationCaseEvents.at, data: mediationCaseEvents.data })
    .from(mediationCaseEvents)
    .where(
      and(
        eq(mediationCaseEvents.action, 'incident_status'),
        inArray(sql`${mediationCaseEvents.data}->>'incidentId'`, [...byIncident.keys()]),
      ),
    );
  if (notes.length === 0) return;
  const rows = notes.flatMap((n) => {
    const incidentId = (n.data as { incidentId?: string } | null)?.incidentId;
    const at = incidentId ? byIncident.get(incidentId)?.(n.at) : null;
    return at ? [{ id: n.id, at: new Date(Math.min(at.getTime(), now.getTime())).toISOString() }] : [];
  });
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      update mediation_case_events e set at = v.at
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, at timestamptz)
      where e.id = v.id`);
  });
}
