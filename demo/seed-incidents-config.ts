import type { CategoryInput, DispatchRuleInput } from '@zhili/contracts';
import type { AppDeps } from '../packages/server/src/platform/module.ts';
import type { Actor, Ctx } from '../packages/server/src/platform/context.ts';
import { AppError } from '../packages/server/src/platform/errors.ts';
import { listOrganizations } from '../packages/server/src/modules/core/index.ts';
import { createAccount, listAccounts } from '../packages/server/src/modules/accounts/index.ts';
import {
  attachIntake,
  createCategory,
  createDispatchRule,
  listDispatchRules,
  listPrefixes,
  putCalendar,
  putOutlines,
  putPrefixes,
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
  type DepartmentKey,
} from './incidents-data.ts';

/**
 * The governance centre's demo configuration (龙港市, and 大唐街道's dispute rules): categories
 * with 1-2-20 clocks, the 2026 working calendar, dispatch rules, number prefixes (LG, DT),
 * illustrative outlines and the handler accounts. The incidents themselves: seed-incidents.ts.
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

export const DISPATCHER = 'dispatcher.longgang';

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
  // Tests seed without building the app (which attaches the intake); attaching is idempotent.
  attachIntake({ db: ctx.db, pii: deps.pii });
  const orgs = await departmentIds(ctx);
  await seedConfiguration(ctx, orgs);
  const actors = await seedActors(ctx, deps.pii, password, orgs);
  return { orgs, actors };
}
