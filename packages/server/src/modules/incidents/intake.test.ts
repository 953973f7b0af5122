import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ErrorBody, IntakeReceipt } from '@zhili/contracts';
import type { Ctx } from '../../platform/context.ts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import {
  buildAccount,
  buildDispatchRule,
  buildIncidentCategory,
  buildIncidentRegions,
  buildIntake,
  type BuiltAccount,
} from '../../../test/builders.ts';
import { incidentPrefixes } from './incidents.table.ts';
import { intakeStats, submitIncident } from './intake.service.ts';
import { invalidateIncidentConfig } from './intake.cache.ts';

let t: TestApp;
let resident: Session;
let residentAccount: BuiltAccount;
let gridWorker: BuiltAccount;
let manual: string;
let auto: string;

function ctxOf(account: BuiltAccount, grants: Ctx['actor']['grants']): Ctx {
  return {
    db: t.db.db,
    actor: { kind: 'account', id: account.id, name: account.username, grants },
    requestId: null,
    ip: null,
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.db.db;
  await buildIncidentRegions(db);
  residentAccount = await buildAccount(db, {
    username: 'resident1',
    roles: [{ role: 'resident', regionCode: '330502' }],
  });
  gridWorker = await buildAccount(db, {
    username: 'gw1',
    roles: [{ role: 'grid_worker', regionCode: '330502102201-G01' }],
  });
  manual = await buildIncidentCategory(db, { code: 'noise', nameZh: '噪音扰民' });
  auto = await buildIncidentCategory(db, { code: 'hazard', nameZh: '安全隐患' });
  await buildDispatchRule(db, { categoryCode: 'hazard', handlingLevel: 'grid', autoDispatch: true });
  await db.insert(incidentPrefixes).values({ regionCode: '330502', prefix: 'WX' });
  await invalidateIncidentConfig();
  resident = await t.login('resident1');
});

afterAll(async () => {
  await t.close();
});

describe('POST /api/incidents', () => {
  it('files an incident: number, clocks, timeline, audit, encrypted reporter', async () => {
    const res = await t.request(resident, 'POST', '/api/incidents', buildIntake(manual));
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json<IntakeReceipt>();
    expect(receipt.number).toMatch(/^WX-\d{4}-\d{6}$/);
    expect(receipt.status).toBe('received');
    expect(receipt.trackingCode).toMatch(/^[A-Z2-9]{10}$/);

    const db = t.db.db;
    const row = (
      await db.execute<{
        tracking_hash: string;
        reporter_phone_enc: Buffer;
        reporter_phone_index: string;
        region_path: string;
      }>(
        sql`select tracking_hash, reporter_phone_enc, reporter_phone_index, region_path from incidents where id = ${receipt.id}`,
      )
    ).rows[0]!;
    expect(row.tracking_hash).toBe(createHash('sha256').update(receipt.trackingCode).digest('hex'));
    expect(row.region_path).toBe('33/3305/330502/330502102/330502102201/330502102201-G01');
    expect(t.deps.pii.decrypt(row.reporter_phone_enc)).toBe('13812341234');
    expect(row.reporter_phone_index).toBe(t.deps.pii.blindIndex('phone', '13812341234'));

    const clocks = await db.execute<{ kind: string; state: string }>(
      sql`select kind, state from incident_clocks where incident_id = ${receipt.id} order by kind`,
    );
    expect(clocks.rows).toEqual([
      { kind: 'dispatch', state: 'running' },
      { kind: 'respond', state: 'running' },
    ]);
    const events = await db.execute<{ action: string }>(
      sql`select action from incident_events where incident_id = ${receipt.id}`,
    );
    expect(events.rows.map((e) => e.action)).toEqual(['receive']);
    const audit = await db.execute<{ action: string; after: Record<string, unknown> }>(
      sql`select action, after from audit_log where entity = 'incident' and entity_id = ${receipt.id}`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.after.number).toBe(receipt.number);
    expect(JSON.stringify(audit.rows[0]!.after)).not.toContain('1381234');
  });

  it('auto-dispatches when a rule matches: clocks met at intake, the grid worker is notified', async () => {
    const res = await t.request(resident, 'POST', '/api/incidents', buildIntake(auto));
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json<IntakeReceipt>();
    expect(receipt.status).toBe('dispatched');
    const db = t.db.db;
    const inc = (
      await db.execute<{ assignee_region_code: string; handling_level: string }>(
        sql`select assignee_region_code, handling_level from incidents where id = ${receipt.id}`,
      )
    ).rows[0]!;
    expect(inc).toEqual({ assignee_region_code: '330502102201-G01', handling_level: 'grid' });
    const clocks = await db.execute<{ kind: string; state: string }>(
      sql`select kind, state from incident_clocks where incident_id = ${receipt.id} order by kind`,
    );
    expect(clocks.rows).toEqual([
      { kind: 'dispatch', state: 'met' },
      { kind: 'on_site', state: 'running' },
      { kind: 'resolve', state: 'running' },
      { kind: 'respond', state: 'met' },
    ]);
    const outbox = await db.execute<{ target: string }>(
      sql`select target from outbox where payload->>'link' = ${`/incidents/${receipt.id}`}`,
    );
    expect(outbox.rows.map((r) => r.target)).toEqual([`account:${gridWorker.id}`]);
  });

  it('refuses unknown categories and regions with a path', async () => {
    const bad = await t.request(resident, 'POST', '/api/incidents', buildIntake('nope'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>()).toMatchObject({
      code: 'INCIDENT_UNKNOWN_CATEGORY',
      details: [{ path: 'body.categoryCode' }],
    });
    const region = await t.request(
      resident,
      'POST',
      '/api/incidents',
      buildIntake(manual, { location: { address: null, lat: null, lng: null, regionCode: '999' } }),
    );
    expect(region.statusCode).toBe(400);
    expect(region.json<ErrorBody>().details[0]!.path).toBe('body.location.regionCode');
    const strict = await t.request(resident, 'POST', '/api/incidents', { ...buildIntake(manual), extra: 1 });
    expect(strict.statusCode).toBe(400);
    const nul = await t.request(resident, 'POST', '/api/incidents', buildIntake(manual, { description: 'a\u0000b' }));
    expect(nul.statusCode).toBe(400);
  });

  it("files a report with no place under the reporter's own region, unless anonymous", async () => {
    const nowhere = { address: '不知道在哪', lat: null, lng: null, regionCode: null };
    const own = await t.request(resident, 'POST', '/api/incidents', buildIntake(manual, { location: nowhere }));
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json<IntakeReceipt>().number).toMatch(/^WX-/);
    const anonymous = await t.request(
      resident,
      'POST',
      '/api/incidents',
      buildIntake(manual, {
        location: nowhere,
        reporter: { name: null, phone: null, email: null, anonymous: true },
      }),
    );
    expect(anonymous.json<IntakeReceipt>().number).toMatch(/^ZL-/);
    const regions = await t.db.db.execute<{ number: string; region_code: string | null }>(
      sql`select number, region_code from incidents where id in (${own.json<IntakeReceipt>().id}, ${anonymous.json<IntakeReceipt>().id}) order by number`,
    );
    expect(regions.rows.map((r) => r.region_code).sort()).toEqual(['330502', null].sort());
  });

  it('drops the identity of an anonymous reporter', async () => {
    const body = buildIntake(manual, {
      reporter: { name: '李四', phone: '13900000000', email: null, anonymous: true },
    });
    const receipt = (await t.request(resident, 'POST', '/api/incidents', body)).json<IntakeReceipt>();
    const row = (
      await t.db.db.execute<{ n: Buffer | null; p: Buffer | null }>(
        sql`select reporter_name_enc as n, reporter_phone_enc as p from incidents where id = ${receipt.id}`,
      )
    ).rows[0]!;
    expect(row).toEqual({ n: null, p: null });
  });

  it('suggests open duplicates of the same category in the same grid', async () => {
    const first = (await t.request(resident, 'POST', '/api/incidents', buildIntake(manual))).json<IntakeReceipt>();
    const second = (await t.request(resident, 'POST', '/api/incidents', buildIntake(manual))).json<IntakeReceipt>();
    expect(second.possibleDuplicates.map((d) => d.id)).toContain(first.id);
    const res = await t.request(
      resident,
      'GET',
      `/api/incidents/duplicates?categoryCode=${manual}&regionCode=330502102201-G01`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ id: string }[]>().map((d) => d.id)).toContain(first.id);
  });
});

