import { hash } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import type { Role } from '@zhili/contracts';
import type { Db } from '../src/platform/db/pool.ts';
import { accounts, regions, roleAssignments } from '../src/modules/core/core.table.ts';
import { TEST_PASSWORD } from './app.ts';

let hashed: Promise<string> | undefined;
let seq = 0;

/** A small region tree used across tests: 浙江省 › 湖州市 › 吴兴区 › 妙西镇 and 南浔区 › 练市镇. */
export const TEST_REGIONS = [
  { code: '33', name: '浙江省', level: 'province', parentCode: null, path: '33' },
  { code: '3305', name: '湖州市', level: 'city', parentCode: '33', path: '33/3305' },
  { code: '330502', name: '吴兴区', level: 'county', parentCode: '3305', path: '33/3305/330502' },
  { code: '330502102', name: '妙西镇', level: 'township', parentCode: '330502', path: '33/3305/330502/330502102' },
  { code: '330503', name: '南浔区', level: 'county', parentCode: '3305', path: '33/3305/330503' },
  { code: '330503102', name: '练市镇', level: 'township', parentCode: '330503', path: '33/3305/330503/330503102' },
] as const;

/** Inserts TEST_REGIONS (once per database). */
export async function buildRegions(db: Db): Promise<void> {
  await db
    .insert(regions)
    .values(TEST_REGIONS.map((r) => ({ ...r, parentCode: r.parentCode as string | null })))
    .onConflictDoNothing();
}

export interface BuiltAccount {
  id: string;
  username: string;
}

/**
 * An account with the given roles, straight into the database (password TEST_PASSWORD).
 * `regionCode: null` grants the role everywhere.
 */
export async function buildAccount(
  db: Db,
  opts: {
    username?: string;
    roles?: { role: Role; regionCode?: string | null; organizationId?: string | null }[];
    disabled?: boolean;
  } = {},
): Promise<BuiltAccount> {
  hashed ??= hash(TEST_PASSWORD);
  const username = opts.username ?? `user${++seq}_${Date.now().toString(36)}`;
  const [row] = await db
    .insert(accounts)
    .values({ username, displayName: username, passwordHash: await hashed, disabled: opts.disabled ?? false })
    .returning({ id: accounts.id });
  if (!row) throw new Error('account insert failed');
  for (const r of opts.roles ?? []) {
    await db.insert(roleAssignments).values({
      accountId: row.id,
      role: r.role,
      regionCode: r.regionCode === undefined ? null : r.regionCode,
      organizationId: r.organizationId ?? null,
    });
  }
  return { id: row.id, username };
}

/** Removes an account's role assignments (for tests that change roles). */
export async function clearRoles(db: Db, accountId: string): Promise<void> {
  await db.delete(roleAssignments).where(eq(roleAssignments.accountId, accountId));
}

// ── core: organizations and persons ─────────────────────────────────────────────────────────
import type { OrganizationType } from '@zhili/contracts';
import { organizations, persons } from '../src/modules/core/core.table.ts';
import type { PiiCipher } from '../src/platform/pii.ts';

/** An organization straight into the database (region 330502 吴兴区 unless given; run buildRegions first). */
export async function buildOrganization(
  db: Db,
  opts: { name?: string; type?: OrganizationType; regionCode?: string; parentId?: string | null } = {},
): Promise<{ id: string; name: string }> {
  const name = opts.name ?? `组织${++seq}`;
  const [row] = await db
    .insert(organizations)
    .values({
      name,
      type: opts.type ?? 'department',
      regionCode: opts.regionCode ?? '330502',
      parentId: opts.parentId ?? null,
    })
    .returning({ id: organizations.id });
  if (!row) throw new Error('organization insert failed');
  return { id: row.id, name };
}

/**
 * A person straight into the database, phone and ID number sealed with `pii` as the core
 * module stores them (use the test app's `deps.pii` so the API can read them back).
 */
export async function buildPerson(
  db: Db,
  pii: PiiCipher,
  opts: {
    name?: string;
    phone?: string | null;
    idNumber?: string | null;
    regionCode?: string | null;
    hometown?: string | null;
  } = {},
): Promise<{ id: string; name: string }> {
  const name = opts.name ?? `人员${++seq}`;
  const phone = opts.phone ?? null;
  const idNumber = opts.idNumber ?? null;
  const [row] = await db
    .insert(persons)
    .values({
      name,
      phoneEnc: phone === null ? null : pii.encrypt(phone),
      phoneIndex: phone === null ? null : pii.blindIndex('phone', phone),
      idNumberEnc: idNumber === null ? null : pii.encrypt(idNumber),
      idNumberIndex: idNumber === null ? null : pii.blindIndex('id_number', idNumber),
      regionCode: opts.regionCode === undefined ? '330502' : opts.regionCode,
      hometown: opts.hometown ?? null,
    })
    .returning({ id: persons.id });
  if (!row) throw new Error('person insert failed');
  return { id: row.id, name };
}

