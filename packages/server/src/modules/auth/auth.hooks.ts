import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppDeps } from '../../platform/module.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { API_KEY_PREFIX, SESSION_COOKIE, safeEqual } from './auth.engine.ts';
import { AuthErrors } from './auth.errors.ts';
import { resolveApiKey, resolveSession, type SessionInfo } from './actor.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The browser session behind this request, when it is cookie-authenticated. */
    authSession: SessionInfo | null;
  }
}

/** The field Open311 clients use to pass their key in the query or a form body. */
const API_KEY_FIELD = 'api_key';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes a cookie-holding browser may call without a CSRF token: sign-in issues the token. */
const CSRF_EXEMPT = new Set(['/api/auth/login']);
/** What an account with a temporary password may still do: look at itself, change it, leave. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([
  '/api/auth/me',
  '/api/auth/password',
  '/api/auth/logout',
  '/api/auth/login',
]);

/** The API key in `Authorization: Bearer zk_…` or `X-Api-Key`, if the request carries one. */
function apiKeyFromHeaders(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && /^bearer\s/i.test(auth)) return auth.slice(6).trim();
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header.trim();
  return undefined;
}

/**
 * Takes `api_key` out of a query or body object: authentication consumes it, so route schemas
 * (strict objects) never see it and never log it.
 */
function takeApiKeyField(container: unknown): string | undefined {
  if (container === null || typeof container !== 'object' || !(API_KEY_FIELD in container)) return undefined;
  const record = container as Record<string, unknown>;
  const value = record[API_KEY_FIELD];
  delete record[API_KEY_FIELD];
  return typeof value === 'string' ? value : '';
}

async function actAsApiKey(request: FastifyRequest, deps: AppDeps, key: string): Promise<void> {
  const actor = key.startsWith(API_KEY_PREFIX) ? await resolveApiKey(deps.database.db, key) : null;
  // A wrong key is refused outright rather than treated as anonymous: a machine client with a
  // revoked key should learn so at once, not through confusing permission errors.
  if (!actor) throw AuthErrors.AUTH_API_KEY_INVALID();
  request.authSession = null;
  request.ctx = { ...request.ctx, actor };
}

/**
 * Resolves the caller of every request and enforces CSRF. Header, query and cookie credentials
 * are read in onRequest; a key in a form body can only be read once the body is parsed, so
 * preValidation finishes the job — still before any route handler and before the idempotency
 * preHandler, which keys its records by the actor.
 */
export function registerAuthHooks(app: App, deps: AppDeps): void {
  app.decorateRequest('authSession', null);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.authSession = null;
    const key = apiKeyFromHeaders(request) ?? takeApiKeyField(request.query);
    if (key !== undefined) return actAsApiKey(request, deps, key);
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const resolved = await resolveSession(deps.database.db, token);
    if (!resolved) {
      // Expired, revoked or disabled: drop the dead cookie so the browser stops sending it.
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    request.authSession = resolved.session;
    request.ctx = { ...request.ctx, actor: resolved.actor };
  });

  app.addHook('preValidation', async (request: FastifyRequest) => {
    if (request.ctx.actor.kind !== 'apikey') {
      const key = takeApiKeyField(request.body);
      if (key !== undefined) return actAsApiKey(request, deps, key);
    }
    const session = request.authSession;
    if (!session) return;
    const route = request.routeOptions.url ?? '';
    if (UNSAFE_METHODS.has(request.method) && !CSRF_EXEMPT.has(route)) {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || !safeEqual(given, session.csrfToken)) throw PlatformErrors.CSRF_TOKEN_INVALID();
    }
    if (session.mustChangePassword && route.startsWith('/api/') && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(route)) {
      throw AuthErrors.AUTH_PASSWORD_CHANGE_REQUIRED();
    }
  });
}
