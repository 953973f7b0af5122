import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, Division, Mediator } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildCaseInput, buildIncidentRegions, buildMediatorInput } from '../../../test/builders.ts';

describe('GET /api/mediation/divisions and hometown names', () => {
  let t: TestApp;
  let mediator: Session;
  let resident: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildIncidentRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'm.miaoxi', roles: [{ role: 'mediator', regionCode: '330502102' }] });
    await buildAccount(t.db.db, { username: 'r.miaoxi', roles: [{ role: 'resident', regionCode: '330502102201' }] });
    mediator = await t.login('m.miaoxi');
    resident = await t.login('r.miaoxi');
  });
  afterAll(async () => {
    await t.close();
  });

  const list = async (query: string) => {
    const res = await t.request(mediator, 'GET', `/api/mediation/divisions${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Division[]>();
  };

  it('walks 安徽省 › 阜阳市 › 临泉县', async () => {
    const provinces = await list('');
    expect(provinces).toHaveLength(34);
    expect(provinces).toContainEqual({ code: '34', name: '安徽省', hasChildren: true });
    expect(await list('?parent=34')).toContainEqual({ code: '3412', name: '阜阳市', hasChildren: true });
    expect(await list('?parent=3412')).toContainEqual({ code: '341221', name: '临泉县', hasChildren: false });
    expect(await list('?parent=341221')).toEqual([]);
  });

  it('lists 北京’s districts directly under 北京市', async () => {
    const beijing = await list('?parent=11');
    expect(beijing[0]).toEqual({ code: '110101', name: '东城区', hasChildren: false });
  });

  it('refuses a malformed or unknown parent with 400 and the field', async () => {
    for (const parent of ['3', 'abc', '99', '3499']) {
      const res = await t.request(mediator, 'GET', `/api/mediation/divisions?parent=${parent}`);
      expect(res.statusCode, parent).toBe(400);
      // Malformed codes fail the schema ('querystring.parent'), unknown ones the service ('query.parent').
      expect(res.json<{ details: { path: string }[] }>().details[0]?.path).toMatch(/^query(string)?\.parent$/);
    }
  });

  it('needs mediation.read', async () => {
    expect((await t.request(null, 'GET', '/api/mediation/divisions')).statusCode).toBe(401);
    expect((await t.request(resident, 'GET', '/api/mediation/divisions')).statusCode).toBe(403);
  });

  it('names a mediator’s hometown from its code when no name is given, and keeps a given one', async () => {
    const named = await t.request(mediator, 'POST', '/api/mediation/mediators', {
      ...buildMediatorInput(),
      hometownCode: '110101',
      hometownName: null,
    });
    expect(named.statusCode, named.body).toBe(201);
    const m = named.json<Mediator>();
    expect(m.hometown.name).toBe('北京市东城区');

    const moved = await t.request(mediator, 'PATCH', `/api/mediation/mediators/${m.id}`, {
      version: m.version,
      hometownCode: '3412',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Mediator>().hometown.name).toBe('安徽省阜阳市');

    const own = await t.request(mediator, 'POST', '/api/mediation/mediators', {
      ...buildMediatorInput(),
      hometownCode: '341221',
      hometownName: '临泉县老集镇',
    });
    expect(own.json<Mediator>().hometown.name).toBe('临泉县老集镇');
  });

  it('names a case party’s hometown from its code when no name is given', async () => {
    const input = buildCaseInput();
    const res = await t.request(mediator, 'POST', '/api/mediation/cases', {
      ...input,
      parties: [{ ...input.parties[0]!, hometownCode: '419001', hometownName: null }, input.parties[1]],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json<CaseDetail>();
    expect(c.parties[0]?.hometown?.name).toBe('河南省济源市');
    expect(c.parties[1]?.hometown?.name).toBe('湖北省武汉市');
  });
});
