import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { OrganizationType, Role } from '@zhili/contracts';
import type { AppDeps } from '../packages/server/src/platform/module.ts';
import { systemCtx, type Ctx } from '../packages/server/src/platform/context.ts';
import { AppError } from '../packages/server/src/platform/errors.ts';
import { recordAudit } from '../packages/server/src/platform/audit.ts';
import { auditLog } from '../packages/server/src/platform/platform.table.ts';
import { createOrganization, importRegionsCsv, listOrganizations } from '../packages/server/src/modules/core/index.ts';
import { createAccount } from '../packages/server/src/modules/accounts/index.ts';
import { seedEvaluation } from './seed-evaluation.ts';
import { INCIDENT_DEMO_ACCOUNTS, seedIncidentConfiguration } from './seed-incidents-config.ts';
import { seedIncidents } from './seed-incidents.ts';
import { seedMediation } from './seed-mediation.ts';

/**
 * The demo dataset: Zhejiang's regions down to townships (public NBS codes), illustrative
 * communities and grids for the places on the newspaper page, their organizations, and one
 * account per role. See demo/README.md for what is real and what is illustrative.
 */

/** The audit action that marks a database as seeded: written last, so a crashed seed runs again. */
const SEED_MARKER = 'demo.seed';
/** Serialises seeders: two processes starting at once on one database seed it once. */
const SEED_LOCK = 7_140_220_230_100;

/**
 * NBS files 龙港市's communities under this pseudo-township (龙港县直辖村级区划). zhili models the
 * city's flat reform as it is run — communities directly under the city — so the pseudo-unit
 * is left out and the demo communities keep its code space (330383198xxx).
 */
const OMITTED_PSEUDO_UNITS = new Set(['330383198']);

export interface DemoAccount {
  username: string;
  role: Role;
  /** Where the role applies, in words, for the start-up banner. */
  scope: string;
}

interface DemoOrganization {
  name: string;
  type: OrganizationType;
  regionCode: string;
  /** Name of the parent organization, created earlier in the list. */
  parent?: string;
}

/** Names marked （示例） are illustrative; the others are real bodies named on the page or public. */
const ORGANIZATIONS: DemoOrganization[] = [
  { name: '龙港市社会治理中心', type: 'department', regionCode: '330383' },
  { name: '龙港市综合行政执法局', type: 'department', regionCode: '330383' },
  { name: '温州市公安局龙港分局', type: 'department', regionCode: '330383' },
  { name: '龙港市市场监督管理局', type: 'department', regionCode: '330383' },
  { name: '龙港市住房和城乡建设局', type: 'department', regionCode: '330383' },
  { name: '龙港市印刷行业协会', type: 'trade_association', regionCode: '330383' },
  { name: '大唐安徽商会', type: 'chamber_of_commerce', regionCode: '330681005' },
  { name: '浙江工匠学院', type: 'academy', regionCode: '33' },
  { name: '浙江工匠学院高端装备分院（示例）', type: 'branch_college', regionCode: '33', parent: '浙江工匠学院' },
  { name: '浙江工匠学院新一代信息技术分院（示例）', type: 'branch_college', regionCode: '33', parent: '浙江工匠学院' },
  { name: '淳安县公证处', type: 'notary_office', regionCode: '330127' },
  { name: '四明山云上民宿（示例）', type: 'homestay_operator', regionCode: '330281' },
  { name: '浙江石油化工有限公司', type: 'company', regionCode: '330921103' },
  { name: '螺洋5G智慧农业园（示例）', type: 'company', regionCode: '331004004' },
  { name: '湖州市生态环境局', type: 'department', regionCode: '3305' },
];

interface DemoAccountSpec extends DemoAccount {
  displayName: string;
  regionCode: string | null;
  /** Name of the organization the role is limited to. */
  organization?: string;
}

const ACCOUNTS: DemoAccountSpec[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', regionCode: null, scope: '浙江省（全部）' },
  {
    username: 'dispatcher.longgang',
    displayName: '龙港调度员',
    role: 'dispatcher',
    regionCode: '330383',
    scope: '温州市 龙港市',
  },
  {
    username: 'grid.yongping',
    displayName: '雍平网格员',
    role: 'grid_worker',
    regionCode: '330681005001-G01',
    scope: '诸暨市 大唐街道 雍平社区第一网格',
  },
  {
    username: 'staff.miaoxi',
    displayName: '妙西镇干部',
    role: 'township_staff',
    regionCode: '330502102',
    scope: '湖州市 吴兴区 妙西镇',
  },
  {
    username: 'mediator.datang',
    displayName: '大唐调解员',
    role: 'mediator',
    regionCode: '330681005',
    scope: '诸暨市 大唐街道',
  },
  { username: 'evaluator.huzhou', displayName: '湖州评价员', role: 'evaluator', regionCode: '3305', scope: '湖州市' },
  { username: 'leader.huzhou', displayName: '湖州市领导', role: 'leader', regionCode: '3305', scope: '湖州市' },
  {
    username: 'trainer.academy',
    displayName: '工匠学院导师',
    role: 'trainer',
    regionCode: null,
    organization: '浙江工匠学院',
    scope: '浙江工匠学院',
  },
  {
    username: 'tourism.ningbo',
    displayName: '宁波文旅干部',
    role: 'tourism_officer',
    regionCode: '3302',
    scope: '宁波市',
  },
  {
    username: 'resident.demo',
    displayName: '演示居民',
    role: 'resident',
    regionCode: '330681005001',
    scope: '诸暨市 大唐街道 雍平社区',
  },
];

