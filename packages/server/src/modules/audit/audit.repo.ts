import { and, count, desc, eq, gte, ilike, like, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import type { Scope } from '../../platform/access.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { regions, roleAssignments } from '../../platform/db/schema.ts';
import { inScope, likeContains } from '../auth/index.ts';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  q?: string | undefined;
  actor?: string | undefined;
  actionPrefix?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  scope: Scope;
  limit: number;
  offset: number;
}

/** `%` and `_` in a typed prefix are literal characters. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A scoped reader sees the entries of actors who hold a role inside that scope: the people
 * they oversee. System and API-key entries (no account) are for unrestricted readers only.
 */
function visibleTo(scope: Scope): SQL | undefined {
  if (scope.all) return undefined;
  return sql`${auditLog.actorId} in (
    select ${roleAssignments.accountId} from ${roleAssignments}
    left join ${regions} on ${regions.code} = ${roleAssignments.regionCode}
    where ${inScope(scope, regions.path, roleAssignments.organizationId)})`;
}

/** One page of audit entries, newest first, and the total matching. */
export async function listAuditEntries(db: Tx, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [
    visibleTo(f.scope),
    f.actor ? ilike(auditLog.actorName, likeContains(f.actor)) : undefined,
    f.actionPrefix ? like(auditLog.action, likePrefix(f.actionPrefix)) : undefined,
    f.entity ? eq(auditLog.entity, f.entity) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    f.from ? gte(auditLog.at, f.from) : undefined,
    f.to ? lte(auditLog.at, f.to) : undefined,
  ];
  if (f.q) {
    const pattern = likeContains(f.q);
    conditions.push(
      or(
        ilike(auditLog.action, pattern),
        ilike(auditLog.entity, pattern),
        ilike(auditLog.entityId, pattern),
        ilike(auditLog.actorName, pattern),
      ),
    );
  }
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}
