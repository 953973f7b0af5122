import { LoginBody, Me, Ok, PasswordChange } from '@zhili/contracts';
import type { App, AppDeps } from '../../platform/module.ts';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from './auth.engine.ts';
import { changePassword, getMe, login, logout } from './auth.service.ts';

/** Sign-in, sign-out, "who am I" and password change. */
export function registerAuthRoutes(app: App, deps: AppDeps): void {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.secureCookies,
  };

  app.post(
    '/api/auth/login',
    {
      schema: { body: LoginBody, response: { 200: Me }, tags: ['auth'], summary: '登录 / sign in' },
      // Per-IP brake on password guessing, on top of the per-account lockout.
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const result = await login(req.ctx, req.body, {
        userAgent: req.headers['user-agent'] ?? null,
        previousSessionHash: req.authSession?.idHash ?? null,
      });
      // The server enforces idle and absolute expiry; the cookie only needs to outlive them.
      void reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: SESSION_ABSOLUTE_MS / 1000 });
      return result.me;
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { response: { 200: Ok }, tags: ['auth'], summary: '退出登录 / sign out' } },
    async (req, reply) => {
      await logout(req.ctx, req.authSession);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { response: { 200: Me }, tags: ['auth'], summary: '当前用户 / the signed-in account' },
    },
    async (req) => getMe(req.ctx, req.authSession),
  );

  app.post(
    '/api/auth/password',
    {
      schema: { body: PasswordChange, response: { 200: Me }, tags: ['auth'], summary: '修改密码 / change password' },
      config: { access: 'authenticated', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req) => changePassword(req.ctx, req.authSession, req.body),
  );
}
