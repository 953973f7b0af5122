import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { z } from 'zod';
import { ROLE_PERMISSIONS, PERMISSIONS, type Permission, type Role } from '@zhili/contracts';
import { PlatformErrors } from '../../platform/errors.ts';

/** Name of the httpOnly cookie carrying the session token. */
export const SESSION_COOKIE = 'zhili_session';
/** A session dies after this long without a request… */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and after this long whatever happens. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** Sessions and keys record use at most this often, so reads do not turn into writes. */
export const TOUCH_INTERVAL_MS = 60 * 1000;
/** Consecutive failed logins that lock an account… */
export const MAX_FAILED_LOGINS = 5;
/** …for this long. */
export const LOCKOUT_MS = 15 * 60 * 1000;
export const API_KEY_PREFIX = 'zk_';
/** Characters of a key kept in clear so people can tell their keys apart. */
export const API_KEY_SHOWN_CHARS = 10;

/** A new unguessable token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A new API key: `zk_` + 32 random bytes, base64url. */
export function newApiKey(): string {
  return `${API_KEY_PREFIX}${newToken()}`;
}

/** SHA-256 hex: what the database keeps of session tokens and API keys. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time string equality (hashing first makes the lengths equal). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

/** Argon2id hash of a password (the library's default algorithm and parameters). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** True when `password` matches `passwordHash`; a malformed hash counts as no match. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/**
 * Verifies against a throwaway hash, so a login for an unknown username takes as long as one for
 * a real account and timing does not reveal which usernames exist.
 */
export async function burnPasswordVerify(password: string): Promise<void> {
  dummyHash ??= hash(newToken());
  await verifyPassword(await dummyHash, password);
}

/** When a session touched at `now` expires: 12 h idle, never past 7 days from its creation. */
export function sessionExpiry(createdAt: Date, now: Date): Date {
  return new Date(Math.min(createdAt.getTime() + SESSION_ABSOLUTE_MS, now.getTime() + SESSION_IDLE_MS));
}

/** True when a session last written at `lastSeenAt` is due for a sliding-expiry update. */
export function needsTouch(lastSeenAt: Date | null, now: Date): boolean {
  return lastSeenAt === null || now.getTime() - lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;
}

export interface LoginFailureState {
  failedLogins: number;
  lockedUntil: Date | null;
}

/**
 * The account state after one more failed login. The counter restarts once a lock is set so the
 * account gets a fresh set of attempts when the lock expires.
 */
export function afterFailedLogin(failedLogins: number, lockedUntil: Date | null, now: Date): LoginFailureState {
  const failures = failedLogins + 1;
  if (failures >= MAX_FAILED_LOGINS) return { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) };
  return { failedLogins: failures, lockedUntil };
}

/** True while a lock set on the account is in force. */
export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** Every permission the roles carry, in the canonical order of PERMISSIONS. */
export function permissionsOf(grants: readonly { role: Role }[]): Permission[] {
  const held = new Set(grants.flatMap((g) => ROLE_PERMISSIONS[g.role]));
  return PERMISSIONS.filter((p) => held.has(p));
}

const LETTERS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
/**
 * A temporary password an administrator can read out over the phone: 14 characters without
 * look-alikes (0/O, 1/l/I), always with a letter and a digit so it passes the Password rule.
 */
export function temporaryPassword(length = 14): string {
  const all = LETTERS + DIGITS;
  const chars = [LETTERS[randomInt(LETTERS.length)], DIGITS[randomInt(DIGITS.length)]];
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/**
 * Validates input that did not come through an HTTP schema (CLI, seeds) with the same zod schema
 * the route uses, turning zod issues into the usual VALIDATION_FAILED error.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = 'body'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw PlatformErrors.VALIDATION_FAILED(
    parsed.error.issues.map((i) => ({
      path: [prefix, ...i.path.map(String)].join('.'),
      code: i.code,
      message: i.message,
    })),
  );
}
