import type { ZhiliModule } from '../../platform/module.ts';
import { auditSealer } from './audit.jobs.ts';
import { registerAuditRoutes } from './audit.routes.ts';

/** The audit log: list and verify over HTTP, and the sealer that hash-chains new entries. */
export const auditModule: ZhiliModule = {
  name: 'audit',
  routes: registerAuditRoutes,
  recurring: [auditSealer],
};

export { listAudit, verifyAuditChain } from './audit.service.ts';
/** For the CLI (`zhili audit verify`) and benchmarks. */
export { recordAudit, sealAudit, verifyAudit, type VerifyReport } from '../../platform/audit.ts';
