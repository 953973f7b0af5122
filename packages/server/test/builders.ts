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
