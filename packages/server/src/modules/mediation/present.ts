import { inArray } from 'drizzle-orm';
import type { Hometown as HometownOut } from '@zhili/contracts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/pool.ts';
import { regions } from '../../platform/db/schema.ts';
import { invalid } from '../../platform/errors.ts';
import { normalisePii, type PiiCipher } from '../../platform/pii.ts';
import { PROVINCES, parseHometown } from './hometown.engine.ts';

/** Helpers shared by the mediation services: hometowns, sealed contacts, region names. */

/** The API shape of a hometown code; the name falls back to the province's. */
export function presentHometown(code: string, name: string | null): HometownOut {
  const h = parseHometown(code);
  const province = h?.province ?? code.slice(0, 2);
  return {
    code,
    provinceCode: province,
    provinceName: PROVINCES[province]?.zh ?? null,
    cityCode: h?.city ?? null,
    countyCode: h?.county ?? null,
    name: name ?? PROVINCES[province]?.zh ?? null,
  };
}

/** Province name of a 2-digit code. */
export const provinceName = (code: string): string | null => PROVINCES[code]?.zh ?? null;

/** Refuses a hometown code whose province does not exist. */
export function checkHometown(code: string | null | undefined, path: string): void {
  if (code === null || code === undefined) return;
  if (!parseHometown(code)) throw invalid(path, `unknown GB/T 2260 code ${code}`, 'unknown_hometown');
}

/** Sealed value and blind index of a phone (null stays null). */
export function sealPhone(pii: PiiCipher, plain: string | null): { enc: Buffer | null; index: string | null } {
  if (plain === null) return { enc: null, index: null };
  return { enc: pii.encrypt(normalisePii(plain)), index: pii.blindIndex('phone', plain) };
}

/** Decrypts a sealed value and shows it in clear or masked. */
export function openPii(pii: PiiCipher, data: Buffer | null, reveal: boolean, mask: (s: string) => string) {
  if (data === null) return null;
  const plain = pii.decrypt(data);
  return reveal ? plain : mask(plain);
}

/** A credit code or ID number masked to its first 4 and last 4 characters. */
export function maskDocument(s: string): string {
  return s.length <= 8 ? `${s.slice(0, 2)}****` : `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
}

export interface RegionRef {
  code: string;
  name: string;
  path: string;
  level: string;
}

/** The region a request names in `field`, or a 400 naming that field. */
export async function regionRef(db: Tx, code: string, field: string): Promise<RegionRef> {
  const [row] = await db
    .select({ code: regions.code, name: regions.name, path: regions.path, level: regions.level })
    .from(regions)
    .where(inArray(regions.code, [code]));
  if (!row) throw invalid(field, `unknown region ${code}`, 'unknown_region');
  return row;
}

/** Names of these regions (missing ones absent). */
export async function regionNames(db: Tx, codes: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(codes)];
  if (list.length === 0) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, list));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** The actor's display name for timelines and "recorded by" fields. */
export const actorName = (ctx: Ctx): string => ctx.actor.name;

/** ISO string of a Date, or null. */
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
