import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeReceipt } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import {
  buildAccount,
  buildIncidentCategory,
  buildIncidentRegions,
  buildIntake,
  buildOrganization,
} from '../../../test/builders.ts';
import { incidentListenerOf } from './index.ts';
import { invalidateIncidentConfig } from './intake.cache.ts';
import { parseStreamPayload } from './stream.ts';

let t: TestApp;
let base: string;
let disp: Session;
let lianshi: Session;
let dept: Session;
let deptId: string;
let category: string;

/** An open SSE connection collecting its text. */
interface Stream {
  text: () => string;
  close: () => void;
  status: number;
}

function openStream(session: Session): Promise<Stream> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const req = http.get(
      `${base}/api/incidents/stream`,
      { headers: { cookie: session.cookie, accept: 'text/event-stream' } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
        });
        res.on('error', () => undefined);
        resolve({ text: () => buf, close: () => req.destroy(), status: res.statusCode ?? 0 });
      },
    );
    req.on('error', reject);
  });
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.db.db;
  await buildIncidentRegions(db);
  category = await buildIncidentCategory(db, { code: 'facility', nameZh: '公共设施' });
  await invalidateIncidentConfig();
  await buildAccount(db, { username: 's_disp', roles: [{ role: 'dispatcher', regionCode: '330502' }] });
  await buildAccount(db, { username: 's_lianshi', roles: [{ role: 'township_staff', regionCode: '330503102' }] });
  await buildAccount(db, { username: 's_res', roles: [{ role: 'resident', regionCode: '330502' }] });
  // A county department, summoned by whistles only: no region grant, no assignment.
  deptId = (await buildOrganization(db, { name: '城管执法局' })).id;
  await buildAccount(db, {
    username: 's_dept',
    roles: [{ role: 'department_staff', regionCode: '330502', organizationId: deptId }],
  });
  disp = await t.login('s_disp');
  dept = await t.login('s_dept');
  lianshi = await t.login('s_lianshi');
  await t.sut.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.sut.server.address() as AddressInfo).port}`;
  await incidentListenerOf(db)!.ready;
});

afterAll(async () => {
  await t.close();
});

describe('GET /api/incidents/stream', () => {
  it('streams created and changed events to subscribers whose scope covers them', async () => {
    const a = await openStream(disp);
    const b = await openStream(lianshi);
    expect(a.status).toBe(200);
    await until(() => a.text().includes(': connected') && b.text().includes(': connected'), 'both streams open');
    await until(() => incidentListenerOf(t.db.db)!.subscriberCount === 2, 'two subscribers');

    const res = await t.request(disp, 'POST', '/api/incidents', buildIntake(category));
    const miaoxi = res.json<IntakeReceipt>();
    const far = (
      await t.request(
        disp,
        'POST',
        '/api/incidents',
        buildIntake(category, { location: { address: null, lat: null, lng: null, regionCode: '330503102201-G01' } }),
      )
    ).json<IntakeReceipt>();
    await until(() => a.text().includes(miaoxi.number), 'the dispatcher sees the new incident');
    expect(a.text()).toContain('event: created');
    await until(() => b.text().includes(far.number), '练市 staff see their own incident');
    // Notifications arrive in commit order: had 妙西's leaked, it would be there by now.
    expect(b.text()).not.toContain(miaoxi.number);

    const moved = await t.request(disp, 'POST', `/api/incidents/${miaoxi.id}/transitions`, {
      action: 'respond',
      version: 1,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await until(() => a.text().includes('event: changed'), 'the change');
    const frame = a
      .text()
      .split('\n\n')
      .find((f) => f.startsWith('event: changed'))!;
    const data = JSON.parse(
      frame
        .split('\n')
        .find((l) => l.startsWith('data: '))!
        .slice(6),
    ) as { status: string; version: number };
    expect(data).toMatchObject({ status: 'responded', version: 2 });

    a.close();
    b.close();
    await until(() => incidentListenerOf(t.db.db)!.subscriberCount === 0, 'subscribers cleaned up');
  });

  it('carries a whistled incident to the summoned department, and no other incident', async () => {
    const d = await openStream(dept);
    await until(() => d.text().includes(': connected'), 'the department stream open');
    await until(() => incidentListenerOf(t.db.db)!.subscriberCount === 1, 'one subscriber');

    const file = async () =>
      (await t.request(disp, 'POST', '/api/incidents', buildIntake(category))).json<IntakeReceipt>();
    const [summoned, other] = [await file(), await file()];
    const whistled = await t.request(disp, 'POST', `/api/incidents/${summoned.id}/whistle`, {
      version: 1,
      organizationIds: [deptId],
      note: '请城管执法局到场联合处置',
    });
    expect(whistled.statusCode, whistled.body).toBe(200);
    await until(() => d.text().includes(summoned.number), 'the summoned department sees the whistle');

    // A change of the other incident, then one of the summoned incident: commit order means the
    // first would have arrived before the second, had it leaked.
    const moved = await t.request(disp, 'POST', `/api/incidents/${other.id}/transitions`, {
      action: 'respond',
      version: 1,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const reported = await t.request(dept, 'POST', `/api/incidents/${summoned.id}/report-in`, {
      organizationId: deptId,
      note: '已派人赶赴现场',
    });
    expect(reported.statusCode, reported.body).toBe(200);
    await until(() => d.text().includes(`id: ${summoned.id}:3`), 'the report-in (version 3)');
    expect(d.text()).not.toContain(other.number);
    expect(d.text()).not.toContain('event: created');

    d.close();
    await until(() => incidentListenerOf(t.db.db)!.subscriberCount === 0, 'subscriber cleaned up');
  });

  it('refuses callers without incident.read', async () => {
    const resident = await t.login('s_res');
    const res = await t.request(resident, 'GET', '/api/incidents/stream', undefined, { accept: 'text/event-stream' });
    expect(res.statusCode).toBe(403);
    const plain = await t.request(disp, 'GET', '/api/incidents/stream');
    expect(plain.statusCode).toBe(406);
    const anon = await t.request(null, 'GET', '/api/incidents/stream');
    expect(anon.statusCode).toBe(401);
  });
});

describe('parseStreamPayload', () => {
  it('reads both the compact tuples and the sweeper’s objects, and ignores junk', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const items = parseStreamPayload(
      JSON.stringify([
        ['created', id, 'ZL-2026-000001', 'received', 1, '33/3305', null, null],
        { type: 'clock', id, number: 'ZL-2026-000001', status: 'received', version: 3, regionPath: '33/3305' },
      ]),
    );
    expect(items.map((i) => [i.event.type, i.event.version])).toEqual([
      ['created', 1],
      ['clock', 3],
    ]);
    expect(items.map((i) => i.jointOrganizationIds)).toEqual([[], []]);
    const org = '00000000-0000-4000-8000-000000000002';
    const joint = parseStreamPayload(
      JSON.stringify([
        ['changed', id, 'ZL-2026-000001', 'received', 2, '33/3305', null, null, [org]],
        { type: 'clock', id, number: 'ZL-2026-000001', status: 'received', version: 3, jointOrganizationIds: [org, 7] },
      ]),
    );
    expect(joint.map((i) => i.jointOrganizationIds)).toEqual([[org], [org]]);
    expect(parseStreamPayload('not json')).toEqual([]);
  });
});
