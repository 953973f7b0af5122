import {
  TransitionInput,
  type CategoryInput,
  type DispatchRuleInput,
  type IncidentDetail,
  type IncidentStatus,
} from '@zhili/contracts';
import type { AppDeps } from '../packages/server/src/platform/module.ts';
import type { Actor, Ctx } from '../packages/server/src/platform/context.ts';
import { AppError } from '../packages/server/src/platform/errors.ts';
import { listOrganizations } from '../packages/server/src/modules/core/index.ts';
import { createAccount, listAccounts } from '../packages/server/src/modules/accounts/index.ts';
import {
  attachIntake,
  createCategory,
  createDispatchRule,
  getIncident,
  listDispatchRules,
  listPrefixes,
  putCalendar,
  putOutlines,
  putPrefixes,
  submitIncident,
  transitionIncident,
} from '../packages/server/src/modules/incidents/index.ts';
import type { DemoAccount } from './seed.ts';
import {
  CN_WORKDAY,
  DATANG,
  DEMO_CATEGORIES,
  DEPARTMENTS,
  LONGGANG,
  LONGGANG_COMMUNITIES,
  LONGGANG_GRIDS,
  boxPolygon,
  seededRandom,
  type DepartmentKey,
} from './incidents-data.ts';
import {
  WHISTLER,
  isJointStep,
  jointSteps,
  pickJointIncidents,
  runJointStep,
  type SeedStep,
} from './incidents-joint.ts';
import { generateIntake } from './incidents-templates.ts';
import { INCIDENTS, between, planSteps, receivedTimes } from './seed-incidents-plan.ts';
import { retimeIncidents, type Timeline } from './seed-incidents-retime.ts';

/**
 * The incidents demo of 龙港市: categories (Open311 services) with 1-2-20 clocks, the 2026
 * working calendar, dispatch rules, number prefixes (LG, DT), illustrative community and grid
 * outlines, handler accounts, and ~60 incidents of the past two weeks in every state — each
 * created and moved through the services, then carried back to its planned time. One or two
 * of 新城社区's are whistled to two departments (incidents-joint.ts).
 */

interface IncidentAccountSpec extends DemoAccount {
  displayName: string;
  regionCode: string;
  department?: DepartmentKey;
}

const ACCOUNTS: IncidentAccountSpec[] = [
  {
    username: 'grid.xincheng',
    displayName: '新城网格员',
    role: 'grid_worker',
    regionCode: '330383198001-G01',
    scope: '龙港市 新城社区第一网格',
  },
  {
    username: 'grid.huqian',
    displayName: '湖前网格员',
    role: 'grid_worker',
    regionCode: '330383198002-G01',
    scope: '龙港市 湖前社区第一网格',
  },
  {
    username: 'community.xincheng',
    displayName: '新城社区干部',
    role: 'community_staff',
    regionCode: '330383198001',
    scope: '龙港市 新城社区',
  },
  {
    username: 'community.baisha',
    displayName: '白沙社区干部',
    role: 'community_staff',
    regionCode: '330383198004',
    scope: '龙港市 白沙社区',
  },
  {
    username: 'dept.zhifa',
    displayName: '执法局值班员',
    role: 'department_staff',
    regionCode: LONGGANG,
    department: 'zhifa',
    scope: DEPARTMENTS.zhifa,
  },
  {
    username: 'dept.gongan',
    displayName: '公安分局值班员',
    role: 'department_staff',
    regionCode: LONGGANG,
    department: 'gongan',
    scope: DEPARTMENTS.gongan,
  },
  {
    username: 'dept.zhujian',
    displayName: '住建局值班员',
    role: 'department_staff',
    regionCode: LONGGANG,
    department: 'zhujian',
    scope: DEPARTMENTS.zhujian,
  },
  {
    username: 'dept.shijian',
    displayName: '市场监管局值班员',
    role: 'department_staff',
    regionCode: LONGGANG,
    department: 'shijian',
    scope: DEPARTMENTS.shijian,
  },
];

/** The incident handlers' accounts, for the start-up banner (same password as the other demo accounts). */
export const INCIDENT_DEMO_ACCOUNTS: DemoAccount[] = ACCOUNTS.map(({ username, role, scope }) => ({
  username,
  role,
  scope,
}));

const DISPATCHER = 'dispatcher.longgang';
const SEED = 20_260_388;
const MIN = 60_000;

async function departmentIds(ctx: Ctx): Promise<Map<DepartmentKey, string>> {
  const ids = new Map<DepartmentKey, string>();
  for (const [key, name] of Object.entries(DEPARTMENTS) as [DepartmentKey, string][]) {
    const found = await listOrganizations(ctx, { q: name, region: LONGGANG, page: 1, pageSize: 10 });
    const org = found.items.find((o) => o.name === name);
    if (org) ids.set(key, org.id);
  }
  return ids;
}