// ── evaluation: a small framework and panel (3 counties, 6 townships, 2 years) ───────────────

/** A framework YAML with 3 indicators in 2 pillars and tripod award rules (code `test-eco`). */
export function evalFrameworkYaml(code = 'test-eco'): string {
  return `code: ${code}
version: 1
name: { zh: 测试生态评价, en: Test ecological evaluation }
unitLevels: [county, township]
rankDecimals: 3
index:
  code: Index
  name: { zh: 综合指数, en: Index }
  children:
    - code: ENV
      name: { zh: 生态环境质量, en: Ecological environment quality }
      weight: 0.6
      children:
        - code: PM25
          indicator: true
          name: { zh: PM2.5平均浓度, en: PM2.5 mean concentration }
          unit: μg/m³
          direction: -1
        - code: FOREST
          indicator: true
          name: { zh: 森林覆盖率, en: Forest cover }
          unit: '%'
    - code: GREEN
      name: { zh: 绿色低碳发展, en: Green low-carbon development }
      weight: 0.4
      children:
        - code: ENERGY
          indicator: true
          name: { zh: 单位GDP能耗, en: Energy per unit of GDP }
          unit: tce/万元
          direction: -1
awards:
  county: { level: county, excludeBottom: 1 }
  township: { level: township, perParentCapShare: 0.5, totalQuota: 36 }
  champion: { level: county }
`;
}

/**
 * Wide CSV for `evalFrameworkYaml`: 吴兴区 best, 南浔区 last among counties; each county has two
 * townships (the cap of 50% lets one of each win). Years 2022 and 2023.
 */
