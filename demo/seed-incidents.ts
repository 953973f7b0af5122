import { TransitionInput, type IncidentDetail, type IncidentStatus } from '@zhili/contracts';
import type { AppDeps } from '../packages/server/src/platform/module.ts';
import type { Actor, Ctx } from '../packages/server/src/platform/context.ts';
import { AppError } from '../packages/server/src/platform/errors.ts';
import {
  attachIntake,
  getIncident,
  submitIncident,
  transitionIncident,
} from '../packages/server/src/modules/incidents/index.ts';
import { DEMO_CATEGORIES, LONGGANG, seededRandom } from './incidents-data.ts';
import {
  WHISTLER,
  isJointStep,
  jointSteps,
  pickJointIncidents,
  runJointStep,
  type SeedStep,
} from './incidents-joint.ts';
import { generateIntake } from './incidents-templates.ts';
import { DISPATCHER, seedIncidentConfiguration, type IncidentSetup } from './seed-incidents-config.ts';
import { INCIDENTS, between, planSteps, receivedTimes } from './seed-incidents-plan.ts';
import { retimeIncidents, type Timeline } from './seed-incidents-retime.ts';

/**
 * The incidents demo of 龙港市: ~60 incidents of the past two weeks in every state — each created
 * and moved through the services, then carried back to its planned time — on the configuration of
 * seed-incidents-config.ts. One or two of 新城社区's are whistled to two departments
 * (incidents-joint.ts).
 */

const SEED = 20_260_388;
const MIN = 60_000;

/** The handler of the incident's current unit: its department's, else the longest region grant. */
function handlerOf(
  d: Pick<IncidentDetail, 'assigneeOrganizationId' | 'assigneeRegionCode'>,
  actors: Map<string, Actor>,
  fallback: Actor,
): Actor {
  let best = fallback;
  let bestLen = -1;
  for (const [name, actor] of actors) {
    if (name === DISPATCHER) continue;
    for (const g of actor.grants) {
      if (d.assigneeOrganizationId) {
        if (g.organizationId === d.assigneeOrganizationId) return actor;
      } else if (
        g.organizationId === null &&
        g.regionCode &&
        (d.assigneeRegionCode ?? '').startsWith(g.regionCode) &&
        g.regionCode.length > bestLen
      ) {
        best = actor;
        bestLen = g.regionCode.length;
      }
    }
  }
  return best;
}

/**
 * Seeds the incidents demo; returns how many incidents it created and any step the rules refused.
 * Configures the centre first unless `setup` says {@link seedIncidentConfiguration} already did.
 */
