import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildRegions } from '../../../test/builders.ts';

describe('HTTP platform', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'root', roles: [{ role: 'admin', regionCode: null }] });
    admin = await t.login('root');
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers health and readiness', async () => {
    expect((await t.request(null, 'GET', '/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.request(null, 'GET', '/readyz')).statusCode).toBe(200);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.request(null, 'GET', '/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/auth/login');
  });

  it('gives unknown routes the one error body', async () => {
    const res = await t.request(null, 'GET', '/api/no-such-thing');
    expect(res.statusCode).toBe(404);
    const body = res.json<{ code: string; message: string; messageEn: string; details: unknown[] }>();
    expect(body.code).toBe('ROUTE_NOT_FOUND');
    expect(body.message.length).toBeGreaterThan(0);
    expect(body.messageEn.length).toBeGreaterThan(0);
    expect(body.details).toEqual([]);
  });

  it('refuses malformed JSON with 400 MALFORMED_BODY', async () => {
    const res = await t.request(null, 'POST', '/api/auth/login', '{"username": ', {
      'content-type': 'application/json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MALFORMED_BODY' });
  });

  it('refuses oversize bodies with 413', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    const res = await t.request(null, 'POST', '/api/auth/login', big, { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('refuses unknown fields and wrong types with field paths', async () => {
    const res = await t.request(admin, 'POST', '/api/organizations', {
      name: 7,
      type: 'department',
      regionCode: '330502',
      extra: 1,
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ code: string; details: { path: string }[] }>();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d) => d.path)).toEqual(expect.arrayContaining(['body.name']));
  });

  it('sets security headers and echoes request ids', async () => {
    const res = await t.request(null, 'GET', '/healthz', undefined, { 'x-request-id': 'abc-123' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('refuses anonymous callers on protected routes with 401', async () => {
    const res = await t.request(null, 'GET', '/api/accounts');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  describe('Idempotency-Key', () => {
    const body = { name: '妙西镇综合治理办', type: 'department', regionCode: '330502102' };

    it('replays the first response for the same key and body, and writes once', async () => {
      const headers = { 'idempotency-key': 'org-create-1' };
      const first = await t.request(admin, 'POST', '/api/organizations', body, headers);
      const second = await t.request(admin, 'POST', '/api/organizations', body, headers);
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.json()).toEqual(first.json());
      const rows = await t.db.db.execute<{ n: number }>(
        sql`select count(*)::int as n from organizations where name = ${body.name}`,
      );
      expect(rows.rows[0]?.n).toBe(1);
    });

    it('refuses the same key with a different body (422)', async () => {
      const res = await t.request(
        admin,
        'POST',
        '/api/organizations',
        { ...body, name: '别的名字' },
        {
          'idempotency-key': 'org-create-1',
        },
      );
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('writes once when the same key arrives concurrently', async () => {
      const headers = { 'idempotency-key': 'org-create-concurrent' };
      const b = { ...body, name: '并发测试组织' };
      const results = await Promise.all(
        Array.from({ length: 5 }, () => t.request(admin, 'POST', '/api/organizations', b, headers)),
      );
      expect(results.filter((r) => r.statusCode === 201).length).toBeGreaterThanOrEqual(1);
      for (const r of results) expect([201, 409]).toContain(r.statusCode);
      const rows = await t.db.db.execute<{ n: number }>(
        sql`select count(*)::int as n from organizations where name = ${b.name}`,
      );
      expect(rows.rows[0]?.n).toBe(1);
    });
  });
});
