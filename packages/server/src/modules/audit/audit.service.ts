import type { AuditEntry, AuditListQuery, AuditVerifyResult, Page } from '@zhili/contracts';
import { requireAccess, scopeOf } from '../../platform/access.ts';
import { verifyAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AuditErrors } from './audit.errors.ts';
import { listAuditEntries, type AuditRow } from './audit.repo.ts';

function present(r: AuditRow): AuditEntry {
  return {
    id: String(r.id),
    seq: r.seq,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: r.requestId,
    ip: r.ip,
  };
}

/**
 * Lists audit entries, newest first. An unrestricted `audit.read` grant sees everything; a grant
 * scoped to a region or organization sees what accounts holding roles there did.
 */
export async function listAudit(ctx: Ctx, query: AuditListQuery): Promise<Page<AuditEntry>> {
  await requireAccess(ctx, 'audit.read');
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from > to) {
    throw AuditErrors.AUDIT_RANGE_INVALID([{ path: 'querystring.from', code: 'range', message: 'from > to' }]);
  }
  const { rows, total } = await listAuditEntries(ctx.db, {
    q: query.q,
    actor: query.actor,
    actionPrefix: query.action,
    entity: query.entity,
    entityId: query.entityId,
    from,
    to,
    scope: scopeOf(ctx.actor, 'audit.read'),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(present), total, page: query.page, pageSize: query.pageSize };
}

/** Walks the whole hash chain and reports the first altered or missing row. */
export async function verifyAuditChain(ctx: Ctx): Promise<AuditVerifyResult> {
  await requireAccess(ctx, 'audit.verify');
  return verifyAudit(ctx.db);
}