export async function seedIncidents(
  ctx: Ctx,
  deps: Pick<AppDeps, 'pii' | 'database'>,
  password: string,
  now = new Date(),
  setup?: IncidentSetup,
): Promise<{ incidents: number; refused: string[] }> {
  attachIntake({ db: ctx.db, pii: deps.pii });
  const { orgs, actors } = setup ?? (await seedIncidentConfiguration(ctx, deps, password));
  const dispatcher = actors.get(DISPATCHER);
  if (!dispatcher) throw new Error(`demo account ${DISPATCHER} is missing`);
  const as = (actor: Actor): Ctx => ({ ...ctx, actor });
  const rng = seededRandom(SEED);
  const nowMs = now.getTime();
  const cutoff = nowMs - 20_000;

  // One after another, so that the numbers follow the generated order whatever the intake's
  // parallel group commits do, and the seeded plan below is the same on every start. Planned
  // times then follow the numbers, so numbers rise with time.
  const times = receivedTimes(rng, nowMs);
  const generated = Array.from({ length: INCIDENTS }, (_, i) => generateIntake(rng, { sourceRef: `demo-seed-${i}` }));
  const realAt = Date.now() - 1;
  const receipts: Awaited<ReturnType<typeof submitIncident>>[] = [];
  for (const [i, { body }] of generated.entries()) {
    const unit = { assigneeOrganizationId: null, assigneeRegionCode: body.location.regionCode };
    const reporter = body.channel === 'grid' ? handlerOf(unit, actors, dispatcher) : dispatcher;
    receipts.push(await submitIncident(as(reporter), body, { idempotencyKey: `demo-seed-${i}` }));
  }
  const filed = receipts
    .map((receipt, i) => ({ receipt, category: generated[i]?.category }))
    .filter((f) => !f.receipt.replayed)
    .sort((a, b) => a.receipt.number.localeCompare(b.receipt.number));
  const planned: { id: string; status: IncidentStatus; steps: SeedStep[]; timeline: Timeline }[] = [];
  const joint = new Set(
    pickJointIncidents(
      filed.map((f, rank) => ({
        regionCode: generated[receipts.indexOf(f.receipt)]?.body.location.regionCode ?? null,
        plannedAt: times[rank] ?? nowMs,
      })),
      nowMs,
    ),
  );
  let previous: { id: string; category: string } | null = null;
  for (const [rank, { receipt, category }] of filed.entries()) {
    if (!category) continue;
    const calendarDays = Object.values(category.clocks).some((c) => c.calendar !== null);
    const duplicate = previous !== null && previous.category === category.code && rng() < 0.5;
    const steps: SeedStep[] = joint.has(rank)
      ? jointSteps(rng, receipt.status === 'dispatched')
      : duplicate && previous
        ? [
            {
              action: 'merge',
              afterMs: between(rng, 3, 20) * MIN,
              extra: { targetId: previous.id, note: '与已受理事件重复，合并处理。' },
              by: 'dispatcher',
            },
          ]
        : planSteps(rng, receipt.status === 'dispatched', category.onSiteRequired, calendarDays);
    planned.push({
      id: receipt.id,
      status: receipt.status,
      steps,
      timeline: { incidentId: receipt.id, real: [realAt], planned: [times[rank] ?? nowMs] },
    });
    // A duplicate is merged into an original, never into another duplicate (whose merge may come first).
    if (!duplicate || joint.has(rank)) previous = { id: receipt.id, category: category.code };
  }

  const whistler = actors.get(WHISTLER);
  if (!whistler) throw new Error(`demo account ${WHISTLER} is missing`);
  const departmentOf = (organizationId: string): Ctx | null => {
    const found = [...actors.values()].find((a) => a.grants.some((g) => g.organizationId === organizationId));
    return found ? as(found) : null;
  };
  const refused: string[] = [];
  await Promise.all(
    planned.map(async (p) => {
      let at = p.timeline.planned[0] ?? nowMs;
      let detail = await getIncident(as(dispatcher), p.id);
      for (const step of p.steps) {
        at += step.afterMs;
        if (at > cutoff) break;
        if (isJointStep(step)) {
          p.timeline.real.push(Date.now() - 1);
          p.timeline.planned.push(at);
          try {
            detail = await runJointStep(step, detail, orgs, { whistler: as(whistler), departmentOf });
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            refused.push(`${detail.number} ${step.action}: ${err.code}`);
            break;
          }
          continue;
        }
        const actor = step.by === 'dispatcher' ? dispatcher : handlerOf(detail, actors, dispatcher);
        const extra: Partial<TransitionInput> = { ...step.extra };
        if (step.action === 'dispatch' && !extra.organizationId && !extra.regionCode) {
          const c = DEMO_CATEGORIES.find((x) => x.code === detail.categoryCode);
          const org = c?.rule.department ? orgs.get(c.rule.department) : undefined;
          if (org) extra.organizationId = org;
          else extra.regionCode = detail.regionCode ?? LONGGANG;
        }
        if (step.action === 'arrive' && detail.lat !== null && detail.lng !== null) {
          extra.lat = detail.lat + 0.0001;
          extra.lng = detail.lng - 0.0001;
        }
        p.timeline.real.push(Date.now() - 1);
        p.timeline.planned.push(at);
        try {
          const input = TransitionInput.parse({ ...extra, action: step.action, version: detail.version });
          detail = await transitionIncident(as(actor), p.id, input);
        } catch (err) {
          // A life the rules refuse (say, merging into an incident closed meanwhile) ends there.
          if (!(err instanceof AppError)) throw err;
          refused.push(`${detail.number} ${step.action}: ${err.code}`);
          break;
        }
      }
    }),
  );
  await retimeIncidents(
    deps.database.db,
    planned.map((p) => p.timeline),
    now,
  );
  return { incidents: planned.length, refused };
}
