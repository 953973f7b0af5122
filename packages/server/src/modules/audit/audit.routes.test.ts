import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerifyResult, ErrorBody, Page } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildRegions, type BuiltAccount } from '../../../test/builders.ts';
import { recordAudit, sealAudit } from '../../platform/audit.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';

let t: TestApp;
let admin: Session;
let leader: Session;
let worker: Session;
let miaoxi: BuiltAccount;
let lianshi: BuiltAccount;

function actingAs(a: BuiltAccount): Ctx {
  return {
    db: t.db.db,
    actor: { kind: 'account', id: a.id, name: a.username, grants: [] },
    requestId: 'r1',
    ip: '10.0.0.1',
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  await buildRegions(t.db.db);
  await buildAccount(t.db.db, { username: 'audit_admin', roles: [{ role: 'admin', regionCode: null }] });
  // A leader of 吴兴区 oversees 妙西镇's grid worker but not 练市镇's (南浔区).
  await buildAccount(t.db.db, { username: 'wuxing_leader', roles: [{ role: 'leader', regionCode: '330502' }] });
  miaoxi = await buildAccount(t.db.db, {
    username: 'miaoxi_worker',
    roles: [{ role: 'grid_worker', regionCode: '330502102' }],
  });
  lianshi = await buildAccount(t.db.db, {
    username: 'lianshi_worker',
    roles: [{ role: 'grid_worker', regionCode: '330503102' }],
  });
  admin = await t.login('audit_admin');
  leader = await t.login('wuxing_leader');
  worker = await t.login('miaoxi_worker');

  await recordAudit(actingAs(miaoxi), t.db.db, {
    action: 'incident.create',
    entity: 'incident',
    entityId: 'I-1',
    after: { title: '噪音扰民' },
  });
  await recordAudit(actingAs(miaoxi), t.db.db, { action: 'incident.resolve', entity: 'incident', entityId: 'I-1' });
  await recordAudit(actingAs(lianshi), t.db.db, { action: 'incident.create', entity: 'incident', entityId: 'I-2' });
  await recordAudit(systemCtx(t.db.db), t.db.db, { action: 'region.import', entity: 'region', after: { imported: 6 } });
  while ((await sealAudit(t.db.db)) > 0);
});
afterAll(async () => {
  await t.close();
});

async function list(session: Session, query = ''): Promise<Page<AuditEntry>> {
  const res = await t.request(session, 'GET', `/api/audit${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page<AuditEntry>>();
}

describe('GET /api/audit', () => {
  it('an unrestricted reader sees every entry, newest first, sealed and paginated', async () => {
    const page = await list(admin, '?entity=incident&pageSize=2');
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    expect(page.items.map((e) => e.entityId)).toEqual(['I-2', 'I-1']);
    expect(page.items[0]).toMatchObject({ actorName: 'lianshi_worker', action: 'incident.create', ip: '10.0.0.1' });
    expect(page.items.every((e) => typeof e.seq === 'number')).toBe(true);
    const second = await list(admin, '?entity=incident&pageSize=2&page=2');
    expect(second.items.map((e) => e.action)).toEqual(['incident.create']);
    expect(second.items[0]?.after).toEqual({ title: '噪音扰民' });
  });

  it('filters by actor name, action prefix, entity id, free text and time range', async () => {
    expect((await list(admin, '?actor=miaoxi&entity=incident')).items.map((e) => e.action)).toEqual([
      'incident.resolve',
      'incident.create',
    ]);
    expect((await list(admin, '?actor=MIAOXI')).items.map((e) => e.actorName)).toContain('miaoxi_worker');
    expect((await list(admin, '?action=incident.')).total).toBe(3);
    expect((await list(admin, '?action=incident.res')).total).toBe(1);
    // `_` and `%` are literal, not wildcards.
    expect((await list(admin, '?action=incident_')).total).toBe(0);
    expect((await list(admin, '?entityId=I-2')).items.map((e) => e.actorName)).toEqual(['lianshi_worker']);
    expect((await list(admin, '?q=region.imp')).items.map((e) => e.actorName)).toEqual(['system']);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await list(admin, `?entity=incident&from=${encodeURIComponent(future)}`)).total).toBe(0);
    expect((await list(admin, `?entity=incident&to=${encodeURIComponent(future)}`)).total).toBe(3);
  });

  it('a reader scoped to a county sees what accounts holding roles there did, nothing else', async () => {
    const page = await list(leader, '?entity=incident');
    expect(page.items.map((e) => e.actorName)).toEqual(['miaoxi_worker', 'miaoxi_worker']);
    expect((await list(leader, '?entity=region')).total).toBe(0);
  });

  it('refuses callers without audit.read, anonymous callers and bad queries', async () => {
    const forbidden = await t.request(worker, 'GET', '/api/audit');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json<ErrorBody>().code).toBe('FORBIDDEN');
    expect((await t.request(null, 'GET', '/api/audit')).statusCode).toBe(401);
    const unknownField = await t.request(admin, 'GET', '/api/audit?colour=red');
    expect(unknownField.statusCode).toBe(400);
    const range = await t.request(admin, 'GET', '/api/audit?from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z');
    expect(range.statusCode).toBe(400);
    expect(range.json<ErrorBody>()).toMatchObject({
      code: 'AUDIT_RANGE_INVALID',
      details: [{ path: 'querystring.from' }],
    });
    const badDate = await t.request(admin, 'GET', '/api/audit?from=yesterday');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json<ErrorBody>().details[0]?.path).toBe('querystring.from');
  });
});

describe('GET /api/audit/verify', () => {
  it('reports the chain intact to an admin', async () => {
    const res = await t.request(admin, 'GET', '/api/audit/verify');
    expect(res.statusCode).toBe(200);
    const report = res.json<AuditVerifyResult>();
    expect(report.ok).toBe(true);
    expect(report.firstTampered).toBeNull();
    expect(report.checked + report.unsealed).toBeGreaterThanOrEqual(4);
  });

  it('is for admins only: audit.read is not enough', async () => {
    const res = await t.request(leader, 'GET', '/api/audit/verify');
    expect(res.statusCode).toBe(403);
  });
});
