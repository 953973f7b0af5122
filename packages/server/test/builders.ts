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