export function evalDataCsv(): string {
  const units = [
    ['330502', '吴兴区', 'county', '', 20, 60, 0.3],
    ['330521', '德清县', 'county', '', 25, 55, 0.35],
    ['330503', '南浔区', 'county', '', 35, 40, 0.5],
    ['330502102', '妙西镇', 'township', '330502', 18, 70, 0.2],
    ['330502103', '东林镇', 'township', '330502', 30, 45, 0.4],
    ['330521101', '莫干山镇', 'township', '330521', 19, 75, 0.25],
    ['330521102', '新市镇', 'township', '330521', 33, 35, 0.45],
    ['330503102', '练市镇', 'township', '330503', 28, 50, 0.3],
    ['330503103', '双林镇', 'township', '330503', 36, 30, 0.55],
  ] as const;
  const lines = ['unit,name,level,parent,year,PM25,FOREST,ENERGY'];
  for (const year of [2022, 2023]) {
    const drift = year === 2023 ? 1 : 0;
    for (const [code, name, level, parent, pm, forest, energy] of units) {
      lines.push([code, name, level, parent, year, pm - drift, forest + drift, energy].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

// ── incidents (core): grid regions, categories, dispatch rules, intakes ─────────────────────
import type { IncidentIntake } from '@zhili/contracts';
import { dispatchRules, incidentCategories } from '../src/modules/incidents/incidents.table.ts';

/** TEST_REGIONS plus a community under 妙西镇 with two grids, and one under 练市镇 with one grid. */
export const INCIDENT_TEST_REGIONS = [
  {
    code: '330502102201',
    name: '妙西社区',
    level: 'community',
    parentCode: '330502102',
    path: '33/3305/330502/330502102/330502102201',
  },
  {
    code: '330502102201-G01',
    name: '妙西一网格',
    level: 'grid',
    parentCode: '330502102201',
    path: '33/3305/330502/330502102/330502102201/330502102201-G01',
  },
  {
    code: '330502102201-G02',
    name: '妙西二网格',
    level: 'grid',
    parentCode: '330502102201',
    path: '33/3305/330502/330502102/330502102201/330502102201-G02',
  },
  {
    code: '330503102201',
    name: '练市社区',
    level: 'community',
    parentCode: '330503102',
    path: '33/3305/330503/330503102/330503102201',
  },
  {
    code: '330503102201-G01',
    name: '练市一网格',
    level: 'grid',
    parentCode: '330503102201',
    path: '33/3305/330503/330503102/330503102201/330503102201-G01',
  },
] as const;

/** TEST_REGIONS and INCIDENT_TEST_REGIONS (once per database). */
export async function buildIncidentRegions(db: Db): Promise<void> {
  await buildRegions(db);
  await db
    .insert(regions)
    .values(INCIDENT_TEST_REGIONS.map((r) => ({ ...r })))
    .onConflictDoNothing();
}

/** A category straight into the database (grid level, on site required, 1-2-20 defaults). */
export async function buildIncidentCategory(
  db: Db,
  opts: Partial<typeof incidentCategories.$inferInsert> = {},
): Promise<string> {
  const code = opts.code ?? `cat-${++seq}`;
  await db.insert(incidentCategories).values({
    nameZh: `类别${seq}`,
    nameEn: `Category ${seq}`,
    handlingLevel: 'grid',
    ...opts,
    code,
  });
  return code;
}

/** A dispatch rule straight into the database (auto-dispatch at grid level under 吴兴区 unless given). */
export async function buildDispatchRule(
  db: Db,
  opts: Partial<typeof dispatchRules.$inferInsert> & { regionCode?: string; regionPath?: string } = {},
): Promise<string> {
  const [row] = await db
    .insert(dispatchRules)
    .values({ regionCode: '330502', regionPath: '33/3305/330502', handlingLevel: 'grid', ...opts })
    .returning({ id: dispatchRules.id });
  if (!row) throw new Error('dispatch rule insert failed');
  return row.id;
}

/** An intake body for `categoryCode` in grid 妙西一网格 unless overridden. */
export function buildIntake(categoryCode: string, overrides: Partial<IncidentIntake> = {}): IncidentIntake {
  return {
    categoryCode,
    description: `测试事件 ${++seq}`,
    location: { address: '妙西镇测试路1号', lat: null, lng: null, regionCode: '330502102201-G01' },
    reporter: { name: '张三', phone: '13812341234', email: null, anonymous: false },
    priority: null,
    channel: 'resident',
    attributes: {},
    attachmentIds: [],
    mediaUrl: null,
    sourceRef: null,
    ...overrides,
  };
}

// ── mediation: request bodies for mediators and cases (regions: buildIncidentRegions) ─────────
import type { CaseCreate, MediatorCreate } from '@zhili/contracts';

/** A mediator body: from 临泉县, Anhui (341221), serving 妙西镇 unless overridden. */
export function buildMediatorInput(overrides: Partial<MediatorCreate> = {}): MediatorCreate {
  return {
    name: `调解员${++seq}`,
    phone: '13900001111',
    hometownCode: '341221',
    hometownName: '安徽省阜阳市临泉县',
    dialects: ['皖北话'],
    languages: ['普通话'],
    expertise: ['labour_injury', 'wage_arrears'],
    affiliations: ['reserve_pool'],
    organizationId: null,
    organizationName: null,
    certificationStatus: 'certified',
    certifiedUntil: null,
    availability: [],
    leaves: [],
    capacity: 3,
    serviceRegionCode: '330502102',
    lat: null,
    lng: null,
    trainingBatchId: null,
    active: true,
    note: null,
    ...overrides,
  };
}

/** A case body: an Anhui worker against a Hubei employer in 妙西社区, no incident filed. */
export function buildCaseInput(overrides: Partial<CaseCreate> = {}): CaseCreate {
  return {
    type: 'labour_injury',
    title: `工伤赔偿纠纷${++seq}`,
    description: '务工人员在作业中受伤，双方就赔偿金额发生争议。',
    amount: 86000,
    urgency: 'normal',
    regionCode: '330502102201',
    address: null,
    lat: null,
    lng: null,
    occurredOn: null,
    parties: [
      {
        name: '王某（示例）',
        side: 'applicant',
        role: 'worker',
        kind: 'person',
        hometownCode: '341221',
        hometownName: '安徽省阜阳市临泉县',
        dialects: ['皖北话'],
        phone: '13800001234',
        idNumber: '341221199001011234',
        address: null,
      },
      {
        name: '某袜业公司（示例）',
        side: 'respondent',
        role: 'employer',
        kind: 'organization',
        hometownCode: '4201',
        hometownName: '湖北省武汉市',
        dialects: [],
        phone: null,
        idNumber: null,
        address: null,
      },
    ],
    attachmentIds: [],
    incidentId: null,
    fileIncident: false,
    incidentCategoryCode: null,
    timeLimitDays: null,
    ...overrides,
  };
}
