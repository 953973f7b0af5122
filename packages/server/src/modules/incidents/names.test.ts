import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  IncidentDetail,
  IncidentStats,
  IncidentSummary,
  IncidentTrack,
  IntakeReceipt,
  Page,
} from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import {
  buildAccount,
  buildIncidentCategory,
  buildIncidentRegions,
  buildIntake,
  buildOrganization,
} from '../../../test/builders.ts';
import { invalidateIncidentConfig } from './intake.cache.ts';

/** The names screens show: categories in both languages, the handling unit by name. */

let t: TestApp;
let disp: Session;
let category: string;
let dept: { id: string; name: string };

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.db.db;
  await buildIncidentRegions(db);
  category = await buildIncidentCategory(db, { code: 'facility', nameZh: '公共设施损坏', nameEn: 'Damaged facility' });
  dept = await buildOrganization(db, { name: '住房和城乡建设局' });
  await invalidateIncidentConfig();
  await buildAccount(db, { username: 'n_disp', roles: [{ role: 'dispatcher', regionCode: '330502' }] });
  disp = await t.login('n_disp');
});

afterAll(async () => {
  await t.close();
});

async function file(): Promise<IntakeReceipt> {
  const res = await t.request(disp, 'POST', '/api/incidents', buildIntake(category));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<IntakeReceipt>();
}

async function dispatch(id: string, to: { regionCode?: string; organizationId?: string }): Promise<IncidentDetail> {
  await t.request(disp, 'POST', `/api/incidents/${id}/transitions`, { action: 'respond', version: 1 });
  const res = await t.request(disp, 'POST', `/api/incidents/${id}/transitions`, {
    action: 'dispatch',
    version: 2,
    ...to,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<IncidentDetail>();
}

describe('category names', () => {
  it('come in Chinese and English on the list, the detail and the tracking view', async () => {
    const r = await file();
    const list = (await t.request(disp, 'GET', `/api/incidents?q=${r.number}`)).json<Page<IncidentSummary>>();
    expect(list.items[0]).toMatchObject({ categoryName: '公共设施损坏', categoryNameEn: 'Damaged facility' });
    const detail = (await t.request(disp, 'GET', `/api/incidents/${r.id}`)).json<IncidentDetail>();
    expect(detail).toMatchObject({ categoryName: '公共设施损坏', categoryNameEn: 'Damaged facility' });
    const track = await t.request(null, 'GET', `/api/incidents/track/${r.number}?code=${r.trackingCode}`);
    expect(track.json<IncidentTrack>()).toMatchObject({
      categoryName: '公共设施损坏',
      categoryNameEn: 'Damaged facility',
    });
  });

  it('come in both languages in the statistics by category', async () => {
    const stats = (await t.request(disp, 'GET', '/api/incidents/stats')).json<IncidentStats>();
    expect(stats.byCategory).toContainEqual(
      expect.objectContaining({ key: category, name: '公共设施损坏', nameEn: 'Damaged facility' }),
    );
  });

  it('leave Open311 as it was: service_name is the Chinese name', async () => {
    const r = await file();
    const res = await t.request(disp, 'GET', `/open311/v2/requests/${r.number}.json`);
    expect(res.statusCode, res.body).toBe(200);
    const [request] = res.json<Record<string, unknown>[]>();
    expect(request).toMatchObject({ service_code: category, service_name: '公共设施损坏' });
    expect(JSON.stringify(request)).not.toContain('Damaged facility');
  });
});

describe('the handling unit', () => {
  it('is named after its region when a grid, community or township handles it', async () => {
    const r = await file();
    const detail = await dispatch(r.id, { regionCode: '330502102201' });
    expect(detail).toMatchObject({ assigneeRegionCode: '330502102201', assigneeUnitName: '妙西社区' });
    const list = (await t.request(disp, 'GET', `/api/incidents?q=${r.number}`)).json<Page<IncidentSummary>>();
    expect(list.items[0]?.assigneeUnitName).toBe('妙西社区');
  });

  it('is the department when a department handles it', async () => {
    const r = await file();
    const detail = await dispatch(r.id, { organizationId: dept.id });
    expect(detail.assigneeUnitName).toBe('住房和城乡建设局');
  });

  it('is named on escalation to the county centre too (not its code)', async () => {
    const r = await file();
    await dispatch(r.id, { regionCode: '330502102201' });
    let version = 3;
    let detail: IncidentDetail | undefined;
    // community → township → county
    for (let i = 0; i < 2; i++) {
      const res = await t.request(disp, 'POST', `/api/incidents/${r.id}/transitions`, {
        action: 'escalate',
        version,
        note: '社区无法处置，请上级协调',
      });
      expect(res.statusCode, res.body).toBe(200);
      detail = res.json<IncidentDetail>();
      version = detail.version;
    }
    expect(detail?.handlingLevel).toBe('county');
    expect(detail?.assigneeRegionCode).toBe('330502');
    expect(detail?.assigneeUnitName).toBe('吴兴区');
  });

  it('is null before anyone is assigned', async () => {
    const r = await file();
    const detail = (await t.request(disp, 'GET', `/api/incidents/${r.id}`)).json<IncidentDetail>();
    expect(detail.assigneeUnitName).toBeNull();
  });
});
