import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Me } from '@zhili/contracts';
import { buildTestApp, TEST_PASSWORD, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildRegions } from '../../../test/builders.ts';
import { accounts, sessions } from '../../platform/db/schema.ts';
import { auditLog } from '../../platform/platform.table.ts';
import { tokenHash } from './auth.engine.ts';

let t: TestApp;
let adminName: string;

beforeAll(async () => {
  t = await buildTestApp();
  await buildRegions(t.db.db);
  adminName = (await buildAccount(t.db.db, { roles: [{ role: 'admin', regionCode: null }] })).username;
});
afterAll(async () => t.close());

/** Each test signs in from its own address so the per-IP login limit of one test never hits another. */
let ipSeq = 1;
const nextIp = () => `10.0.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;

function loginAs(username: string, password = TEST_PASSWORD, remoteAddress = nextIp()) {
  return t.sut.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
}

describe('login, me and logout', () => {
  it('signs in with a secure cookie, answers me, and signs out', async () => {
    const user = await buildAccount(t.db.db, { roles: [{ role: 'township_staff', regionCode: '330502102' }] });
    const res = await loginAs(user.username.toUpperCase());
    expect(res.statusCode).toBe(200);
    const me = res.json<Me>();
    expect(me).toMatchObject({ id: user.id, username: user.username, mustChangePassword: false });
    expect(me.roles).toEqual([
      expect.objectContaining({ role: 'township_staff', regionCode: '330502102', regionName: '妙西镇' }),
    ]);
    expect(me.permissions).toContain('account.read');
    expect(me.permissions).not.toContain('pii.read');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/zhili_session=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);

    const cookie = res.cookies.find((c) => c.name === 'zhili_session');
    expect(cookie).toBeDefined();
    // Only the hash of the token is stored: a copy of the database is not a login.
    const [stored] = await t.db.db.select().from(sessions).where(eq(sessions.accountId, user.id));
    expect(stored?.idHash).toBe(tokenHash(cookie?.value ?? ''));
    expect(stored?.csrfToken).toBe(me.csrfToken);

    const session = { cookie: `zhili_session=${cookie?.value}`, csrf: me.csrfToken };
    const meRes = await t.request(session, 'GET', '/api/auth/me');
    expect(meRes.statusCode).toBe(200);
    expect(meRes.json<Me>().csrfToken).toBe(me.csrfToken);

    const out = await t.request(session, 'POST', '/api/auth/logout');
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/zhili_session=;/);
    const after = await t.request(session, 'GET', '/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'UNAUTHENTICATED' });

    const actions = await t.db.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, user.id));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.login', 'auth.logout']));
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const user = await buildAccount(t.db.db);
    const wrong = await loginAs(user.username, 'not-the-password1');
    const unknown = await loginAs('nobody-here', 'not-the-password1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect({ ...unknown.json(), requestId: null }).toEqual({ ...wrong.json(), requestId: null });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('answers me with 401 without a session, and ignores a forged cookie', async () => {
    expect((await t.request(null, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const forged = await t.request({ cookie: 'zhili_session=forged', csrf: 'x' }, 'GET', '/api/auth/me');
    expect(forged.statusCode).toBe(401);
    expect(String(forged.headers['set-cookie'])).toMatch(/zhili_session=;/);
  });

  it('refuses unknown fields in the login body', async () => {
    const res = await t.sut.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'a', password: 'b', admin: true },
      remoteAddress: nextIp(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated writes without the token and accepts them with it', async () => {
    const session = await t.login(adminName);
    const body = { name: 'csrf probe', role: 'resident', regionCode: '330502' };
    const missing = await t.request(session, 'POST', '/api/apikeys', body, { 'x-csrf-token': '' });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    const wrong = await t.request(session, 'POST', '/api/apikeys', body, { 'x-csrf-token': `${session.csrf}x` });
    expect(wrong.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    const other = await t.login(adminName);
    const crossed = await t.request(session, 'POST', '/api/apikeys', body, { 'x-csrf-token': other.csrf });
    expect(crossed.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    const ok = await t.request(session, 'POST', '/api/apikeys', body);
    expect(ok.statusCode).toBe(201);
    // Reads need no token.
    const read = await t.request(session, 'GET', '/api/apikeys', undefined, { 'x-csrf-token': '' });
    expect(read.statusCode).toBe(200);
  });
});

describe('lockout', () => {
  it('locks after five failures and unlocks when the time has passed', async () => {
    const user = await buildAccount(t.db.db);
    for (let i = 1; i <= 4; i += 1) {
      expect((await loginAs(user.username, 'wrong-password-1')).statusCode).toBe(401);
    }
    const fifth = await loginAs(user.username, 'wrong-password-1');
    expect(fifth.statusCode).toBe(423);
    const body = fifth.json<{ code: string; details: { path: string; message: string }[] }>();
    expect(body.code).toBe('AUTH_ACCOUNT_LOCKED');
    const until = new Date(body.details.find((d) => d.path === 'lockedUntil')?.message ?? '');
    expect(until.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(until.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    // Even the right password is refused while locked.
    expect((await loginAs(user.username)).statusCode).toBe(423);

    await t.db.db
      .update(accounts)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(accounts.id, user.id));
    expect((await loginAs(user.username)).statusCode).toBe(200);
    const [row] = await t.db.db.select().from(accounts).where(eq(accounts.id, user.id));
    expect(row).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(row?.lastLoginAt).not.toBeNull();

    const failures = await t.db.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(sql`${auditLog.action} = 'auth.login_failed' and ${auditLog.entityId} = ${user.id}`);
    expect(failures).toHaveLength(6);
    expect(JSON.stringify(failures)).not.toContain('wrong-password-1');
  });

  it('counts only consecutive failures', async () => {
    const user = await buildAccount(t.db.db);
    for (let i = 0; i < 4; i += 1) await loginAs(user.username, 'wrong-password-1');
    expect((await loginAs(user.username)).statusCode).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await loginAs(user.username, 'wrong-password-1')).statusCode).toBe(401);
  });
});

describe('rate limit', () => {
  it('allows 20 login attempts a minute per address, then answers RATE_LIMITED', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 20; i += 1) {
      expect((await loginAs(`nobody${i}`, 'whatever-1', ip)).statusCode).toBe(401);
    }
    const limited = await loginAs(adminName, TEST_PASSWORD, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    // Another address is unaffected.
    expect((await loginAs(adminName)).statusCode).toBe(200);
  });
});

describe('disabled accounts', () => {
  it('refuses sign-in only once the password is proven', async () => {
    const user = await buildAccount(t.db.db, { disabled: true });
    expect((await loginAs(user.username, 'wrong-password-1')).json()).toMatchObject({
      code: 'AUTH_INVALID_CREDENTIALS',
    });
    const res = await loginAs(user.username);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'AUTH_ACCOUNT_DISABLED' });
  });

  it('ends a live session at once when the account is disabled', async () => {
    const user = await buildAccount(t.db.db);
    const session = await t.login(user.username);
    expect((await t.request(session, 'GET', '/api/auth/me')).statusCode).toBe(200);
    await t.db.db.update(accounts).set({ disabled: true }).where(eq(accounts.id, user.id));
    expect((await t.request(session, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });
});

describe('session expiry', () => {
  it('refuses an expired session and slides the idle expiry of a live one', async () => {
    const user = await buildAccount(t.db.db);
    const session = await t.login(user.username);
    const idHash = tokenHash(session.cookie.split('=')[1] ?? '');
    await t.db.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '2 hours'`, expiresAt: sql`now() + interval '10 hours'` })
      .where(eq(sessions.idHash, idHash));
    expect((await t.request(session, 'GET', '/api/auth/me')).statusCode).toBe(200);
    const [slid] = await t.db.db.select().from(sessions).where(eq(sessions.idHash, idHash));
    expect((slid?.expiresAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(11.9 * 3600_000);

    // The absolute limit wins over activity.
    await t.db.db
      .update(sessions)
      .set({
        createdAt: sql`now() - interval '7 days' + interval '1 hour'`,
        lastSeenAt: sql`now() - interval '1 hour'`,
      })
      .where(eq(sessions.idHash, idHash));
    await t.request(session, 'GET', '/api/auth/me');
    const [capped] = await t.db.db.select().from(sessions).where(eq(sessions.idHash, idHash));
    expect((capped?.expiresAt.getTime() ?? 0) - Date.now()).toBeLessThan(1.01 * 3600_000);

    await t.db.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.idHash, idHash));
    expect((await t.request(session, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });
});

