import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Category, DispatchRule, ErrorBody, Page } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildIncidentRegions, buildOrganization } from '../../../test/builders.ts';
import { auditLog } from '../../platform/platform.table.ts';

const square = (lng: number, lat: number, d = 0.01) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + d, lat],
      [lng + d, lat + d],
      [lng, lat + d],
      [lng, lat],
    ],
  ],
});

function categoryBody(code: string, extra: Record<string, unknown> = {}) {
  return {
    code,
    nameZh: '占道经营',
    nameEn: 'Street vending',
    description: '占用道路经营',
    groupName: '城市管理',
    keywords: ['摊贩', '占道'],
    handlingLevel: 'grid',
    attributes: [
      {
        code: 'kind',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        description: '类型',
        values: [
          { key: 'food', name: '餐饮' },
          { key: 'goods', name: '百货' },
        ],
      },
    ],
    ...extra,
  };
}

describe('incident configuration', () => {
  let t: TestApp;
  let admin: Session;
  let wuxing: Session; // dispatcher limited to 吴兴区
  let resident: Session;
  let orgId: string;

  const audits = async (action: string) =>
    (await t.db.db.select().from(auditLog).where(eq(auditLog.action, action))).length;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildIncidentRegions(t.db.db);
    orgId = (await buildOrganization(t.db.db, { name: '城管局' })).id;
    await buildAccount(t.db.db, { username: 'root', roles: [{ role: 'admin', regionCode: null }] });
    await buildAccount(t.db.db, { username: 'wx.dispatch', roles: [{ role: 'dispatcher', regionCode: '330502' }] });
    await buildAccount(t.db.db, { username: 'res', roles: [{ role: 'resident', regionCode: '330502' }] });
    [admin, wuxing, resident] = await Promise.all([t.login('root'), t.login('wx.dispatch'), t.login('res')]);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('categories', () => {
    it('creates a category, audits it and shows it to residents for the intake form', async () => {
      const res = await t.request(admin, 'POST', '/api/incident-categories', categoryBody('street-vending'));
      expect(res.statusCode).toBe(201);
      expect(res.json<Category>()).toMatchObject({
        code: 'street-vending',
        defaultPriority: 'normal',
        active: true,
        groupName: '城市管理',
        groupNameEn: '',
      });
      expect(await audits('incident_category.create')).toBe(1);
      const list = await t.request(resident, 'GET', '/api/incident-categories?q=占道');
      expect(list.json<Page<Category>>()).toMatchObject({ total: 1, items: [{ code: 'street-vending' }] });
      const one = await t.request(resident, 'GET', '/api/incident-categories/street-vending');
      expect(one.json<Category>().attributes[0]).toMatchObject({ code: 'kind', variable: true });
      expect((await t.request(null, 'GET', '/api/incident-categories')).statusCode).toBe(401);
    });

    it('refuses a taken code (409) and lists every configuration problem with its path', async () => {
      const taken = await t.request(admin, 'POST', '/api/incident-categories', categoryBody('street-vending'));
      expect(taken.statusCode).toBe(409);
      expect(taken.json<ErrorBody>().code).toBe('INCIDENT_CATEGORY_CODE_TAKEN');
      const bad = await t.request(
        admin,
        'POST',
        '/api/incident-categories',
        categoryBody('bad-one', {
          defaultOrganizationId: '00000000-0000-4000-8000-000000000000',
          clocks: {
            normal: {
              respondSeconds: 60,
              dispatchSeconds: 120,
              onSiteSeconds: null,
              resolveSeconds: 600,
              calendar: 'nope',
            },
          },
          attributes: [
            { code: 'a', datatype: 'multivaluelist', order: 1, description: 'A' },
            { code: 'a', datatype: 'string', order: 1, description: 'B', values: [{ key: 'x', name: 'X' }] },
          ],
        }),
      );
      expect(bad.statusCode).toBe(400);
      const body = bad.json<ErrorBody>();
      expect(body.code).toBe('INCIDENT_CATEGORY_INVALID');
      expect(body.details.map((d) => d.path).sort()).toEqual(
        [
          'body.attributes[0].values',
          'body.attributes[1].code',
          'body.attributes[1].order',
          'body.attributes[1].values',
          'body.clocks.normal.calendar',
          'body.defaultOrganizationId',
        ].sort(),
      );
      const unknownField = await t.request(admin, 'POST', '/api/incident-categories', categoryBody('x1', { extra: 1 }));
      expect(unknownField.statusCode).toBe(400);
    });

    it('replaces a category with PUT, hides an inactive one from residents, and keeps its code', async () => {
      const put = await t.request(
        admin,
        'PUT',
        '/api/incident-categories/street-vending',
        categoryBody('street-vending', { active: false, defaultOrganizationId: orgId, groupNameEn: 'City management' }),
      );
      expect(put.statusCode).toBe(200);
      expect(put.json<Category>()).toMatchObject({
        active: false,
        defaultOrganizationId: orgId,
        groupNameEn: 'City management',
      });
      expect(await audits('incident_category.update')).toBe(1);
      expect((await t.request(resident, 'GET', '/api/incident-categories/street-vending')).statusCode).toBe(404);
      expect((await t.request(resident, 'GET', '/api/incident-categories')).json<Page<Category>>().total).toBe(0);
      expect((await t.request(resident, 'GET', '/api/incident-categories?includeInactive=true')).statusCode).toBe(403);
      const all = await t.request(admin, 'GET', '/api/incident-categories?includeInactive=true');
      expect(all.json<Page<Category>>().total).toBe(1);
      const renamed = await t.request(admin, 'PUT', '/api/incident-categories/street-vending', categoryBody('other'));
      expect(renamed.json<ErrorBody>().details[0]?.path).toBe('body.code');
      const missing = await t.request(admin, 'PUT', '/api/incident-categories/nothing', categoryBody('nothing'));
      expect(missing.statusCode).toBe(404);
    });

    it('lets only an unrestricted configurer write categories (they belong to the whole installation)', async () => {
      const res = await t.request(wuxing, 'POST', '/api/incident-categories', categoryBody('wx-only'));
      expect(res.statusCode).toBe(403);
      expect(res.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
      expect((await t.request(resident, 'POST', '/api/incident-categories', categoryBody('r1'))).statusCode).toBe(403);
    });
  });

  describe('working calendars', () => {
    // The contract's hours record is exhaustive (zod 4 enum-keyed record): closed days are [].
    const closed = { '3': [], '4': [], '5': [], '6': [], '7': [] };
    const week = { '1': ['08:30-12:00', '13:30-17:30'], '2': ['08:30-17:30'], ...closed };

    it('creates (201) then replaces (200) a calendar, audited', async () => {
      const body = { code: 'office', name: '工作日', hours: week, holidays: ['2026-10-01'] };
      const first = await t.request(admin, 'PUT', '/api/working-calendars/office', body);
      expect(first.statusCode).toBe(201);
      const second = await t.request(admin, 'PUT', '/api/working-calendars/office', { ...body, name: '办公时间' });
      expect(second.statusCode).toBe(200);
      expect(second.json()).toMatchObject({ name: '办公时间', timeZone: 'Asia/Shanghai' });
      expect(await audits('working_calendar.create')).toBe(1);
      expect(await audits('working_calendar.update')).toBe(1);
      const list = await t.request(wuxing, 'GET', '/api/working-calendars');
      expect(list.json()).toMatchObject([{ code: 'office' }]);
      expect((await t.request(wuxing, 'GET', '/api/working-calendars/none')).statusCode).toBe(404);
    });

    it('refuses reversed hours, impossible dates and unknown zones with their paths', async () => {
      const res = await t.request(admin, 'PUT', '/api/working-calendars/bad', {
        code: 'bad',
        name: 'x',
        hours: { ...week, '1': ['17:00-09:00'] },
        holidays: ['2026-02-30'],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorBody>().details.map((d) => d.path)).toEqual(['body.holidays[0]', 'body.hours']);
      const zone = await t.request(admin, 'PUT', '/api/working-calendars/bad', {
        code: 'bad',
        name: 'x',
        timeZone: 'Mars/Olympus',
        hours: week,
      });
      expect(zone.json<ErrorBody>().details.map((d) => d.path)).toEqual(['body.timeZone']);
      const empty = await t.request(admin, 'PUT', '/api/working-calendars/bad', {
        code: 'bad',
        name: 'x',
        hours: { ...closed, '1': [], '2': [] },
      });
      expect(empty.statusCode).toBe(400);
    });
  });

  describe('dispatch rules', () => {
    let ruleId: string;

    it('creates a rule within the configurer’s region and lists it', async () => {
      const res = await t.request(wuxing, 'POST', '/api/dispatch-rules', {
        categoryCode: 'street-vending',
        regionCode: '330502102',
        handlingLevel: 'community',
      });
      expect(res.statusCode).toBe(201);
      ruleId = res.json<DispatchRule>().id;
      expect(res.json()).toMatchObject({ autoDispatch: true, order: 100, organizationId: null });
      const list = await t.request(wuxing, 'GET', '/api/dispatch-rules?regionCode=330502');
      expect(list.json<Page<DispatchRule>>().items.map((r) => r.id)).toEqual([ruleId]);
      const none = await t.request(wuxing, 'GET', '/api/dispatch-rules?regionCode=330503');
      expect(none.json<Page<DispatchRule>>().total).toBe(0);
    });

    it('refuses rules outside the scope and lists every bad reference', async () => {
      const outside = await t.request(wuxing, 'POST', '/api/dispatch-rules', {
        categoryCode: null,
        regionCode: '330503',
        handlingLevel: 'grid',
      });
      expect(outside.statusCode).toBe(403);
      const bad = await t.request(admin, 'POST', '/api/dispatch-rules', {
        categoryCode: 'no-such',
        regionCode: '999999',
        handlingLevel: 'department',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<ErrorBody>().details.map((d) => d.path)).toEqual([
        'body.regionCode',
        'body.categoryCode',
        'body.organizationId',
      ]);
    });

    it('updates and deletes a rule, each audited, and cannot move it out of scope', async () => {
      const moved = await t.request(wuxing, 'PUT', `/api/dispatch-rules/${ruleId}`, {
        categoryCode: 'street-vending',
        regionCode: '330503',
        handlingLevel: 'grid',
      });
      expect(moved.statusCode).toBe(403);
      const put = await t.request(wuxing, 'PUT', `/api/dispatch-rules/${ruleId}`, {
        categoryCode: 'street-vending',
        regionCode: '330502',
        handlingLevel: 'department',
        organizationId: orgId,
        autoDispatch: false,
      });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toMatchObject({ regionCode: '330502', organizationId: orgId, autoDispatch: false });
      const row = await t.db.db.execute<{ region_path: string }>(
        sql`select region_path from dispatch_rules where id = ${ruleId}`,
      );
      expect(row.rows[0]?.region_path).toBe('33/3305/330502');
      expect((await t.request(wuxing, 'DELETE', `/api/dispatch-rules/${ruleId}`)).statusCode).toBe(204);
      expect((await t.request(wuxing, 'DELETE', `/api/dispatch-rules/${ruleId}`)).statusCode).toBe(404);
      expect([
        await audits('dispatch_rule.create'),
        await audits('dispatch_rule.update'),
        await audits('dispatch_rule.delete'),
      ]).toEqual([1, 1, 1]);
    });
  });

  describe('region outlines', () => {
    it('lands nothing when any feature is bad, and lists every bad one', async () => {
      const res = await t.request(admin, 'PUT', '/api/region-outlines', {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: '330502102201-G01' }, geometry: square(119.9, 30.8) },
          {
            type: 'Feature',
            properties: { code: '330502102201-G02' },
            geometry: { type: 'Point', coordinates: [1, 2] },
          },
          { type: 'Feature', properties: { code: '999999' }, geometry: square(119.8, 30.8) },
          { type: 'Feature', properties: {}, geometry: square(119.7, 30.8) },
        ],
      });
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorBody>();
      expect(body.code).toBe('REGION_OUTLINES_INVALID');
      const paths = body.details.map((d) => d.path);
      expect(paths.some((p) => p.startsWith('body.features[1]'))).toBe(true);
      expect(paths).toContain('body.features[2].properties.code');
      expect(paths).toContain('body.features[3].properties.code');
      expect(paths.some((p) => p.startsWith('body.features[0]'))).toBe(false);
      const stored = await t.db.db.execute<{ n: number }>(sql`select count(*)::int as n from region_outlines`);
      expect(stored.rows[0]?.n).toBe(0);
    });

    it('imports outlines with their bounding boxes, serves them by subtree and checks scope per feature', async () => {
      const fc = {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: '330502102201-G01', name: '一网格' }, geometry: square(119.9, 30.8) },
          { type: 'Feature', properties: { code: '330503102201-G01' }, geometry: square(120.2, 30.7) },
        ],
      };
      const scoped = await t.request(wuxing, 'PUT', '/api/region-outlines', fc);
      expect(scoped.statusCode).toBe(400);
      expect(scoped.json<ErrorBody>().details).toMatchObject([
        { path: 'body.features[1].properties.code', code: 'out_of_scope' },
      ]);
      const res = await t.request(admin, 'PUT', '/api/region-outlines', fc);
      expect(res.json()).toEqual({ imported: 2, updated: 0 });
      expect((await t.request(admin, 'PUT', '/api/region-outlines', fc)).json()).toEqual({ imported: 0, updated: 2 });
      const box = await t.db.db.execute<{ min_lat: number; max_lng: number }>(
        sql`select min_lat, max_lng from region_outlines where region_code = '330502102201-G01'`,
      );
      expect(box.rows[0]?.min_lat).toBeCloseTo(30.8);
      expect(box.rows[0]?.max_lng).toBeCloseTo(119.91);
      const within = await t.request(resident, 'GET', '/api/region-outlines?within=330502');
      expect(within.json()).toMatchObject({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { code: '330502102201-G01', name: '妙西一网格', level: 'grid' } }],
      });
      expect(await audits('region_outline.import')).toBe(2);
    });
  });

  describe('number prefixes', () => {
    it('replaces the list, checks regions and refuses touching another region’s prefix', async () => {
      const res = await t.request(admin, 'PUT', '/api/incident-prefixes', [
        { regionCode: '330502', prefix: 'WX' },
        { regionCode: '330503', prefix: 'NX' },
      ]);
      expect(res.statusCode).toBe(200);
      expect((await t.request(wuxing, 'GET', '/api/incident-prefixes')).json()).toEqual([
        { regionCode: '330502', prefix: 'WX' },
        { regionCode: '330503', prefix: 'NX' },
      ]);
      const dropNeighbour = await t.request(wuxing, 'PUT', '/api/incident-prefixes', [
        { regionCode: '330502', prefix: 'WX' },
      ]);
      expect(dropNeighbour.statusCode).toBe(403);
      const own = await t.request(wuxing, 'PUT', '/api/incident-prefixes', [
        { regionCode: '330502', prefix: 'WXQ' },
        { regionCode: '330503', prefix: 'NX' },
      ]);
      expect(own.statusCode).toBe(200);
      const bad = await t.request(admin, 'PUT', '/api/incident-prefixes', [
        { regionCode: '999', prefix: 'AA' },
        { regionCode: '330502', prefix: 'A' },
        { regionCode: '330502', prefix: 'B' },
      ]);
      expect(bad.json<ErrorBody>().details.map((d) => d.path)).toEqual(['body[0].regionCode', 'body[2].regionCode']);
      const lower = await t.request(admin, 'PUT', '/api/incident-prefixes', [{ regionCode: '330502', prefix: 'wx' }]);
      expect(lower.statusCode).toBe(400);
      expect(await audits('incident_prefix.replace')).toBe(2);
    });
  });
});
