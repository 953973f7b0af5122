import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Account, Page, PasswordReset, RoleAssignment } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildRegions } from '../../../test/builders.ts';
import { systemCtx } from '../../platform/context.ts';
import { auditLog } from '../../platform/platform.table.ts';
import { createAccount } from './index.ts';

let t: TestApp;
let admin: Session;
let adminId: string;
/** township_staff over 吴兴区, the county of 妙西镇. */
let wuxingStaff: Session;

let seq = 0;
const uname = (p: string) => `${p}-user${++seq}`;

beforeAll(async () => {
  t = await buildTestApp();
  await buildRegions(t.db.db);
  const a = await buildAccount(t.db.db, { roles: [{ role: 'admin', regionCode: null }] });
  adminId = a.id;
  admin = await t.login(a.username);
  wuxingStaff = await t.login(
    (await buildAccount(t.db.db, { roles: [{ role: 'township_staff', regionCode: '330502' }] })).username,
  );
});
afterAll(async () => t.close());

async function create(as: Session, body: Record<string, unknown>) {
  return t.request(as, 'POST', '/api/accounts', { displayName: '测试', password: 'Passw0rd-new', ...body });
}

describe('accounts CRUD', () => {
  it('creates, reads, lists, renames and disables an account', async () => {
    const username = uname('gridworker');
    const res = await create(admin, {
      username,
      displayName: '张网格',
      phone: '13812345678',
      roles: [{ role: 'grid_worker', regionCode: '330502102' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const sut = res.json<Account>();
    expect(sut).toMatchObject({ username, displayName: '张网格', disabled: false, mustChangePassword: true });
    expect(sut.roles).toEqual([
      expect.objectContaining({
        role: 'grid_worker',
        regionCode: '330502102',
        regionName: '妙西镇',
        regionPath: '33/3305/330502/330502102',
      }),
    ]);
    // The admin holds pii.read everywhere and sees the number; the township staff sees it masked.
    expect(sut.person).toMatchObject({ name: '张网格', phone: '13812345678', regionCode: '330502102' });
    const seenByStaff = await t.request(wuxingStaff, 'GET', `/api/accounts/${sut.id}`);
    expect(seenByStaff.json<Account>().person?.phone).toBe('138****5678');

    expect((await t.request(admin, 'GET', `/api/accounts/${sut.id}`)).json<Account>().id).toBe(sut.id);
    const byName = (await t.request(admin, 'GET', '/api/accounts?q=张网')).json<Page<Account>>();
    expect(byName.items.map((a) => a.id)).toEqual([sut.id]);
    const byRole = (await t.request(admin, 'GET', '/api/accounts?role=grid_worker&region=330502')).json<
      Page<Account>
    >();
    expect(byRole.items.map((a) => a.id)).toContain(sut.id);
    const elsewhere = (await t.request(admin, 'GET', '/api/accounts?role=grid_worker&region=330503')).json<
      Page<Account>
    >();
    expect(elsewhere.items.map((a) => a.id)).not.toContain(sut.id);
    const page = (await t.request(admin, 'GET', '/api/accounts?pageSize=1&page=2')).json<Page<Account>>();
    expect(page).toMatchObject({ page: 2, pageSize: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(3);

    const user = await t.login(username, 'Passw0rd-new');
    const renamed = await t.request(admin, 'PATCH', `/api/accounts/${sut.id}`, { displayName: '张三' });
    expect(renamed.json<Account>().displayName).toBe('张三');
    const disabled = await t.request(admin, 'PATCH', `/api/accounts/${sut.id}`, { disabled: true });
    expect(disabled.json<Account>().disabled).toBe(true);
    expect((await t.request(user, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const onlyDisabled = (await t.request(admin, 'GET', '/api/accounts?disabled=true')).json<Page<Account>>();
    expect(onlyDisabled.items.map((a) => a.id)).toContain(sut.id);
    expect(onlyDisabled.items.every((a) => a.disabled)).toBe(true);

    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.entityId, sut.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['account.create', 'account.update']));
    const text = JSON.stringify(audit);
    expect(text).not.toContain('Passw0rd-new');
    expect(text).not.toContain('argon2');
    expect(text).not.toContain('13812345678');
  });

  it('refuses a duplicate username whatever its case', async () => {
    const username = uname('Dup');
    expect((await create(admin, { username })).statusCode).toBe(201);
    const res = await create(admin, { username: username.toLowerCase() });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ACCOUNT_USERNAME_TAKEN', details: [{ path: 'body.username' }] });
  });

  it('checks input: unknown region, unknown fields, weak password', async () => {
    const unknownRegion = await create(admin, {
      username: uname('r'),
      roles: [
        { role: 'resident', regionCode: '330502' },
        { role: 'resident', regionCode: '330599' },
      ],
    });
    expect(unknownRegion.statusCode).toBe(400);
    expect(unknownRegion.json()).toMatchObject({ details: [{ path: 'body.roles.1.regionCode' }] });
    const extra = await create(admin, { username: uname('x'), isAdmin: true });
    expect(extra.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const weak = await create(admin, { username: uname('w'), password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect((await t.request(admin, 'GET', '/api/accounts/not-a-uuid')).statusCode).toBe(400);
    const missing = await t.request(admin, 'GET', '/api/accounts/00000000-0000-4000-8000-000000000000');
    expect(missing.json()).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('resets a password to a temporary one that must be changed', async () => {
    const user = await buildAccount(t.db.db, { roles: [{ role: 'community_staff', regionCode: '330502102' }] });
    const live = await t.login(user.username);
    const res = await t.request(admin, 'POST', `/api/accounts/${user.id}/password-reset`);
    expect(res.statusCode).toBe(200);
    const { temporaryPassword } = res.json<PasswordReset>();
    expect(temporaryPassword).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{10,}$/);
    expect((await t.request(live, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const fresh = await t.login(user.username, temporaryPassword);
    expect((await t.request(fresh, 'GET', '/api/auth/me')).json()).toMatchObject({ mustChangePassword: true });
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'account.password_reset'));
    expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
  });

  it('adds and removes role assignments', async () => {
    const user = await buildAccount(t.db.db, { roles: [{ role: 'resident', regionCode: '330502102' }] });
    const added = await t.request(admin, 'POST', `/api/accounts/${user.id}/roles`, {
      role: 'mediator',
      regionCode: '330502',
    });
    expect(added.statusCode).toBe(201);
    const assignment = added.json<RoleAssignment>();
    expect(assignment).toMatchObject({ role: 'mediator', regionCode: '330502', regionName: '吴兴区' });
    const again = await t.request(admin, 'POST', `/api/accounts/${user.id}/roles`, {
      role: 'mediator',
      regionCode: '330502',
    });
    expect(again.json()).toMatchObject({ code: 'ACCOUNT_ROLE_DUPLICATE' });
    const removed = await t.request(admin, 'DELETE', `/api/accounts/${user.id}/roles/${assignment.id}`);
    expect(removed.json()).toEqual({ ok: true });
    const account = (await t.request(admin, 'GET', `/api/accounts/${user.id}`)).json<Account>();
    expect(account.roles.map((r) => r.role)).toEqual(['resident']);
    const gone = await t.request(admin, 'DELETE', `/api/accounts/${user.id}/roles/${assignment.id}`);
    expect(gone.json()).toMatchObject({ code: 'ACCOUNT_ROLE_NOT_FOUND' });
    const actions = await t.db.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, user.id));
    expect(actions.map((a) => a.action)).toEqual(['account.role_add', 'account.role_remove']);
  });

  it('never disables oneself nor loses the last unrestricted admin', async () => {
    const self = await t.request(admin, 'PATCH', `/api/accounts/${adminId}`, { disabled: true });
    expect(self.json()).toMatchObject({ code: 'ACCOUNT_CANNOT_DISABLE_SELF' });
    const account = (await t.request(admin, 'GET', `/api/accounts/${adminId}`)).json<Account>();
    const [globalAdmin] = account.roles;
    const last = await t.request(admin, 'DELETE', `/api/accounts/${adminId}/roles/${globalAdmin?.id}`);
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ code: 'ACCOUNT_LAST_ADMIN' });
  });

  it('replays a create retried with the same Idempotency-Key', async () => {
    const body = { username: uname('idem'), displayName: '幂等', password: 'Passw0rd-new' };
    const first = await t.request(admin, 'POST', '/api/accounts', body, { 'idempotency-key': 'create-once' });
    const second = await t.request(admin, 'POST', '/api/accounts', body, { 'idempotency-key': 'create-once' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json<Account>().id).toBe(first.json<Account>().id);
  });

  it('serves the CLI with a system context', async () => {
    const sut = await createAccount(systemCtx(t.db.db), {
      username: uname('cli'),
      displayName: 'CLI',
      password: 'Passw0rd-cli',
      roles: [{ role: 'admin' }],
    });
    expect(sut.roles).toEqual([expect.objectContaining({ role: 'admin', regionCode: null })]);
    await expect(
      createAccount(systemCtx(t.db.db), { username: 'x', displayName: 'x', password: 'Passw0rd-cli' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('scope', () => {
  it('keeps a township officer inside their county and below their own rights', async () => {
    const other = await create(wuxingStaff, {
      username: uname('s'),
      roles: [{ role: 'grid_worker', regionCode: '330503102' }],
    });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'OUT_OF_SCOPE', details: [{ path: 'body.roles.0.regionCode' }] });
    const adminGrant = await create(wuxingStaff, {
      username: uname('s'),
      roles: [{ role: 'admin', regionCode: '330502102' }],
    });
    expect(adminGrant.statusCode).toBe(403);
    expect(adminGrant.json()).toMatchObject({
      code: 'ACCOUNT_ROLE_NOT_GRANTABLE',
      details: [{ path: 'body.roles.0.role' }],
    });
    const stronger = await create(wuxingStaff, {
      username: uname('s'),
      roles: [{ role: 'dispatcher', regionCode: '330502102' }],
    });
    expect(stronger.json()).toMatchObject({ code: 'ACCOUNT_ROLE_NOT_GRANTABLE' });
    const global = await create(wuxingStaff, { username: uname('s'), roles: [{ role: 'resident', regionCode: null }] });
    expect(global.json()).toMatchObject({ code: 'ACCOUNT_ROLE_NOT_GRANTABLE' });
    const roleless = await create(wuxingStaff, { username: uname('s') });
    expect(roleless.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });

    const ok = await create(wuxingStaff, {
      username: uname('s'),
      roles: [{ role: 'grid_worker', regionCode: '330502102' }],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const id = ok.json<Account>().id;
    const promote = await t.request(wuxingStaff, 'POST', `/api/accounts/${id}/roles`, {
      role: 'leader',
      regionCode: '330502',
    });
    expect(promote.json()).toMatchObject({ code: 'ACCOUNT_ROLE_NOT_GRANTABLE' });
  });

  it('does not let a township officer take over a stronger account that shares their region', async () => {
    const leader = await buildAccount(t.db.db, {
      roles: [
        { role: 'grid_worker', regionCode: '330502102' },
        { role: 'leader', regionCode: '3305' },
      ],
    });
    const reset = await t.request(wuxingStaff, 'POST', `/api/accounts/${leader.id}/password-reset`);
    expect(reset.statusCode).toBe(403);
    expect(reset.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });
    const disable = await t.request(wuxingStaff, 'PATCH', `/api/accounts/${leader.id}`, { disabled: true });
    expect(disable.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });
    // Reading is allowed: one of its roles lies in the officer's county.
    expect((await t.request(wuxingStaff, 'GET', `/api/accounts/${leader.id}`)).statusCode).toBe(200);
  });

  it('lists to an account.read holder only the accounts inside their scope', async () => {
    const inWuxing = await buildAccount(t.db.db, { roles: [{ role: 'grid_worker', regionCode: '330502102' }] });
    const inNanxun = await buildAccount(t.db.db, { roles: [{ role: 'grid_worker', regionCode: '330503102' }] });
    const both = await buildAccount(t.db.db, {
      roles: [
        { role: 'grid_worker', regionCode: '330503102' },
        { role: 'mediator', regionCode: '330502' },
      ],
    });
    const roleless = await buildAccount(t.db.db);
    const reader = await t.login(
      (await buildAccount(t.db.db, { roles: [{ role: 'leader', regionCode: '330502' }] })).username,
    );

    const listed = (await t.request(reader, 'GET', '/api/accounts?pageSize=500')).json<Page<Account>>();
    const ids = listed.items.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining([inWuxing.id, both.id]));
    expect(ids).not.toContain(inNanxun.id);
    expect(ids).not.toContain(roleless.id);
    expect(ids).not.toContain(adminId);
    expect(listed.total).toBe(ids.length);
    for (const a of listed.items) expect(a.roles.some((r) => r.regionPath?.startsWith('33/3305/330502'))).toBe(true);

    const outside = await t.request(reader, 'GET', `/api/accounts/${inNanxun.id}`);
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });
    const write = await t.request(reader, 'PATCH', `/api/accounts/${inWuxing.id}`, { displayName: 'x' });
    expect(write.json()).toMatchObject({ code: 'FORBIDDEN' });

    const all = (await t.request(admin, 'GET', '/api/accounts?pageSize=500')).json<Page<Account>>();
    expect(all.items.map((a) => a.id)).toEqual(expect.arrayContaining([inNanxun.id, roleless.id, adminId]));
  });

  it('asks for a session or a key', async () => {
    const res = await t.request(null, 'GET', '/api/accounts');
    expect(res.statusCode).toBe(401);
    const count = await t.db.db.execute<{ n: number }>(sql`select count(*)::int as n from accounts`);
    expect(count.rows[0]?.n).toBeGreaterThan(0);
  });
});
