import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type {
  CaseDetail,
  CaseSummary,
  CorpsDetail,
  IncidentDetail,
  MediationStats,
  Page,
  PoolHealthList,
  TrainingBatch,
} from '@zhili/contracts';
import { DEPARTMENTS, LONGGANG } from '../../../../../demo/incidents-data.ts';
import { seedIncidentConfiguration } from '../../../../../demo/seed-incidents-config.ts';
import { seedMediation } from '../../../../../demo/seed-mediation.ts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount } from '../../../test/builders.ts';
import { systemCtx } from '../../platform/context.ts';
import { createOrganization, importRegionsCsv } from '../core/index.ts';
import { sweepClocks } from '../incidents/index.ts';
import { sweepCaseClocks } from './clock.sweep.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const read = (p: string) => readFileSync(path.join(repoRoot, p), 'utf8');

/** The Datang and Daishan demo, seeded through the services and read back through the API. */
describe('mediation demo', () => {
  let t: TestApp;
  let datang: Session;
  let daishan: Session;
  let admin: Session;
  let seeded: Awaited<ReturnType<typeof seedMediation>>;
  let elapsedMs: number;

  beforeAll(async () => {
    t = await buildTestApp();
    const ctx = systemCtx(t.db.db, 'test');
    const province = read('demo/regions/zhejiang.csv')
      .split('\n')
      .filter((l) => !l.startsWith('330383198,'))
      .join('\n');
    await importRegionsCsv(ctx, province);
    await importRegionsCsv(ctx, read('demo/regions/communities.csv'));
    // The governance centre's categories and rules (its departments first, as seedDemo makes them):
    // the demo's cases file and link dispute incidents.
    for (const name of Object.values(DEPARTMENTS)) {
      await createOrganization(ctx, {
        name,
        type: 'department',
        regionCode: LONGGANG,
        parentId: null,
        creditCode: null,
      });
    }
    await seedIncidentConfiguration(ctx, t.deps, 'Demo-pass-2026');
    const started = performance.now();
    seeded = await seedMediation(ctx, t.deps.pii);
    elapsedMs = performance.now() - started;
    await buildAccount(t.db.db, { username: 'datang', roles: [{ role: 'township_staff', regionCode: '330681005' }] });
    await buildAccount(t.db.db, { username: 'daishan', roles: [{ role: 'township_staff', regionCode: '330921' }] });
    await buildAccount(t.db.db, { username: 'admin', roles: [{ role: 'admin', regionCode: null }] });
    admin = await t.login('admin');
    datang = await t.login('datang');
    daishan = await t.login('daishan');
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  it('seeds 53 Datang mediators, 57 cases and 150 team leaders', () => {
    // Wall time depends on the machine's load; it is logged, not asserted.
    console.info(`mediation demo seeded in ${Math.round(elapsedMs)} ms`);
    expect(seeded).toEqual({ mediators: 53, cases: 57, teamLeaders: 150, linkedIncidents: 8 });
  });

  it('shows the pools of the five communities, 开元社区 under size and 四川 without a mediator', async () => {
    const res = await t.request(datang, 'GET', '/api/mediation/pool-health');
    const items = res.json<PoolHealthList>().items;
    expect(items).toHaveLength(5);
    expect(items.filter((p) => p.underSize).map((p) => p.regionName)).toEqual(['开元社区']);
    expect(items.find((p) => p.regionName === '雍平社区')?.gapProvinces).toContain('51');
  });

  it('has the injury case settled by an Anhui and a Hubei mediator, with its documents', async () => {
    const list = await t.request(
      datang,
      'GET',
      `/api/mediation/cases?q=${encodeURIComponent('工伤赔偿纠纷')}&crossProvince=true`,
    );
    const injury = list.json<Page<CaseSummary>>().items.find((c) => c.title.startsWith('安徽籍务工人员'))!;
    expect(injury.status).toBe('agreement');
    expect(injury.mediators.map((m) => m.hometown.provinceCode).sort()).toEqual(['34', '42']);
    const d = (await t.request(datang, 'GET', `/api/mediation/cases/${injury.id}`)).json<CaseDetail>();
    expect(d.sessions).toHaveLength(2);
    const pdf = await t.request(datang, 'GET', `/api/mediation/cases/${injury.id}/documents/agreement.pdf`);
    expect(pdf.statusCode).toBe(200);
  });

  const rows = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    (await t.db.db.execute<T>(query)).rows;

  it('registers the injury case from a hotline incident of the centre, linked both ways', async () => {
    const list = await t.request(datang, 'GET', `/api/mediation/cases?q=${encodeURIComponent('工伤赔偿纠纷')}`);
    const injury = list.json<Page<CaseSummary>>().items.find((c) => c.title.startsWith('安徽籍务工人员'))!;
    const d = (await t.request(datang, 'GET', `/api/mediation/cases/${injury.id}`)).json<CaseDetail>();
    expect(d.incidentNumber).toMatch(/^DT-\d{4}-\d{6}$/);
    const res = await t.request(admin, 'GET', `/api/incidents/${d.incidentId}`);
    expect(res.statusCode, res.body).toBe(200);
    const incident = res.json<IncidentDetail>();
    expect(incident).toMatchObject({
      number: d.incidentNumber,
      mediationCaseId: injury.id,
      channel: 'hotline',
      categoryCode: 'wage-arrears',
      status: 'resolved',
    });
    // Received shortly before the case was registered; held while mediated, resolved with the agreement.
    const received = Date.parse(incident.receivedAt);
    expect(received).toBeLessThan(Date.parse(d.registeredAt));
    expect(received).toBeGreaterThan(Date.parse(d.registeredAt) - 3_600_000);
    expect(incident.timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining(['receive', 'dispatch', 'accept', 'hold', 'resume', 'resolve']),
    );
    const resolved = incident.timeline.find((e) => e.action === 'resolve')!;
    expect(Math.abs(Date.parse(resolved.at) - Date.parse(d.outcomeAt!))).toBeLessThan(60_000);
  });

  it('links a third of the Datang cases: from hotline and grid incidents, or filing one directly', async () => {
    const linked = await rows<{ channel: string; number: string; region_path: string }>(sql`
      select i.channel, i.number, i.region_path from mediation_cases c join incidents i on i.id = c.incident_id`);
    expect(linked).toHaveLength(8); // the injury case and every third of the 21 others
    expect(new Set(linked.map((l) => l.channel))).toEqual(new Set(['hotline', 'grid', 'mediation']));
    for (const l of linked) {
      expect(l.number).toMatch(/^DT-\d{4}-\d{6}$/);
      expect(l.region_path).toContain('/330681005/');
    }
  });

  it('keeps each linked incident in step with its case, as the link maps statuses', async () => {
    const linked = await rows<{ case_status: string; incident_status: string }>(sql`
      select c.status as case_status, i.status as incident_status
      from mediation_cases c join incidents i on i.id = c.incident_id`);
    // incident.link.ts: an outcome resolves the incident, closing the case closes it; until then
    // the community holds it while mediation runs.
    const expected = (s: string) =>
      s === 'closed'
        ? ['closed']
        : ['agreement', 'failed', 'referred', 'follow_up'].includes(s)
          ? ['resolved']
          : ['on_hold'];
    for (const l of linked) expect(expected(l.case_status)).toContain(l.incident_status);
    expect(new Set(linked.map((l) => l.incident_status))).toEqual(new Set(['closed', 'resolved', 'on_hold']));
  });

  it('keeps the linked timelines in the past and in order, without breached clocks', async () => {
    const future = await rows<{ n: number }>(sql`
      select (select count(*) from incident_events where at > now())::int
           + (select count(*) from mediation_case_events where at > now())::int as n`);
    expect(future[0]?.n).toBe(0);
    const disorder = await rows<{ n: number }>(sql`
      select count(*)::int as n from (
        select at < lag(at) over (partition by incident_id order by id) as back from incident_events) x
      where back`);
    expect(disorder[0]?.n).toBe(0);
    const early = await rows<{ n: number }>(sql`
      select count(*)::int as n from mediation_cases c join incidents i on i.id = c.incident_id
      where i.received_at > c.registered_at or i.received_at < c.registered_at - interval '1 hour'`);
    expect(early[0]?.n).toBe(0);
    // The case timeline's notes of the incident's changes sit at the incident's moments.
    const notes = await rows<{ n: number }>(sql`
      select count(*)::int as n from mediation_case_events e join mediation_cases c on c.id = e.case_id
      join incidents i on i.id = c.incident_id
      where e.action = 'incident_status' and (e.at < i.received_at or e.at > now())`);
    expect(notes[0]?.n).toBe(0);
    await sweepClocks(t.db.db);
    const breached = await rows<{ n: number }>(sql`
      select count(*)::int as n from incident_clocks where breached_at is not null`);
    expect(breached[0]?.n).toBe(0);
    const overdue = await rows<{ n: number }>(sql`select count(*)::int as n from incidents where overdue`);
    expect(overdue[0]?.n).toBe(0);
  });

  it('has 22 Datang cases in every state and the anti-fraud group of 11', async () => {
    const cases = (await t.request(datang, 'GET', '/api/mediation/cases?pageSize=100')).json<Page<CaseSummary>>();
    expect(cases.total).toBe(22);
    expect(new Set(cases.items.map((c) => c.status))).toEqual(
      new Set(['registered', 'matched', 'in_session', 'agreement', 'failed', 'referred', 'follow_up', 'closed']),
    );
    const corps = (await t.request(datang, 'GET', '/api/mediation/corps?kind=anti_fraud')).json<Page<{ id: string }>>();
    const group = (await t.request(datang, 'GET', `/api/mediation/corps/${corps.items[0]!.id}`)).json<CorpsDetail>();
    expect(group).toMatchObject({ memberCount: 11, activityCount: 12 });
    const stats = (await t.request(datang, 'GET', '/api/mediation/stats?regionCode=330681005')).json<MediationStats>();
    expect(stats.antiFraud).toHaveLength(24);
    expect(stats.antiFraud.at(-1)?.alertsYoY).toBeLessThan(0);
    expect(stats.averageDays).toBeGreaterThan(1);
  });

  it('has Daishan’s 7 batches of 150 team leaders and their 35 settled disputes', async () => {
    const batches = (await t.request(daishan, 'GET', '/api/mediation/training-batches')).json<Page<TrainingBatch>>();
    expect(batches.total).toBe(7);
    expect(batches.items.reduce((s, b) => s + b.leaderCount, 0)).toBe(150);
    expect(batches.items.reduce((s, b) => s + b.casesSettled, 0)).toBe(35);
    const stats = (await t.request(daishan, 'GET', '/api/mediation/stats')).json<MediationStats>();
    expect(stats).toMatchObject({ total: 35, settled: 35, successRate: 1 });
  });

  it('lets the sweep catch up with the backdated clocks', async () => {
    const swept = await sweepCaseClocks(t.db.db);
    expect(swept.breached).toBeGreaterThan(0);
  });
});