/** The demo accounts as the start-up banner lists them. */
export const DEMO_ACCOUNTS: DemoAccount[] = ACCOUNTS.map(({ username, role, scope }) => ({ username, role, scope }));

/** Every demo account the banner lists: one per role, then the governance centre's handlers. */
const ALL_DEMO_ACCOUNTS: DemoAccount[] = [...DEMO_ACCOUNTS, ...INCIDENT_DEMO_ACCOUNTS];

/** The folder holding `regions/`, from source (demo/) or from the CLI bundle (packages/cli/dist/). */
function demoDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [here, path.resolve(here, '../../../demo')];
  const found = candidates.find((d) => existsSync(path.join(d, 'regions', 'communities.csv')));
  if (!found) throw new Error(`demo data not found (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * The province file: the copy in the repository (so a fresh clone works alone), else the
 * shared original beside the repository.
 */
export function provinceCsvPath(dir = demoDir()): string {
  const candidates = [
    path.join(dir, 'regions', 'zhejiang.csv'),
    path.resolve(dir, '..', '../shared/data/regions/zhejiang.csv'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`zhejiang.csv not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Drops the rows of omitted pseudo-units from a region CSV (header kept). */
function withoutPseudoUnits(csv: string): string {
  return csv
    .split(/\r?\n/)
    .filter((line) => !OMITTED_PSEUDO_UNITS.has(line.split(',', 1)[0] ?? ''))
    .join('\n');
}

async function seedOrganizations(ctx: Ctx): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const o of ORGANIZATIONS) {
    const existing = await listOrganizations(ctx, { q: o.name, region: o.regionCode, page: 1, pageSize: 50 });
    const found = existing.items.find((e) => e.name === o.name && e.regionCode === o.regionCode);
    const parentId = o.parent === undefined ? null : (ids.get(o.parent) ?? null);
    const org =
      found ??
      (await createOrganization(ctx, {
        name: o.name,
        type: o.type,
        regionCode: o.regionCode,
        parentId,
        creditCode: null,
      }));
    ids.set(o.name, org.id);
  }
  return ids;
}

async function seedAccounts(
  ctx: Ctx,
  deps: Pick<AppDeps, 'pii'>,
  password: string,
  orgIds: Map<string, string>,
): Promise<void> {
  for (const a of ACCOUNTS) {
    const organizationId = a.organization === undefined ? null : (orgIds.get(a.organization) ?? null);
    try {
      await createAccount(
        ctx,
        {
          username: a.username,
          displayName: a.displayName,
          password,
          roles: [{ role: a.role, regionCode: a.regionCode, organizationId }],
        },
        deps.pii,
      );
    } catch (err) {
      // An account left by an interrupted earlier seed stays as it is.
      if (!(err instanceof AppError && err.code === 'ACCOUNT_USERNAME_TAKEN')) throw err;
    }
  }
}

/**
 * Loads the demo data once: regions (province file, then communities and grids),
 * organizations and the demo accounts, all through the same services the API uses, each with
 * `opts.password`. Does nothing when the database is already seeded; returns the demo accounts
 * either way so the caller can print them.
 */
export async function seedDemo(
  deps: Pick<AppDeps, 'database' | 'pii' | 'config'>,
  opts: { password: string },
): Promise<{ accounts: DemoAccount[] }> {
  const { database } = deps;
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SEED_LOCK]);
    const marker = await database.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.action, SEED_MARKER))
      .limit(1);
    if (marker.length > 0) return { accounts: ALL_DEMO_ACCOUNTS };

    const ctx = systemCtx(database.db, 'demo-seed');
    const dir = demoDir();
    const province = await importRegionsCsv(ctx, withoutPseudoUnits(readFileSync(provinceCsvPath(dir), 'utf8')));
    const communities = await importRegionsCsv(ctx, readFileSync(path.join(dir, 'regions', 'communities.csv'), 'utf8'));
    const orgIds = await seedOrganizations(ctx);
    await seedAccounts(ctx, deps, opts.password, orgIds);
    const evaluation = await seedEvaluation(ctx, dir);
    // The centre's categories and rules first: mediation cases file and link dispute incidents.
    const incidentSetup = await seedIncidentConfiguration(ctx, deps, opts.password);
    await seedMediation(ctx, deps.pii);
    await seedIncidents(ctx, deps, opts.password, undefined, incidentSetup);
    await database.db.transaction((tx) =>
      recordAudit(ctx, tx, {
        action: SEED_MARKER,
        entity: 'demo',
        after: {
          regions: province.imported + communities.imported,
          organizations: orgIds.size,
          evaluationRuns: evaluation.runs,
          accounts: ALL_DEMO_ACCOUNTS.map((a) => a.username),
        },
      }),
    );
    return { accounts: ALL_DEMO_ACCOUNTS };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => undefined);
    client.release();
  }
}