describe('group commit', () => {
  it('commits many concurrent intakes in few transactions with gap-free serials', async () => {
    const ctx = ctxOf(residentAccount, [
      { role: 'resident', regionPath: '33/3305/330502', regionCode: '330502', organizationId: null },
    ]);
    const before = intakeStats(t.db.db);
    const startBatches = before.count;
    const receipts = await Promise.all(Array.from({ length: 300 }, () => submitIncident(ctx, buildIntake(manual))));
    const serials = receipts.map((r) => Number(r.number.slice(-6))).sort((a, b) => a - b);
    expect(new Set(serials).size).toBe(300);
    expect(serials[serials.length - 1]! - serials[0]! + 1).toBe(300);
    expect(intakeStats(t.db.db).count - startBatches).toBeLessThan(30);
    const n = await t.db.db.execute<{ n: number }>(
      sql`select count(*)::int as n from incidents where id = any(${sql.param(receipts.map((r) => r.id))}::uuid[])`,
    );
    expect(n.rows[0]!.n).toBe(300);
  });
});

describe('idempotency and source references', () => {
  it('replays the receipt for the same key and body, refuses another body', async () => {
    const body = buildIntake(manual);
    const headers = { 'idempotency-key': 'key-1' };
    const a = await t.request(resident, 'POST', '/api/incidents', body, headers);
    const b = await t.request(resident, 'POST', '/api/incidents', body, headers);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json<IntakeReceipt>()).toEqual(a.json<IntakeReceipt>());
    const c = await t.request(resident, 'POST', '/api/incidents', { ...body, description: '别的' }, headers);
    expect(c.statusCode).toBe(422);
    expect(c.json<ErrorBody>().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('makes concurrent duplicates inside one batch one incident', async () => {
    const body = buildIntake(manual);
    const headers = { 'idempotency-key': 'key-concurrent' };
    const all = await Promise.all(
      Array.from({ length: 5 }, () => t.request(resident, 'POST', '/api/incidents', body, headers)),
    );
    const ids = new Set(all.map((r) => r.json<IntakeReceipt>().id));
    expect(ids.size).toBe(1);
    const n = await t.db.db.execute<{ n: number }>(
      sql`select count(*)::int as n from incidents where description = ${body.description}`,
    );
    expect(n.rows[0]!.n).toBe(1);
  });

  it('returns the incident already filed for a repeated source reference', async () => {
    const ctx = ctxOf(residentAccount, [{ role: 'admin', regionPath: null, regionCode: null, organizationId: null }]);
    const body = buildIntake(manual, { channel: 'sensor', sourceRef: 'alarm-42' });
    const [x, y] = await Promise.all([submitIncident(ctx, body), submitIncident(ctx, body)]);
    const z = await submitIncident(ctx, body);
    expect(y.id).toBe(x.id);
    expect(z.id).toBe(x.id);
    expect(z.replayed).toBe(true);
    expect(z.trackingCode).toBe('');
  });
});
