import { AuditEntry, AuditListQuery, AuditVerifyResult, pageOf } from '@zhili/contracts';
import type { App } from '../../platform/module.ts';
import { listAudit, verifyAuditChain } from './audit.service.ts';

/** Reading and verifying the audit log; nothing here writes it (every module's service does). */
export function registerAuditRoutes(app: App): void {
  const tags = ['audit'];

  app.get(
    '/api/audit',
    {
      config: { access: 'audit.read' },
      schema: { querystring: AuditListQuery, response: { 200: pageOf(AuditEntry) }, tags },
    },
    async (req) => listAudit(req.ctx, req.query),
  );

  app.get(
    '/api/audit/verify',
    { config: { access: 'audit.verify' }, schema: { response: { 200: AuditVerifyResult }, tags } },
    async (req) => verifyAuditChain(req.ctx),
  );
}