describe('password change', () => {
  it('changes the password, clears mustChangePassword and signs out the other sessions', async () => {
    const user = await buildAccount(t.db.db);
    await t.db.db.update(accounts).set({ mustChangePassword: true }).where(eq(accounts.id, user.id));
    const mine = await t.login(user.username);
    const other = await t.login(user.username);

    const wrong = await t.request(mine, 'POST', '/api/auth/password', {
      currentPassword: 'not-it-12345',
      newPassword: 'NewPassw0rd-1',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      code: 'AUTH_CURRENT_PASSWORD_WRONG',
      details: [{ path: 'body.currentPassword' }],
    });
    const weak = await t.request(mine, 'POST', '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
    });
    expect(weak.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(weak.json<{ details: { path: string }[] }>().details.map((d) => d.path)).toContain('body.newPassword');

    const res = await t.request(mine, 'POST', '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'NewPassw0rd-1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Me>().mustChangePassword).toBe(false);
    expect((await t.request(mine, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await t.request(other, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await loginAs(user.username)).statusCode).toBe(401);
    expect((await loginAs(user.username, 'NewPassw0rd-1')).statusCode).toBe(200);

    const [entry] = await t.db.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'auth.password_change' and ${auditLog.entityId} = ${user.id}`);
    expect(entry?.after).toEqual({ mustChangePassword: false, otherSessionsRevoked: 1 });
    expect(JSON.stringify(entry)).not.toContain('NewPassw0rd-1');
  });

  it('keeps an account with a temporary password to me, password and logout', async () => {
    const user = await buildAccount(t.db.db, { roles: [{ role: 'leader', regionCode: '330502' }] });
    await t.db.db.update(accounts).set({ mustChangePassword: true }).where(eq(accounts.id, user.id));
    const session = await t.login(user.username);
    const blocked = await t.request(session, 'GET', '/api/accounts');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'AUTH_PASSWORD_CHANGE_REQUIRED' });
    expect((await t.request(session, 'GET', '/api/auth/me')).json<Me>().mustChangePassword).toBe(true);
    await t.request(session, 'POST', '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'Changed-pass-2',
    });
    expect((await t.request(session, 'GET', '/api/accounts')).statusCode).toBe(200);
  });
});
