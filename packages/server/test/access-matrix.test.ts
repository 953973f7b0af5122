import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Permission } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from './app.ts';
import {
  buildAccount,
  buildOrganization,
  buildPerson,
  buildRegions,
  evalDataCsv,
  evalFrameworkYaml,
} from './builders.ts';

const UUID = '00000000-0000-4000-8000-000000000000';
const fill = (url: string) => url.replace(/:code/g, '330502102').replace(/:[A-Za-z]+/g, UUID);
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Every route refuses (1) anonymous callers, (2) callers whose roles lack its permission, and
 * (3) callers holding the permission in a scope that does not cover the target.
 */
describe('access matrix', () => {
  let t: TestApp;
  let noRoles: Session;
  let resident: Session;
  let wuxingAdmin: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'noroles' });
    await buildAccount(t.db.db, { username: 'resident1', roles: [{ role: 'resident', regionCode: '330502102' }] });
    // Every permission there is, but only within 吴兴区: the scope cases below target 南浔区.
    await buildAccount(t.db.db, { username: 'wuxing.admin', roles: [{ role: 'admin', regionCode: '330502' }] });
    noRoles = await t.login('noroles');
    resident = await t.login('resident1');
    wuxingAdmin = await t.login('wuxing.admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const apiRoutes = () => t.sut.zhiliRoutes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));

  it('every API route declares its access', () => {
    const undeclared = apiRoutes()
      .filter((r) => r.access === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('refuses anonymous callers on every non-public route (401)', async () => {
    const wrong: string[] = [];
    for (const r of apiRoutes().filter((x) => x.access !== 'public')) {
      const res = await t.request(null, r.method as Method, fill(r.url), r.method === 'GET' ? undefined : {});
      if (res.statusCode !== 401) wrong.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses callers whose roles lack the permission (403 FORBIDDEN)', async () => {
    const wrong: string[] = [];
    const residentHas = new Set<Permission>(ROLE_PERMISSIONS.resident);
    for (const r of apiRoutes()) {
      if (r.access === undefined || r.access === 'public' || r.access === 'authenticated') continue;
      const caller = residentHas.has(r.access) ? noRoles : resident;
      const res = await t.request(caller, r.method as Method, fill(r.url), r.method === 'GET' ? undefined : {});
      const code = res.json<{ code?: string }>().code;
      if (res.statusCode !== 403 || code !== 'FORBIDDEN')
        wrong.push(`${r.method} ${r.url} → ${res.statusCode} ${code}`);
    }
    expect(wrong).toEqual([]);
  });

  describe('scope: a 吴兴区 admin acting on 南浔区', () => {
    interface Case {
      name: string;
      method: Method;
      url: () => string;
      body?: () => unknown;
      headers?: Record<string, string>;
      /** Reads may hide the target (404) instead of refusing it (403). */
      read?: boolean;
    }
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      ids.org = (await buildOrganization(t.db.db, { regionCode: '330503102' })).id;
      ids.person = (await buildPerson(t.db.db, t.deps.pii, { regionCode: '330503102' })).id;
      ids.account = (
        await buildAccount(t.db.db, {
          username: 'nanxun.staff',
          roles: [{ role: 'township_staff', regionCode: '330503102' }],
        })
      ).id;
      const [assignment] = await t.db.pool
        .query<{ id: string }>('select id from role_assignments where account_id = $1', [ids.account])
        .then((r) => r.rows);
      ids.assignment = assignment!.id;
      // An evaluation framework of 南浔区 with a dataset and a draft run, made by a global admin.
      await buildAccount(t.db.db, { username: 'matrix.admin', roles: [{ role: 'admin', regionCode: null }] });
      const root = await t.login('matrix.admin');
      const fw = await t.request(root, 'POST', '/api/evaluation/frameworks', {
        regionCode: '330503',
        yaml: evalFrameworkYaml('nanxun-eco'),
      });
      if (fw.statusCode !== 201) throw new Error(fw.body);
      const data = await t.request(root, 'POST', '/api/evaluation/datasets?framework=nanxun-eco', evalDataCsv(), {
        'content-type': 'text/csv',
      });
      ids.dataset = data.json<{ id: string }>().id;
      const run = await t.request(root, 'POST', '/api/evaluation/runs', {
        framework: 'nanxun-eco',
        dataset: ids.dataset,
        year: 2023,
      });
      ids.run = run.json<{ id: string }>().id;
    });

    const outside: Case[] = [
      {
        name: 'create a region',
        method: 'POST',
        url: () => '/api/regions',
        body: () => ({ code: '330503102201', name: '新社区', level: 'community', parentCode: '330503102' }),
      },
      { name: 'rename a region', method: 'PATCH', url: () => '/api/regions/330503102', body: () => ({ name: '改名' }) },
      {
        name: 'import regions',
        method: 'POST',
        url: () => '/api/regions/import',
        body: () => 'code,name,level,parent_code\n330503102202,导入社区,community,330503102\n',
        headers: { 'content-type': 'text/csv' },
      },
      {
        name: 'create an organization',
        method: 'POST',
        url: () => '/api/organizations',
        body: () => ({ name: '南浔某局', type: 'department', regionCode: '330503102' }),
      },
      { name: 'read an organization', method: 'GET', url: () => `/api/organizations/${ids.org}`, read: true },
      {
        name: 'update an organization',
        method: 'PATCH',
        url: () => `/api/organizations/${ids.org}`,
        body: () => ({ name: '改名' }),
      },
      {
        name: 'create a person',
        method: 'POST',
        url: () => '/api/persons',
        body: () => ({ name: '张三', regionCode: '330503102' }),
      },
      { name: 'read a person', method: 'GET', url: () => `/api/persons/${ids.person}`, read: true },
      {
        name: 'update a person',
        method: 'PATCH',
        url: () => `/api/persons/${ids.person}`,
        body: () => ({ name: '李四' }),
      },
      {
        name: 'create an account',
        method: 'POST',
        url: () => '/api/accounts',
        body: () => ({
          username: 'nx.new',
          displayName: '南浔新人',
          password: 'Passw0rd-long',
          roles: [{ role: 'grid_worker', regionCode: '330503102' }],
        }),
      },
      { name: 'read an account', method: 'GET', url: () => `/api/accounts/${ids.account}`, read: true },
      {
        name: 'disable an account',
        method: 'PATCH',
        url: () => `/api/accounts/${ids.account}`,
        body: () => ({ disabled: true }),
      },
      {
        name: 'reset a password',
        method: 'POST',
        url: () => `/api/accounts/${ids.account}/password-reset`,
        body: () => ({}),
      },
      {
        name: 'add a role',
        method: 'POST',
        url: () => `/api/accounts/${ids.account}/roles`,
        body: () => ({ role: 'grid_worker', regionCode: '330503102' }),
      },
      { name: 'remove a role', method: 'DELETE', url: () => `/api/accounts/${ids.account}/roles/${ids.assignment}` },
      {
        name: 'create an API key',
        method: 'POST',
        url: () => '/api/apikeys',
        body: () => ({ name: '南浔终端', role: 'resident', regionCode: '330503102' }),
      },
      {
        name: 'upload an evaluation framework',
        method: 'POST',
        url: () => '/api/evaluation/frameworks',
        body: () => ({ regionCode: '330503', yaml: evalFrameworkYaml('nanxun-eco') }),
      },
      {
        name: 'read an evaluation framework',
        method: 'GET',
        url: () => '/api/evaluation/frameworks/nanxun-eco',
        read: true,
      },
      {
        name: 'upload evaluation data',
        method: 'POST',
        url: () => '/api/evaluation/datasets?framework=nanxun-eco',
        body: () => evalDataCsv(),
        headers: { 'content-type': 'text/csv' },
      },
      {
        name: 'run an evaluation',
        method: 'POST',
        url: () => '/api/evaluation/runs',
        body: () => ({ framework: 'nanxun-eco', dataset: ids.dataset, year: 2023 }),
      },
      { name: 'read an evaluation run', method: 'GET', url: () => `/api/evaluation/runs/${ids.run}`, read: true },
      {
        name: 'publish an evaluation run',
        method: 'POST',
        url: () => `/api/evaluation/runs/${ids.run}/publish`,
        body: () => ({}),
      },
      {
        name: 'export an evaluation run',
        method: 'GET',
        url: () => `/api/evaluation/runs/${ids.run}/export.xlsx`,
        read: true,
      },
      {
        name: 'start a sensitivity analysis',
        method: 'POST',
        url: () => `/api/evaluation/runs/${ids.run}/sensitivity`,
        body: () => ({ replications: 10 }),
      },
    ];

    it.each(outside)('refuses to $name', async (c) => {
      const res = await t.request(wuxingAdmin, c.method, c.url(), c.body?.(), c.headers);
      const allowed = c.read ? [403, 404] : [403];
      expect(allowed, `${c.method} ${c.url()} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 403) expect(res.json<{ code: string }>().code).toBe('OUT_OF_SCOPE');
    });

    it('allows the same actions inside its own scope', async () => {
      const create = await t.request(wuxingAdmin, 'POST', '/api/organizations', {
        name: '妙西某办',
        type: 'department',
        regionCode: '330502102',
      });
      expect(create.statusCode).toBe(201);
      const person = await t.request(wuxingAdmin, 'POST', '/api/persons', { name: '王五', regionCode: '330502102' });
      expect(person.statusCode).toBe(201);
      const account = await t.request(wuxingAdmin, 'POST', '/api/accounts', {
        username: 'wx.new',
        displayName: '吴兴新人',
        password: 'Passw0rd-long',
        roles: [{ role: 'grid_worker', regionCode: '330502102' }],
      });
      expect(account.statusCode).toBe(201);
      const region = await t.request(wuxingAdmin, 'POST', '/api/regions', {
        code: '330502102201',
        name: '新社区',
        level: 'community',
        parentCode: '330502102',
      });
      expect(region.statusCode).toBe(201);
    });
  });
});
