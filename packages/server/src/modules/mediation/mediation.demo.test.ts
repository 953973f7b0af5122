import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CaseDetail,
  CaseSummary,
  CorpsDetail,
  MediationStats,
  Page,
  PoolHealthList,
  TrainingBatch,
} from '@zhili/contracts';
import { seedMediation } from '../../../../../demo/seed-mediation.ts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount } from '../../../test/builders.ts';
import { systemCtx } from '../../platform/context.ts';
import { importRegionsCsv } from '../core/index.ts';
import { sweepCaseClocks } from './clock.sweep.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const read = (p: string) => readFileSync(path.join(repoRoot, p), 'utf8');

/** The Datang and Daishan demo, seeded through the services and read back through the API. */
describe('mediation demo', () => {
  let t: TestApp;
  let datang: Session;
  let daishan: Session;
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
    const started = performance.now();
    seeded = await seedMediation(ctx, t.deps.pii);
    elapsedMs = performance.now() - started;
    await buildAccount(t.db.db, { username: 'datang', roles: [{ role: 'township_staff', regionCode: '330681005' }] });
    await buildAccount(t.db.db, { username: 'daishan', roles: [{ role: 'township_staff', regionCode: '330921' }] });
    datang = await t.login('datang');
    daishan = await t.login('daishan');
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  it('seeds 53 Datang mediators, 57 cases and 150 team leaders', () => {
    // Wall time depends on the machine's load; it is logged, not asserted.
    console.info(`mediation demo seeded in ${Math.round(elapsedMs)} ms`);
    expect(seeded).toEqual({ mediators: 53, cases: 57, teamLeaders: 150 });
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
