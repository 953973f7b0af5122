import type { Role } from '@zhili/contracts';
import type { Actor } from '../../platform/context.ts';
import type { Db } from '../../platform/db/pool.ts';
import { needsTouch, sessionExpiry, tokenHash, TOUCH_INTERVAL_MS } from './auth.engine.ts';
import { findLiveSession, grantsOfAccount, touchSession } from './auth.repo.ts';
import { findLiveApiKey, touchApiKey } from './apikey.repo.ts';

// These functions establish WHO is calling, so they run before any access check can: they are
// the input of requireAccess, not its subject.

/** The session behind a cookie, as the request hooks need it. */
export interface SessionInfo {
  idHash: string;
  accountId: string;
  csrfToken: string;
  mustChangePassword: boolean;
}

/**
 * Resolves a session cookie to its account actor, sliding the idle expiry forward (written at
 * most once a minute). Returns null for unknown, expired or disabled-account sessions.
 */
export async function resolveSession(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ actor: Actor; session: SessionInfo } | null> {
  const idHash = tokenHash(token);
  const row = await findLiveSession(db, idHash, now);
  if (!row) return null;
  // A scope whose region row is missing must never widen to "everywhere" (null path).
  const grants = (await grantsOfAccount(db, row.accountId)).filter(
    (g) => g.regionCode === null || g.regionPath !== null,
  );
  if (needsTouch(row.lastSeenAt, now)) await touchSession(db, idHash, now, sessionExpiry(row.createdAt, now));
  return {
    actor: { kind: 'account', id: row.accountId, name: row.username, grants },
    session: { idHash, accountId: row.accountId, csrfToken: row.csrfToken, mustChangePassword: row.mustChangePassword },
  };
}

/**
 * How long a resolved API key is trusted without asking the database again. Machine clients
 * (Open311 apps, sensors, the simulator) call many times a second; re-reading the key on each
 * call would cost two round trips per request. A key revoked in this process is forgotten at
 * once; other processes stop honouring it within this many milliseconds.
 */
export const API_KEY_CACHE_MS = 5_000;
const API_KEY_CACHE_MAX = 1_000;
const apiKeyCache = new Map<string, { actor: Actor; expires: number }>();

/** Drops a key from this process's cache (called when it is revoked). */
export function forgetApiKey(id: string): void {
  for (const [hash, entry] of apiKeyCache) if (entry.actor.id === id) apiKeyCache.delete(hash);
}

/** Resolves an API key to its actor (one grant: the key's role and scope); null when unknown or revoked. */
export async function resolveApiKey(db: Db, key: string, now = new Date()): Promise<Actor | null> {
  const hash = tokenHash(key);
  const cached = apiKeyCache.get(hash);
  if (cached && cached.expires > now.getTime()) return cached.actor;
  const row = await findLiveApiKey(db, hash);
  if (!row || (row.regionCode !== null && row.regionPath === null)) {
    apiKeyCache.delete(hash);
    return null;
  }
  await touchApiKey(db, row.id, now, TOUCH_INTERVAL_MS);
  const actor: Actor = {
    kind: 'apikey',
    id: row.id,
    name: `apikey:${row.name}`,
    grants: [
      {
        role: row.role as Role,
        regionCode: row.regionCode,
        regionPath: row.regionPath,
        organizationId: row.organizationId,
      },
    ],
  };
  if (apiKeyCache.size >= API_KEY_CACHE_MAX) apiKeyCache.delete(apiKeyCache.keys().next().value!);
  apiKeyCache.set(hash, { actor, expires: now.getTime() + API_KEY_CACHE_MS });
  return actor;
}
