import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Page, Region } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildRegions } from '../../../test/builders.ts';
import { systemCtx } from '../../platform/context.ts';
import { importRegionsCsv } from './index.ts';

const HEADER = 'code,name,level,parent_code,illustrative';

describe('regions', () => {
  let t: TestApp;
  let admin: Session;
  let wuxingAdmin: Session;
  let wuxingStaff: Session;

  const codesOf = (res: { json<T>(): T }) => res.json<Page<Region>>().items.map((r) => r.code);
  const countRegions = async () =>
    (await t.db.db.execute<{ n: number }>(sql`select count(*)::int as n from regions`)).rows[0]?.n;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'root', roles: [{ role: 'admin', regionCode: null }] });
    await buildAccount(t.db.db, { username: 'wx.admin', roles: [{ role: 'admin', regionCode: '330502' }] });
    await buildAccount(t.db.db, { username: 'wx.staff', roles: [{ role: 'township_staff', regionCode: '330502' }] });
    [admin, wuxingAdmin, wuxingStaff] = await Promise.all([t.login('root'), t.login('wx.admin'), t.login('wx.staff')]);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('tree and search', () => {
    it('lists the roots, then children with their child counts', async () => {
      const roots = await t.request(admin, 'GET', '/api/regions');
      expect(roots.statusCode).toBe(200);
      expect(roots.json()).toMatchObject({ items: [{ code: '33', childCount: 1 }], total: 1, page: 1, pageSize: 50 });
      const children = await t.request(admin, 'GET', '/api/regions?parent=3305');
      expect(children.json<Page<Region>>().items).toMatchObject([
        { code: '330502', name: '吴兴区', level: 'county', childCount: 1, path: '33/3305/330502' },
        { code: '330503', name: '南浔区', childCount: 1 },
      ]);
      expect(codesOf(await t.request(admin, 'GET', '/api/regions?parent='))).toEqual(['33']);
    });

    it('gives a region with its ancestors for breadcrumbs', async () => {
      const res = await t.request(admin, 'GET', '/api/regions/330502102');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        code: '330502102',
        name: '妙西镇',
        childCount: 0,
        path: '33/3305/330502/330502102',
        ancestors: [{ code: '33' }, { code: '3305' }, { code: '330502', name: '吴兴区' }],
      });
      expect((await t.request(admin, 'GET', '/api/regions/330599')).json()).toMatchObject({ code: 'REGION_NOT_FOUND' });
      expect((await t.request(admin, 'GET', '/api/regions/3x')).statusCode).toBe(400);
    });

    it('searches by name or code prefix, and filters by level, paginated', async () => {
      expect(codesOf(await t.request(admin, 'GET', `/api/regions?q=${encodeURIComponent('妙西')}`))).toEqual([
        '330502102',
      ]);
      expect(codesOf(await t.request(admin, 'GET', '/api/regions?q=33050'))).toEqual([
        '330502',
        '330503',
        '330502102',
        '330503102',
      ]);
      expect(codesOf(await t.request(admin, 'GET', '/api/regions?level=township'))).toEqual(['330502102', '330503102']);
      const page2 = await t.request(admin, 'GET', '/api/regions?level=township&pageSize=1&page=2');
      expect(page2.json()).toMatchObject({ items: [{ code: '330503102' }], total: 2, page: 2, pageSize: 1 });
      expect(codesOf(await t.request(admin, 'GET', `/api/regions?parent=3305&q=${encodeURIComponent('镇')}`))).toEqual([
        '330502102',
        '330503102',
      ]);
      expect(codesOf(await t.request(admin, 'GET', '/api/regions?q=%25'))).toEqual([]);
    });

    it('keeps a scoped caller inside its subtree', async () => {
      expect(codesOf(await t.request(wuxingStaff, 'GET', '/api/regions'))).toEqual(['330502']);
      expect(codesOf(await t.request(wuxingStaff, 'GET', `/api/regions?q=${encodeURIComponent('镇')}`))).toEqual([
        '330502102',
      ]);
      expect(codesOf(await t.request(wuxingStaff, 'GET', '/api/regions?parent=330502'))).toEqual(['330502102']);
      expect((await t.request(wuxingStaff, 'GET', '/api/regions?parent=3305')).json()).toMatchObject({
        code: 'OUT_OF_SCOPE',
      });
      expect((await t.request(wuxingStaff, 'GET', '/api/regions/330503102')).statusCode).toBe(403);
      expect((await t.request(null, 'GET', '/api/regions')).statusCode).toBe(401);
    });
  });

  describe('create and update', () => {
    it('adds a community under its township and a grid under it, audited', async () => {
      const res = await t.request(admin, 'POST', '/api/regions', {
        code: '330502102001',
        name: '妙西村',
        level: 'community',
        parentCode: '330502102',
        illustrative: true,
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        path: '33/3305/330502/330502102/330502102001',
        illustrative: true,
        childCount: 0,
      });
      const grid = await t.request(admin, 'POST', '/api/regions', {
        code: '330502102001-G01',
        name: '妙西村第一网格',
        level: 'grid',
        parentCode: '330502102001',
      });
      expect(grid.json()).toMatchObject({ path: '33/3305/330502/330502102/330502102001/330502102001-G01' });
      const audit = await t.db.db.execute<{ action: string; entity_id: string }>(
        sql`select action, entity_id from audit_log where entity = 'region' and action = 'region.create' order by id`,
      );
      expect(audit.rows.map((r) => r.entity_id)).toEqual(['330502102001', '330502102001-G01']);
    });

    it('lets a community sit directly under a county, as 龙港 does', async () => {
      const res = await t.request(admin, 'POST', '/api/regions', {
        code: '330503198001',
        name: '直属社区',
        level: 'community',
        parentCode: '330503',
      });
      expect(res.statusCode).toBe(201);
    });

    it('refuses taken codes, misplaced levels and unknown parents with field paths', async () => {
      const taken = await t.request(admin, 'POST', '/api/regions', {
        code: '330502102',
        name: '妙西镇',
        level: 'township',
        parentCode: '330502',
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toMatchObject({ code: 'REGION_CODE_TAKEN', details: [{ path: 'body.code' }] });
      const misplaced = await t.request(admin, 'POST', '/api/regions', {
        code: '330599001',
        name: '错位镇',
        level: 'township',
        parentCode: '3305',
      });
      expect(misplaced.statusCode).toBe(400);
      expect(misplaced.json()).toMatchObject({
        code: 'REGION_PLACEMENT_INVALID',
        details: [{ path: 'body.level', code: 'level_parent_mismatch' }],
      });
      const wrongCode = await t.request(admin, 'POST', '/api/regions', {
        code: '330503109',
        name: '错码镇',
        level: 'township',
        parentCode: '330502',
      });
      expect(wrongCode.json()).toMatchObject({ details: [{ path: 'body.code', code: 'code_parent_mismatch' }] });
      const orphan = await t.request(admin, 'POST', '/api/regions', {
        code: '3399',
        name: 'x',
        level: 'city',
        parentCode: '34',
      });
      expect(orphan.json()).toMatchObject({ code: 'REGION_PARENT_NOT_FOUND', details: [{ path: 'body.parentCode' }] });
      const extra = await t.request(admin, 'POST', '/api/regions', {
        code: '3399',
        name: 'x',
        level: 'city',
        parentCode: '33',
        x: 1,
      });
      expect(extra.statusCode).toBe(400);
    });

    it('needs region.write over the parent', async () => {
      const inside = await t.request(wuxingAdmin, 'POST', '/api/regions', {
        code: '330502102002',
        name: '某村',
        level: 'community',
        parentCode: '330502102',
      });
      expect(inside.statusCode).toBe(201);
      const outside = await t.request(wuxingAdmin, 'POST', '/api/regions', {
        code: '330503102002',
        name: '某村',
        level: 'community',
        parentCode: '330503102',
      });
      expect(outside.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });
      expect((await t.request(wuxingAdmin, 'PATCH', '/api/regions/330502', { name: '改名' })).statusCode).toBe(403);
      expect((await t.request(wuxingStaff, 'PATCH', '/api/regions/330502102', { name: '改名' })).json()).toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it('renames a region, recording before and after', async () => {
      const res = await t.request(wuxingAdmin, 'PATCH', '/api/regions/330502102002', {
        name: '新村',
        illustrative: true,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ code: '330502102002', name: '新村', illustrative: true });
      const audit = await t.db.db.execute<{ before: { name: string }; after: { name: string } }>(
        sql`select before, after from audit_log where action = 'region.update' and entity_id = '330502102002'`,
      );
      expect(audit.rows[0]).toMatchObject({ before: { name: '某村' }, after: { name: '新村' } });
    });
  });

  describe('CSV import', () => {
    it('imports children listed before their parents, as text/csv', async () => {
      const csv = [
        HEADER,
        '330503102001-G01,荻港第一网格,grid,330503102001,true',
        '330503102001,荻港村,community,330503102,true',
        '330503101,南浔镇,township,330503,',
      ].join('\r\n');
      const res = await t.request(admin, 'POST', '/api/regions/import', csv, {
        'content-type': 'text/csv; charset=utf-8',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ imported: 3, updated: 0, unchanged: 0 });
      const grid = await t.request(admin, 'GET', '/api/regions/330503102001-G01');
      expect(grid.json()).toMatchObject({
        path: '33/3305/330503/330503102/330503102001/330503102001-G01',
        illustrative: true,
      });
    });

    it('accepts JSON {csv}, updates changed names and reports untouched rows', async () => {
      const csv = `\uFEFFcode,name,level,parent_code\n330503101,南浔镇(更名),township,330503\n330503102,练市镇,township,330503\n`;
      const res = await t.request(admin, 'POST', '/api/regions/import', { csv });
      expect(res.json()).toEqual({ imported: 0, updated: 1, unchanged: 1 });
      expect((await t.request(admin, 'GET', '/api/regions/330503101')).json()).toMatchObject({ name: '南浔镇(更名)' });
      const audit = await t.db.db.execute<{ after: { updated: string[] } }>(
        sql`select after from audit_log where action = 'region.import' order by id desc limit 1`,
      );
      expect(audit.rows[0]?.after.updated).toEqual(['330503101']);
    });

    it('lands nothing when any row is bad, and lists every bad row by line', async () => {
      const before = await countRegions();
      const csv = [
        HEADER,
        '330503103,善琏镇,township,330503,', // 2 fine
        '330503104,,township,330503,', // 3 empty name
        '330503105,双林镇,town,330503,', // 4 unknown level
        '330503103,重复,township,330503,', // 5 duplicate
        '330503106001,某村,community,330503106,', // 6 parent neither stored nor in file
        '3305031,旧码,township,330503,', // 7 bad code
        '330504101,错位镇,township,330503,', // 8 code does not extend parent
      ].join('\n');
      const res = await t.request(admin, 'POST', '/api/regions/import', csv, { 'content-type': 'text/csv' });
      expect(res.statusCode).toBe(400);
      const body = res.json<{ code: string; message: string; details: { path: string }[] }>();
      expect(body.code).toBe('REGION_IMPORT_INVALID');
      expect(body.message).toMatch(/未导入任何数据/);
      expect(body.details.map((d) => d.path)).toEqual([
        'line 3.name',
        'line 4.level',
        'line 5.code',
        'line 6.parent_code',
        'line 7.code',
        'line 8.code',
      ]);
      expect(await countRegions()).toBe(before);
    });

    it('refuses rows outside the caller scope and lands none of the others', async () => {
      const before = await countRegions();
      const csv = [HEADER, '330502102003,新村甲,community,330502102,', '330503102003,新村乙,community,330503102,'].join(
        '\n',
      );
      const res = await t.request(wuxingAdmin, 'POST', '/api/regions/import', csv, { 'content-type': 'text/csv' });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'OUT_OF_SCOPE', details: [{ path: 'line 3.parent_code' }] });
      expect(await countRegions()).toBe(before);
    });

    it('takes CSV bodies past the 1 MB JSON limit (up to 5 MB)', async () => {
      const rows = Array.from({ length: 20_000 }, (_, i) => {
        const code = `330503102001-G${String(i).padStart(5, '0')}`;
        return `${code},荻港村网格${i},grid,330503102001,true`;
      });
      const csv = [HEADER, ...rows].join('\n');
      expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
      const res = await t.request(admin, 'POST', '/api/regions/import', csv, { 'content-type': 'text/csv' });
      expect(res.json()).toEqual({ imported: 20_000, updated: 0, unchanged: 0 });
      const tooBig = await t.request(admin, 'POST', '/api/regions/import', 'x'.repeat(6 * 1024 * 1024), {
        'content-type': 'text/csv',
      });
      expect(tooBig.statusCode).toBe(413);
    });

    it('refuses empty bodies and unknown JSON fields', async () => {
      expect((await t.request(admin, 'POST', '/api/regions/import', { csv: '' })).statusCode).toBe(400);
      expect((await t.request(admin, 'POST', '/api/regions/import', { csv: HEADER, x: 1 })).statusCode).toBe(400);
    });

    it('is a plain function for the CLI and the seed, idempotent on a second run', async () => {
      const csv = [HEADER, '330502101,八里店镇,township,330502,false'].join('\n');
      const ctx = systemCtx(t.db.db);
      expect(await importRegionsCsv(ctx, csv)).toEqual({ imported: 1, updated: 0, unchanged: 0 });
      expect(await importRegionsCsv(ctx, csv)).toEqual({ imported: 0, updated: 0, unchanged: 1 });
    });
  });
});
