import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { IncidentStats } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildIncidentCategory, buildIncidentRegions } from '../../../test/builders.ts';
import { bucketLabels, commonPath, rollUpRegions } from './stats.service.ts';

const G = '33/3305/330502/330502102/330502102201';
const LIANSHI = '33/3305/330503/330503102/330503102201/330503102201-G01';
/** January 2026 in China Standard Time. */
const PERIOD = 'from=2026-01-01T00:00:00%2B08:00&to=2026-02-01T00:00:00%2B08:00';

describe('incident statistics', () => {
  let t: TestApp;
  let admin: Session;
  let lianshi: Session;
  let resident: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildIncidentRegions(t.db.db);
    await buildIncidentCategory(t.db.db, { code: 'pothole', nameZh: '道路坑洼', nameEn: 'Pothole' });
    await buildIncidentCategory(t.db.db, { code: 'noise', nameZh: '噪音扰民', nameEn: 'Noise' });
    await buildAccount(t.db.db, { username: 'root', roles: [{ role: 'admin', regionCode: null }] });
    await buildAccount(t.db.db, { username: 'ls', roles: [{ role: 'township_staff', regionCode: '330503102' }] });
    await buildAccount(t.db.db, { username: 'res', roles: [{ role: 'resident', regionCode: '330502' }] });
    [admin, lianshi, resident] = await Promise.all([t.login('root'), t.login('ls'), t.login('res')]);
    // A..F received in January (Beijing time), E in December. Offsets in seconds after receipt.
    await t.db.db.execute(sql`
      insert into incidents (id, number, category_code, description, region_code, region_path, tracking_hash,
        priority, channel, status, handling_level, overdue, received_at, updated_at, responded_at, dispatched_at,
        on_site_at, resolved_at, resolved_level, satisfaction)
      select id::uuid, n, c, 'x', split_part(p, '/', -1), p, 'h', 'normal', 'api', s, 'grid', o, r, r,
        r + make_interval(secs => rs), r + make_interval(secs => ds), r + make_interval(secs => os),
        r + make_interval(secs => vs), lvl, sat
      from (values
        ('00000000-0000-4000-8000-00000000000a', 'A', 'pothole', ${`${G}/330502102201-G01`}, 'closed', false,
          timestamptz '2026-01-10 09:00+08', 30, 60, 660, 3600, 'grid', 5),
        ('00000000-0000-4000-8000-00000000000b', 'B', 'pothole', ${`${G}/330502102201-G02`}, 'resolved', false,
          timestamptz '2026-01-10 23:30+08', 90, 150, 1650, 7200, 'community', 3),
        ('00000000-0000-4000-8000-00000000000c', 'C', 'noise', ${LIANSHI}, 'received', true,
          timestamptz '2026-01-20 10:00+08', null, null, null, null, null, null),
        ('00000000-0000-4000-8000-00000000000d', 'D', 'noise', ${G}, 'dispatched', false,
          timestamptz '2026-01-31 23:59+08', null, null, null, null, null, null),
        ('00000000-0000-4000-8000-00000000000f', 'F', 'pothole', ${`${G}/330502102201-G01`}, 'resolved', false,
          timestamptz '2026-01-03 08:00+08', null, null, null, 1800, 'township', null),
        ('00000000-0000-4000-8000-00000000000e', 'E', 'pothole', ${G}, 'resolved', false,
          timestamptz '2025-12-31 23:59+08', null, null, null, 86400, 'grid', 1)
      ) v(id, n, c, p, s, o, r, rs, ds, os, vs, lvl, sat)`);
    await t.db.db.execute(sql`
      insert into incident_clocks (incident_id, kind, state, started_at, target_ms, met_at, breached_at)
      select i.uuid::uuid, k, st, now(), 60000, case when st = 'met' then now() end, case when b then now() end
      from (values
        ('00000000-0000-4000-8000-00000000000a', 'respond', 'met', false),
        ('00000000-0000-4000-8000-00000000000a', 'dispatch', 'met', false),
        ('00000000-0000-4000-8000-00000000000a', 'on_site', 'met', false),
        ('00000000-0000-4000-8000-00000000000a', 'resolve', 'met', false),
        ('00000000-0000-4000-8000-00000000000b', 'respond', 'met', false),
        ('00000000-0000-4000-8000-00000000000b', 'dispatch', 'met', true),
        ('00000000-0000-4000-8000-00000000000b', 'on_site', 'met', true),
        ('00000000-0000-4000-8000-00000000000b', 'resolve', 'met', false),
        ('00000000-0000-4000-8000-00000000000c', 'respond', 'running', true),
        ('00000000-0000-4000-8000-00000000000c', 'dispatch', 'running', false),
        ('00000000-0000-4000-8000-00000000000e', 'respond', 'met', true)
      ) i(uuid, k, st, b)`);
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts, trends, compliance, local share, averages and satisfaction of the period', async () => {
    const res = await t.request(admin, 'GET', `/api/incidents/stats?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    const s = res.json<IncidentStats>();
    expect(s).toMatchObject({ total: 5, open: 2, overdue: 1 });
    expect(s.byStatus).toEqual([
      { key: 'received', name: '已受理', count: 1 },
      { key: 'dispatched', name: '已派单', count: 1 },
      { key: 'resolved', name: '已办结', count: 2 },
      { key: 'closed', name: '已关闭', count: 1 },
    ]);
    expect(s.byCategory).toEqual([
      { key: 'pothole', name: '道路坑洼', nameEn: 'Pothole', count: 3 },
      { key: 'noise', name: '噪音扰民', nameEn: 'Noise', count: 2 },
    ]);
    expect(s.byRegion).toEqual([
      { key: '330502', name: '吴兴区', count: 4 },
      { key: '330503', name: '南浔区', count: 1 },
    ]);
    expect(s.trend).toHaveLength(31);
    // The trend follows the period's incidents: E, received in December, is not counted although
    // it was resolved on 1 January.
    expect(s.trend[0]).toEqual({ bucket: '2026-01-01', received: 0, resolved: 0 });
    expect(s.trend.find((b) => b.bucket === '2026-01-03')).toEqual({ bucket: '2026-01-03', received: 1, resolved: 1 });
    expect(s.trend.find((b) => b.bucket === '2026-01-10')).toEqual({ bucket: '2026-01-10', received: 2, resolved: 1 });
    // B was received on the 10th at 23:30 and resolved two hours later, on the 11th.
    expect(s.trend.find((b) => b.bucket === '2026-01-11')).toEqual({ bucket: '2026-01-11', received: 0, resolved: 1 });
    expect(s.trend.at(-1)).toEqual({ bucket: '2026-01-31', received: 1, resolved: 0 });
    expect(s.compliance).toEqual([
      { kind: 'respond', met: 2, breached: 1, rate: 2 / 3 },
      { kind: 'dispatch', met: 1, breached: 1, rate: 0.5 },
      { kind: 'on_site', met: 1, breached: 1, rate: 0.5 },
      { kind: 'resolve', met: 2, breached: 0, rate: 1 },
      { kind: 'report_in', met: 0, breached: 0, rate: null },
    ]);
    expect(s.localShare).toBeCloseTo(2 / 3);
    expect(s.averageSeconds).toEqual({ respond: 60, dispatch: 105, onSite: 1050, resolve: 4200 });
    expect(s.satisfaction).toEqual({ average: 4, count: 2 });
  });

  it('rolls regions up to the children of the region asked for, and filters by category', async () => {
    const township = (
      await t.request(admin, 'GET', `/api/incidents/stats?${PERIOD}&regionCode=330502102`)
    ).json<IncidentStats>();
    expect(township.byRegion).toEqual([{ key: '330502102201', name: '妙西社区', count: 4 }]);
    const community = (
      await t.request(admin, 'GET', `/api/incidents/stats?${PERIOD}&regionCode=330502102201`)
    ).json<IncidentStats>();
    expect(community.byRegion).toEqual([
      { key: '330502102201-G01', name: '妙西一网格', count: 2 },
      { key: '330502102201', name: '妙西社区', count: 1 },
      { key: '330502102201-G02', name: '妙西二网格', count: 1 },
    ]);
    const noise = (
      await t.request(admin, 'GET', `/api/incidents/stats?${PERIOD}&categoryCode=noise`)
    ).json<IncidentStats>();
    expect(noise).toMatchObject({ total: 2, localShare: null, satisfaction: { average: null, count: 0 } });
    const weekly = (
      await t.request(admin, 'GET', `/api/incidents/stats?${PERIOD}&interval=week`)
    ).json<IncidentStats>();
    expect(weekly.trend[0]?.bucket).toBe('2025-12-29');
    expect(weekly.trend.reduce((n, b) => n + b.received, 0)).toBe(5);
    const monthly = (
      await t.request(admin, 'GET', `/api/incidents/stats?${PERIOD}&interval=month`)
    ).json<IncidentStats>();
    expect(monthly.trend).toEqual([{ bucket: '2026-01', received: 5, resolved: 3 }]);
  });

  it('sees only the caller’s scope and refuses callers without incident.read', async () => {
    const s = (await t.request(lianshi, 'GET', `/api/incidents/stats?${PERIOD}`)).json<IncidentStats>();
    expect(s).toMatchObject({ total: 1, open: 1, overdue: 1, byRegion: [{ key: '330503102201-G01', count: 1 }] });
    expect(s.compliance[0]).toEqual({ kind: 'respond', met: 0, breached: 1, rate: 0 });
    expect((await t.request(resident, 'GET', `/api/incidents/stats?${PERIOD}`)).statusCode).toBe(403);
    expect((await t.request(null, 'GET', '/api/incidents/stats')).statusCode).toBe(401);
  });

  it('defaults to the last 30 days and refuses bad periods', async () => {
    const s = (await t.request(admin, 'GET', '/api/incidents/stats')).json<IncidentStats>();
    expect(s.total).toBe(0);
    expect(s.trend.length).toBeGreaterThanOrEqual(30);
    expect(s.trend.length).toBeLessThanOrEqual(31);
    const reversed = await t.request(
      admin,
      'GET',
      '/api/incidents/stats?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    expect(reversed.statusCode).toBe(400);
    const tooLong = await t.request(
      admin,
      'GET',
      '/api/incidents/stats?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    expect(tooLong.json()).toMatchObject({ details: [{ path: 'query.interval' }] });
    expect((await t.request(admin, 'GET', '/api/incidents/stats?regionCode=999')).statusCode).toBe(400);
  });

  it('exports an XLSX with a sheet per breakdown and the incident list, headers in Chinese', async () => {
    const res = await t.request(admin, 'GET', `/api/incidents/stats/export?${PERIOD}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('事件统计_2026-01-01_2026-01-31.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '概览',
      '按状态',
      '按类别',
      '按区域',
      '趋势',
      '时限达标',
      '事件清单',
    ]);
    const list = book.getWorksheet('事件清单');
    expect(list?.getRow(1).getCell(1).value).toBe('编号');
    expect(list?.rowCount).toBe(6);
    expect(list?.getRow(2).getCell(1).value).toBe('F');
    expect(list?.getRow(2).getCell(10).value).toBe('2026-01-03 08:00:00');
    expect(book.getWorksheet('时限达标')?.getRow(2).values).toEqual([undefined, '响应', 2, 1, '66.7%']);
  });

  it('buckets in China Standard Time and rolls paths up (pure helpers)', () => {
    expect(bucketLabels(new Date('2026-01-01T16:00:00Z'), new Date('2026-01-03T16:00:00Z'), 'day')).toEqual([
      '2026-01-02',
      '2026-01-03',
    ]);
    expect(bucketLabels(new Date('2026-01-31T16:00:00Z'), new Date('2026-03-01T00:00:00Z'), 'month')).toEqual([
      '2026-02',
      '2026-03',
    ]);
    expect(commonPath(['33/3305/330502', '33/3305/330503/1'])).toBe('33/3305');
    expect(commonPath(['1/2', '3/4'])).toBe('');
    expect([...rollUpRegions([{ path: '1/2/3', n: 2 }], null)]).toEqual([['3', 2]]);
    expect([
      ...rollUpRegions(
        [
          { path: null, n: 1 },
          { path: '1/2', n: 1 },
          { path: '1/3/4', n: 1 },
        ],
        null,
      ),
    ]).toEqual([
      ['', 1],
      ['2', 1],
      ['3', 1],
    ]);
  });
});
