import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { ApiKey, ApiKeyCreated, Page } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildRegions } from '../../../test/builders.ts';
import { systemCtx } from '../../platform/context.ts';
import { apiKeys } from '../../platform/db/schema.ts';
import { auditLog } from '../../platform/platform.table.ts';
import { tokenHash } from './auth.engine.ts';
import { createApiKey } from './index.ts';
import { API_KEY_CACHE_MS, resolveApiKey } from './actor.service.ts';

let t: TestApp;
let admin: Session;
let countyAdmin: Session;

beforeAll(async () => {
  t = await buildTestApp();
  await buildRegions(t.db.db);
  admin = await t.login((await buildAccount(t.db.db, { roles: [{ role: 'admin', regionCode: null }] })).username);
  countyAdmin = await t.login(
    (await buildAccount(t.db.db, { roles: [{ role: 'admin', regionCode: '330502' }] })).username,
  );
});
afterAll(async () => t.close());

async function newKey(body: object, as: Session = admin): Promise<ApiKeyCreated> {
  const res = await t.request(as, 'POST', '/api/apikeys', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<ApiKeyCreated>();
}

const noCookie = null;

describe('API keys', () => {
  it('shows a new key once and stores only its hash', async () => {
    const sut = await newKey({ name: 'Open311 app', role: 'township_staff', regionCode: '330502' });
    expect(sut.key).toMatch(/^zk_[\w-]{43}$/);
    expect(sut.prefix).toBe(sut.key.slice(0, 10));
    expect(sut).toMatchObject({ name: 'Open311 app', role: 'township_staff', regionCode: '330502', revokedAt: null });
    const [row] = await t.db.db.select().from(apiKeys).where(eq(apiKeys.id, sut.id));
    expect(row?.keyHash).toBe(tokenHash(sut.key));
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.entityId, sut.id));
    expect(audit.map((a) => a.action)).toEqual(['apikey.create']);
    expect(JSON.stringify(audit)).not.toContain(sut.key);
    const listed = await t.request(admin, 'GET', '/api/apikeys?q=open311');
    expect(JSON.stringify(listed.json())).not.toContain(sut.key);
  });

  it('authenticates by Bearer, X-Api-Key, api_key query and api_key form field, with no CSRF token', async () => {
    const { key, id } = await newKey({ name: 'feeds', role: 'admin', regionCode: null });
    const bearer = await t.request(noCookie, 'GET', '/api/apikeys', undefined, { authorization: `Bearer ${key}` });
    expect(bearer.statusCode).toBe(200);
    const header = await t.request(noCookie, 'GET', '/api/apikeys', undefined, { 'x-api-key': key });
    expect(header.statusCode).toBe(200);
    // The query field is consumed by authentication, so the strict list schema does not see it.
    const query = await t.request(noCookie, 'GET', `/api/apikeys?api_key=${encodeURIComponent(key)}&pageSize=5`);
    expect(query.statusCode).toBe(200);
    expect(query.json<Page<ApiKey>>().pageSize).toBe(5);
    const form = await t.sut.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        username: 'from-form',
        displayName: '表单',
        password: 'Form-passw0rd',
        api_key: key,
      }).toString(),
    });
    expect(form.statusCode, form.body).toBe(201);

    const [row] = await t.db.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row?.lastUsedAt).not.toBeNull();
    const [created] = await t.db.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'account.create'`);
    expect(created?.actorName).toBe('apikey:feeds');
  });

  it('refuses unknown and malformed keys with 401', async () => {
    const attempts: Record<string, string>[] = [
      { authorization: 'Bearer zk_nope' },
      { authorization: 'Bearer abc' },
      { 'x-api-key': 'zk_x' },
    ];
    for (const headers of attempts) {
      const res = await t.request(noCookie, 'GET', '/api/apikeys', undefined, headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'AUTH_API_KEY_INVALID' });
    }
  });

  it('stops a key at once when it is revoked', async () => {
    const { key, id } = await newKey({ name: 'to revoke', role: 'leader', regionCode: '330502' });
    const auth = { authorization: `Bearer ${key}` };
    expect((await t.request(noCookie, 'GET', '/api/accounts', undefined, auth)).statusCode).toBe(200);
    const revoked = await t.request(admin, 'DELETE', `/api/apikeys/${id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toEqual({ ok: true });
    expect((await t.request(noCookie, 'GET', '/api/accounts', undefined, auth)).statusCode).toBe(401);
    expect((await t.request(admin, 'DELETE', `/api/apikeys/${id}`)).statusCode).toBe(200);
    const listed = await t.request(admin, 'GET', '/api/apikeys?revoked=true&pageSize=100');
    expect(listed.json<Page<ApiKey>>().items.find((k) => k.id === id)?.revokedAt).not.toBeNull();
    const missing = await t.request(admin, 'DELETE', '/api/apikeys/00000000-0000-4000-8000-000000000000');
    expect(missing.json()).toMatchObject({ code: 'APIKEY_NOT_FOUND' });
  });

  it('stops honouring a key revoked by another process once its cache time has passed', async () => {
    const { key, id } = await newKey({ name: 'revoked elsewhere', role: 'leader', regionCode: '330502' });
    const now = new Date();
    expect((await resolveApiKey(t.db.db, key, now))?.id).toBe(id);
    // Another process revokes it: this one cannot know, so it trusts its cache for a few seconds.
    await t.db.db.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id));
    expect((await resolveApiKey(t.db.db, key, new Date(now.getTime() + 1000)))?.id).toBe(id);
    expect(await resolveApiKey(t.db.db, key, new Date(now.getTime() + API_KEY_CACHE_MS + 1))).toBeNull();
  });

  it('keeps key scopes within the creator own scope', async () => {
    const admin1 = await t.request(countyAdmin, 'POST', '/api/apikeys', {
      name: 'x',
      role: 'admin',
      regionCode: '330502',
    });
    expect(admin1.statusCode).toBe(403);
    expect(admin1.json()).toMatchObject({ code: 'APIKEY_ROLE_NOT_GRANTABLE' });
    const global = await t.request(countyAdmin, 'POST', '/api/apikeys', {
      name: 'x',
      role: 'resident',
      regionCode: null,
    });
    expect(global.json()).toMatchObject({ code: 'APIKEY_ROLE_NOT_GRANTABLE' });
    const elsewhere = await t.request(countyAdmin, 'POST', '/api/apikeys', {
      name: 'x',
      role: 'resident',
      regionCode: '330503',
    });
    expect(elsewhere.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });
    const unknown = await t.request(countyAdmin, 'POST', '/api/apikeys', {
      name: 'x',
      role: 'resident',
      regionCode: '330599',
    });
    expect(unknown.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body.regionCode' }] });

    const mine = await newKey({ name: 'county feed', role: 'dispatcher', regionCode: '330502102' }, countyAdmin);
    const theirs = await newKey({ name: 'other county', role: 'resident', regionCode: '330503' });
    const listed = (await t.request(countyAdmin, 'GET', '/api/apikeys?pageSize=100')).json<Page<ApiKey>>();
    expect(listed.items.map((k) => k.id)).toContain(mine.id);
    expect(listed.items.map((k) => k.id)).not.toContain(theirs.id);
    expect(listed.items.every((k) => k.regionCode?.startsWith('330502'))).toBe(true);
    const revokeOther = await t.request(countyAdmin, 'DELETE', `/api/apikeys/${theirs.id}`);
    expect(revokeOther.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });
  });

  it('needs apikey.manage', async () => {
    const staff = await t.login(
      (await buildAccount(t.db.db, { roles: [{ role: 'township_staff', regionCode: '330502102' }] })).username,
    );
    expect((await t.request(staff, 'GET', '/api/apikeys')).json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.request(null, 'GET', '/api/apikeys')).json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('creates keys from the CLI with a system context, validating the input', async () => {
    const sut = await createApiKey(systemCtx(t.db.db), { name: 'cli', role: 'resident' });
    expect(sut).toMatchObject({ name: 'cli', role: 'resident', regionCode: null });
    await expect(createApiKey(systemCtx(t.db.db), { name: '', role: 'resident' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
