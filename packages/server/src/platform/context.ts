import type { Role } from '@zhili/contracts';
import type { Db } from './db/pool.ts';

/** One role held by the caller, with the region subtree and organization it applies to. */
export interface Grant {
  role: Role;
  /** Path of the scope region ('33/3305/330502'); null = everywhere. */
  regionPath: string | null;
  regionCode: string | null;
  /** Organization the grant is limited to; null = any. */
  organizationId: string | null;
}

/** Who is acting: an account (browser session), an API key, the system itself, or nobody. */
export interface Actor {
  kind: 'account' | 'apikey' | 'system' | 'anonymous';
  /** Account id (or API key id for kind 'apikey'). */
  id: string | null;
  name: string;
  grants: Grant[];
}

/** What every service method receives: the database, the caller, and request facts for audit. */
export interface Ctx {
  db: Db;
  actor: Actor;
  requestId: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = {
  kind: 'system',
  id: null,
  name: 'system',
  grants: [{ role: 'admin', regionPath: null, regionCode: null, organizationId: null }],
};

export const ANONYMOUS_ACTOR: Actor = { kind: 'anonymous', id: null, name: 'anonymous', grants: [] };

/** A context for CLI commands, jobs and seeds: acts as the system. */
export function systemCtx(db: Db, requestId: string | null = null): Ctx {
  return { db, actor: SYSTEM_ACTOR, requestId, ip: null };
}