const ignoreConflict = (err: unknown) => {
  // Left by an interrupted earlier seed: keep what is there.
  if (!(err instanceof AppError && err.status === 409)) throw err;
};

async function seedConfiguration(ctx: Ctx, orgs: Map<DepartmentKey, string>): Promise<void> {
  await putCalendar(ctx, CN_WORKDAY.code, CN_WORKDAY);
  await Promise.all(
    DEMO_CATEGORIES.map(({ department, weight: _w, rule: _r, ...c }) => {
      const input: CategoryInput = { ...c, defaultOrganizationId: department ? (orgs.get(department) ?? null) : null };
      return createCategory(ctx, input).catch(ignoreConflict);
    }),
  );
  const existing = await listDispatchRules(ctx, { page: 1, pageSize: 1 });
  if (existing.total === 0) {
    const rules: DispatchRuleInput[] = [
      ...DEMO_CATEGORIES.map((c) => ({
        categoryCode: c.code,
        regionCode: LONGGANG,
        handlingLevel: c.rule.level,
        organizationId: c.rule.department ? (orgs.get(c.rule.department) ?? null) : null,
        autoDispatch: c.rule.autoDispatch,
        order: 100,
        active: true,
      })),
      // 大唐街道's disputes (the mediation demo files them) go to the community, labour ones too.
      ...['dispute', 'neighbour-dispute', 'wage-arrears'].map((code) => ({
        categoryCode: code,
        regionCode: DATANG,
        handlingLevel: 'community' as const,
        organizationId: null,
        autoDispatch: true,
        order: 100,
        active: true,
      })),
    ];
    await Promise.all(rules.map((r) => createDispatchRule(ctx, r)));
  }
  const prefixes = (await listPrefixes(ctx)).filter((p) => p.regionCode !== LONGGANG && p.regionCode !== DATANG);
  await putPrefixes(ctx, [...prefixes, { regionCode: LONGGANG, prefix: 'LG' }, { regionCode: DATANG, prefix: 'DT' }]);
  await putOutlines(ctx, {
    type: 'FeatureCollection',
    features: [...LONGGANG_COMMUNITIES, ...LONGGANG_GRIDS].map((a) => ({
      type: 'Feature',
      properties: { code: a.code, name: a.name },
      geometry: boxPolygon(a.box),
    })),
  });
}

/** Creates the handler accounts and returns every actor the seed acts as, by username. */
async function seedActors(
  ctx: Ctx,
  pii: AppDeps['pii'],
  password: string,
  orgs: Map<DepartmentKey, string>,
): Promise<Map<string, Actor>> {
  // Concurrently: the password hash dominates and runs on the thread pool.
  await Promise.all(
    ACCOUNTS.map((a) => {
      const organizationId = a.department ? (orgs.get(a.department) ?? null) : null;
      const roles = [{ role: a.role, regionCode: a.regionCode, organizationId }];
      return createAccount(ctx, { username: a.username, displayName: a.displayName, password, roles }, pii).catch(
        (err: unknown) => {
          if (!(err instanceof AppError && err.code === 'ACCOUNT_USERNAME_TAKEN')) throw err;
        },
      );
    }),
  );
  const actors = new Map<string, Actor>();
  for (const username of [DISPATCHER, ...ACCOUNTS.map((a) => a.username)]) {
    const found = await listAccounts(ctx, { q: username, page: 1, pageSize: 5 }, pii);
    const account = found.items.find((x) => x.username === username);
    if (!account) continue;
    actors.set(username, {
      kind: 'account',
      id: account.id,
      name: username,
      grants: account.roles.map((r) => ({
        role: r.role,
        regionCode: r.regionCode,
        regionPath: r.regionPath,
        organizationId: r.organizationId,
      })),
    });
  }
  return actors;
}

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

/** What the configuration step leaves for the incidents: the departments' ids and the actors by username. */
export interface IncidentSetup {
  orgs: Map<DepartmentKey, string>;
  actors: Map<string, Actor>;
}

/**
 * The governance centre's configuration: categories, the working calendar, dispatch rules,
 * number prefixes, outlines and the handler accounts. Idempotent. Runs before the mediation demo,
 * whose cases file and link dispute incidents, and hands its result to {@link seedIncidents}.
 */
export async function seedIncidentConfiguration(
  ctx: Ctx,
  deps: Pick<AppDeps, 'pii'>,
  password: string,
): Promise<IncidentSetup> {
  // `zhili start` seeds before the app (which attaches the intake) is built; attaching is idempotent.
  attachIntake({ db: ctx.db, pii: deps.pii });
  const orgs = await departmentIds(ctx);
  await seedConfiguration(ctx, orgs);
  const actors = await seedActors(ctx, deps.pii, password, orgs);
  return { orgs, actors };
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
