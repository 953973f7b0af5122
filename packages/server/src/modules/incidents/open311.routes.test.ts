import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { buildIncidentCategory, buildIncidentRegions } from '../../../test/builders.ts';
import { systemCtx } from '../../platform/context.ts';
import { createApiKey } from '../auth/index.ts';
import type { Open311Request } from './open311.format.ts';
import { parseXml, sparkJson } from './open311.xml.test-helper.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const P = '/open311/v2';

const errorsOf = (res: LightMyRequestResponse) => res.json<{ code: number; description: string }[]>();
const xmlDoc = (res: LightMyRequestResponse) => sparkJson(parseXml(res.body));

describe('open311 GeoReport v2', () => {
  let t: TestApp;
  let reporterKey: string;
  let readerKey: string;
  let trainerKey: string;
  let created: string;

  const post = (form: string, format = 'json') => t.request(null, 'POST', `${P}/requests.${format}`, form, FORM);
  const get = (url: string) => t.request(null, 'GET', `${P}/${url}`);

  beforeAll(async () => {
    t = await buildTestApp();
    await buildIncidentRegions(t.db.db);
    await buildIncidentCategory(t.db.db, {
      code: 'street.vending',
      nameZh: '占道经营',
      description: '占用道路摆摊',
      groupName: '城市管理',
      keywords: ['摊贩', '占道'],
      attributes: [
        {
          code: 'kind',
          variable: true,
          datatype: 'singlevaluelist',
          required: true,
          datatypeDescription: null,
          order: 1,
          description: '类型',
          values: [
            { key: 'food', name: '餐饮' },
            { key: 'goods', name: '百货' },
          ],
        },
        {
          code: 'tags',
          variable: true,
          datatype: 'multivaluelist',
          required: false,
          datatypeDescription: null,
          order: 2,
          description: '标签',
          values: [
            { key: 'night', name: '夜间' },
            { key: 'noise', name: '噪音' },
          ],
        },
        {
          code: 'stalls',
          variable: true,
          datatype: 'number',
          required: false,
          datatypeDescription: '摊位数',
          order: 3,
          description: '摊位数',
          values: [],
        },
      ],
    });
    await buildIncidentCategory(t.db.db, { code: 'pothole', nameZh: '道路坑洼' });
    await buildIncidentCategory(t.db.db, { code: 'neighbour-dispute', nameZh: '邻里纠纷', dispute: true });
    await buildIncidentCategory(t.db.db, { code: 'retired', nameZh: '停用', active: false });
    const ctx = systemCtx(t.db.db);
    reporterKey = (await createApiKey(ctx, { name: 'app', role: 'resident' })).key;
    readerKey = (await createApiKey(ctx, { name: 'reader', role: 'dispatcher' })).key;
    trainerKey = (await createApiKey(ctx, { name: 'no-report', role: 'trainer' })).key;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('discovery and services', () => {
    it('publishes the discovery document in both formats', async () => {
      const json = await get('discovery.json');
      expect(json.statusCode).toBe(200);
      expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(json.json()).toMatchObject({
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: 'http://localhost:80/open311/v2',
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
      const xml = await get('discovery.xml');
      expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(xmlDoc(xml)).toMatchObject({ endpoints: [{ formats: ['text/xml', 'application/json'] }] });
    });

    it('lists the active services with metadata, keywords and group', async () => {
      const json = (await get('services.json')).json<Record<string, unknown>[]>();
      expect(json.map((s) => s.service_code).sort()).toEqual(['neighbour-dispute', 'pothole', 'street.vending']);
      expect(json.find((s) => s.service_code === 'street.vending')).toEqual({
        service_code: 'street.vending',
        service_name: '占道经营',
        description: '占用道路摆摊',
        metadata: true,
        type: 'realtime',
        keywords: '摊贩, 占道',
        group: '城市管理',
      });
      expect(json.find((s) => s.service_code === 'pothole')?.metadata).toBe(false);
      const xml = xmlDoc(await get('services.xml')) as Record<string, string>[];
      expect(xml).toHaveLength(3);
      expect(xml.find((s) => s.service_code === 'street.vending')?.metadata).toBe('true');
    });

    it('gives a service definition (a code with dots), 404 for unknown or inactive ones', async () => {
      const def = await get('services/street.vending.json');
      expect(def.json()).toMatchObject({
        service_code: 'street.vending',
        attributes: [
          {
            variable: true,
            code: 'kind',
            datatype: 'singlevaluelist',
            required: true,
            datatype_description: null,
            order: 1,
            description: '类型',
            values: [
              { key: 'food', name: '餐饮' },
              { key: 'goods', name: '百货' },
            ],
          },
          { code: 'tags', datatype: 'multivaluelist' },
          { code: 'stalls', datatype: 'number', values: [] },
        ],
      });
      expect(xmlDoc(await get('services/street.vending.xml'))).toMatchObject({
        service_code: 'street.vending',
        attributes: [{ code: 'kind', values: [{ key: 'food', name: '餐饮' }, { key: 'goods' }] }, {}, {}],
      });
      const missing = await get('services/retired.json');
      expect(missing.statusCode).toBe(404);
      expect(errorsOf(missing)).toEqual([{ code: 404, description: expect.stringContaining('retired') as string }]);
      const xml = await get('services/nothing.xml');
      expect(xml.statusCode).toBe(404);
      expect(xmlDoc(xml)).toEqual([{ code: '404', description: expect.any(String) as string }]);
    });

    it('answers an unknown format or resource with a 404 in the spec’s error format', async () => {
      const csv = await get('services.csv');
      expect(csv.statusCode).toBe(404);
      expect(csv.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(xmlDoc(csv)).toEqual([{ code: '404', description: expect.stringContaining('csv') as string }]);
      const nothing = await get('nothing.json');
      expect(nothing.statusCode).toBe(404);
      expect(errorsOf(nothing)[0]?.code).toBe(404);
    });
  });

  describe('POST requests', () => {
    it('files an incident from a form post, with repeated multivaluelist keys, and returns its number', async () => {
      const res = await post(
        `api_key=${reporterKey}&jurisdiction_id=longgang.gov.cn&service_code=street.vending&lat=30.81&long=119.91` +
          '&address_string=%E5%A6%99%E8%A5%BF%E8%B7%AF1%E5%8F%B7&description=%E8%B7%AF%E5%8F%A3%E6%91%86%E6%91%8A' +
          '&email=a%40b.cn&first_name=%E4%B8%89&last_name=%E5%BC%A0&phone=13800000000&device_id=d1&account_id=u9' +
          '&attribute[kind]=food&attribute[tags][]=night&attribute[tags][]=noise&attribute[stalls]=3' +
          '&media_url=http%3A%2F%2Fexample.org%2F1.jpg',
      );
      expect(res.statusCode).toBe(200);
      const body = res.json<{ service_request_id: string; service_notice: string; account_id: null }[]>();
      expect(body).toHaveLength(1);
      expect(body[0]).toMatchObject({ account_id: null, service_notice: expect.stringContaining('查询码') as string });
      created = body[0]?.service_request_id ?? '';
      const row = await t.db.db.execute<{ channel: string; attributes: unknown; address: string; media_url: string }>(
        sql`select channel, attributes, address, media_url from incidents where number = ${created}`,
      );
      expect(row.rows[0]).toEqual({
        channel: 'open311',
        attributes: { kind: 'food', tags: ['night', 'noise'], stalls: '3' },
        address: '妙西路1号',
        media_url: 'http://example.org/1.jpg',
      });
    });

    it('takes address_id as one of our region codes, and answers in XML', async () => {
      const res = await post(
        `api_key=${reporterKey}&service_code=pothole&address_id=330502102201-G01&description=hole`,
        'xml',
      );
      expect(res.statusCode).toBe(200);
      const doc = xmlDoc(res) as { service_request_id: string; account_id: null }[];
      expect(doc[0]?.account_id).toBeNull();
      const row = await t.db.db.execute<{ region_code: string }>(
        sql`select region_code from incidents where number = ${doc[0]?.service_request_id ?? ''}`,
      );
      expect(row.rows[0]?.region_code).toBe('330502102201-G01');
    });

    it('answers 403 for a missing, invalid or powerless api_key', async () => {
      for (const form of [
        'service_code=pothole&lat=1&long=2',
        'api_key=zk_wrong&service_code=pothole&lat=1&long=2',
        `api_key=${trainerKey}&service_code=pothole&lat=1&long=2`,
      ]) {
        const res = await post(form);
        expect(res.statusCode).toBe(403);
        expect(errorsOf(res)).toEqual([{ code: 403, description: expect.stringContaining('api_key') as string }]);
      }
      const xml = await post('service_code=pothole', 'xml');
      expect(xml.statusCode).toBe(403);
      expect(xmlDoc(xml)).toEqual([{ code: '403', description: expect.stringContaining('api_key') as string }]);
    });

    it('answers 400 for missing or bad fields and 404 for an unknown service_code', async () => {
      const k = `api_key=${reporterKey}`;
      const cases: [string, number, string][] = [
        [`${k}&lat=1&long=2`, 400, 'service_code'],
        [`${k}&service_code=nothing&lat=1&long=2`, 404, 'service_code'],
        [`${k}&service_code=pothole`, 400, 'lat'],
        [`${k}&service_code=pothole&lat=30.1`, 400, 'long'],
        [`${k}&service_code=pothole&lat=north&long=2`, 400, 'lat'],
        [`${k}&service_code=pothole&lat=95&long=2`, 400, 'lat'],
        [`${k}&service_code=street.vending&lat=30&long=120`, 400, 'attribute[kind]'],
        [`${k}&service_code=street.vending&lat=30&long=120&attribute[kind]=cars`, 400, 'attribute[kind]'],
        [
          `${k}&service_code=street.vending&lat=30&long=120&attribute[kind]=food&attribute[kind]=goods`,
          400,
          'attribute[kind]',
        ],
        [
          `${k}&service_code=street.vending&lat=30&long=120&attribute[kind]=food&attribute[stalls]=many`,
          400,
          'attribute[stalls]',
        ],
        [
          `${k}&service_code=street.vending&lat=30&long=120&attribute[kind]=food&attribute[colour]=red`,
          400,
          'attribute[colour]',
        ],
        [`${k}&service_code=pothole&lat=30&long=120&email=not-an-email`, 400, 'email'],
        [`${k}&service_code=pothole&lat=30&long=120&media_url=nope`, 400, 'media_url'],
      ];
      for (const [form, status, field] of cases) {
        const res = await post(form);
        expect({ form, status: res.statusCode }).toEqual({ form, status });
        expect(
          errorsOf(res)
            .map((e) => e.description)
            .join(' | '),
        ).toContain(field);
        expect(errorsOf(res).every((e) => e.code === status)).toBe(true);
      }
    });
  });

  describe('GET requests', () => {
    beforeAll(async () => {
      // Five older incidents (100, 50, 20, 5 days ago), one closed, one of a dispute category.
      await t.db.db.execute(sql`
        insert into incidents (id, number, category_code, description, region_code, region_path, tracking_hash,
          priority, channel, status, handling_level, received_at, updated_at, resolved_at,
          reporter_name_enc, reporter_phone_index, lat, lng)
        select gen_random_uuid(), 'T-' || d, c, '描述' || d, '330502102201-G01',
          '33/3305/330502/330502102/330502102201/330502102201-G01', 'h', 'normal', 'api', s, 'grid',
          now() - make_interval(days => d), now() - make_interval(days => d),
          case when s = 'resolved' then now() - make_interval(days => d) + interval '1 hour' end,
          '\\x00'::bytea, 'phone-index', 30.8, 119.9
        from (values (100, 'pothole', 'received'), (50, 'pothole', 'resolved'), (20, 'pothole', 'dispatched'),
                     (5, 'neighbour-dispute', 'received'), (4, 'street.vending', 'merged')) v(d, c, s)`);
    });

    it('returns the last 90 days by default, newest first, without reporter data', async () => {
      const res = await get('requests.json');
      expect(res.statusCode).toBe(200);
      const list = res.json<Open311Request[]>();
      expect(list.map((r) => r.service_request_id)).toEqual([
        list[0]?.service_request_id,
        list[1]?.service_request_id,
        'T-4',
        'T-20',
        'T-50',
      ]);
      expect(list.slice(0, 2).map((r) => r.service_request_id)).toContain(created);
      expect(res.body).not.toMatch(/13800000000|张三|a@b\.cn|phone|reporter|u9|d1/);
      const merged = list.find((r) => r.service_request_id === 'T-4');
      expect(merged).toMatchObject({ status: 'closed', service_code: 'street.vending', service_name: '占道经营' });
      const mine = list.find((r) => r.service_request_id === created);
      expect(mine).toMatchObject({
        status: 'open',
        lat: 30.81,
        long: 119.91,
        address: '妙西路1号',
        zipcode: null,
        media_url: 'http://example.org/1.jpg',
        requested_datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/) as string,
      });
      expect(Object.keys(mine ?? {})).toEqual([
        'service_request_id',
        'status',
        'status_notes',
        'service_name',
        'service_code',
        'description',
        'agency_responsible',
        'service_notice',
        'requested_datetime',
        'updated_datetime',
        'expected_datetime',
        'address',
        'address_id',
        'zipcode',
        'lat',
        'long',
        'media_url',
      ]);
    });

    it('shows dispute categories only to a key that may read incidents', async () => {
      const anonymous = (await get('requests.json')).json<Open311Request[]>();
      expect(anonymous.some((r) => r.service_code === 'neighbour-dispute')).toBe(false);
      const reader = await get(`requests.json?api_key=${readerKey}`);
      expect(reader.json<Open311Request[]>().some((r) => r.service_code === 'neighbour-dispute')).toBe(true);
      expect((await get('requests.json?api_key=zk_wrong')).statusCode).toBe(403);
    });

    it('filters by service_code, status and date range (comma-delimited lists)', async () => {
      const ids = async (q: string) =>
        (await get(`requests.json?${q}`)).json<Open311Request[]>().map((r) => r.service_request_id);
      expect(await ids('service_code=pothole')).toEqual([expect.any(String) as string, 'T-20', 'T-50']);
      expect(await ids('service_code=pothole,street.vending&status=closed')).toEqual(['T-4', 'T-50']);
      expect(await ids('status=open,closed&service_code=street.vending')).toEqual([created, 'T-4']);
      const start = new Date(Date.now() - 120 * 86_400_000).toISOString();
      const end = new Date(Date.now() - 45 * 86_400_000).toISOString();
      expect(await ids(`start_date=${start}&end_date=${end}`)).toEqual(['T-50', 'T-100']);
      expect(await ids(`start_date=${start}`)).toEqual(['T-50', 'T-100']);
      expect(await ids(`end_date=${end}`)).toEqual(['T-50', 'T-100']);
    });

    it('lets service_request_id override every other filter', async () => {
      const res = await get(`requests.xml?service_request_id=T-100,${created}&service_code=nothing&status=closed`);
      const doc = xmlDoc(res) as Record<string, string>[];
      expect(doc.map((r) => r.service_request_id).sort()).toEqual([created, 'T-100'].sort());
    });

    it('refuses bad dates, spans over 90 days and unknown statuses with 400', async () => {
      for (const q of [
        'start_date=yesterday',
        'end_date=2010-01-01T00:00:00',
        'start_date=2010-01-01T00:00:00Z&end_date=2010-06-01T00:00:00Z',
        'start_date=2010-06-01T00:00:00Z&end_date=2010-01-01T00:00:00Z',
        'status=pending',
      ]) {
        const res = await get(`requests.json?${q}`);
        expect({ q, status: res.statusCode }).toEqual({ q, status: 400 });
        expect(errorsOf(res)[0]?.code).toBe(400);
      }
    });

    it('gives one request by number or id, and the token mapping; 404 otherwise', async () => {
      const one = await get(`requests/${created}.json`);
      expect(one.json<Open311Request[]>()).toMatchObject([{ service_request_id: created, status: 'open' }]);
      const xml = xmlDoc(await get('requests/T-50.xml')) as Record<string, string>[];
      expect(xml).toMatchObject([{ service_request_id: 'T-50', status: 'closed', zipcode: null }]);
      expect((await get('requests/T-5.json')).statusCode).toBe(404);
      expect((await get(`requests/T-5.json?api_key=${readerKey}`)).statusCode).toBe(200);
      expect((await get('requests/NOPE.xml')).statusCode).toBe(404);
      const token = await get(`tokens/${created}.json`);
      expect(token.json()).toEqual([{ service_request_id: created, token: created }]);
      const id = (await t.db.db.execute<{ id: string }>(sql`select id from incidents where number = 'T-20'`)).rows[0]
        ?.id;
      expect(xmlDoc(await get(`tokens/${id}.xml`))).toEqual([{ service_request_id: 'T-20', token: id }]);
      const missing = await get('tokens/zzz.json');
      expect(missing.statusCode).toBe(404);
      expect(errorsOf(missing)[0]?.description).toContain('token');
    });

    it('returns at most 1,000 requests', async () => {
      await t.db.db.execute(sql`
        insert into incidents (id, number, category_code, description, tracking_hash, priority, channel, status,
          handling_level, received_at, updated_at)
        select gen_random_uuid(), 'B-' || g, 'pothole', 'bulk', 'h', 'normal', 'api', 'received', 'grid',
          now() - make_interval(secs => g), now()
        from generate_series(1, 1005) g`);
      expect((await get('requests.json')).json<unknown[]>()).toHaveLength(1000);
    });
  });
});
