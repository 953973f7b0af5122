import type { ZhiliModule } from '../../platform/module.ts';
import { registerAuthHooks } from './auth.hooks.ts';
import { registerAuthRoutes } from './auth.routes.ts';
import { registerApiKeyRoutes } from './apikey.routes.ts';
import { deleteExpiredSessions } from './auth.repo.ts';

/**
 * Authentication: sessions (cookie + CSRF), API keys and sign-in. Registered before every other
 * module so that `request.ctx.actor` is set for all routes.
 */
export const authModule: ZhiliModule = {
  name: 'auth',
  routes: (app, deps) => {
    registerAuthHooks(app, deps);
    registerAuthRoutes(app, deps);
    registerApiKeyRoutes(app);
  },
  // Expired sessions are already refused; the sweep only keeps the table small.
  recurring: [
    { name: 'auth.prune-sessions', intervalMs: 3600_000, run: ({ db }) => deleteExpiredSessions(db, new Date()) },
  ],
};

export { hashPassword, verifyPassword, temporaryPassword, permissionsOf, parseInput } from './auth.engine.ts';
export { SESSION_COOKIE } from './auth.engine.ts';
export { grantRefusal, grantCovers, isUnrestrictedAdmin, type GrantRefusal, type GrantTarget } from './grant.engine.ts';
export { createApiKey, listApiKeys, revokeApiKey } from './apikey.service.ts';
export { AuthErrors } from './auth.errors.ts';
export { roleAssignmentsOf, deleteSessionsOf as revokeAccountSessions, setPassword } from './auth.repo.ts';
export { likeContains, inScope } from './apikey.repo.ts';
