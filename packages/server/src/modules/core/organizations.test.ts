import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Organization, Page } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildOrganization, buildRegions } from '../../../test/builders.ts';

describe('organizations', () => {
  let t: TestApp;
  let admin: Session;
  let wuxingStaff: Session;
  let created: Organization;

  const namesOf = (res: { json<T>(): T }) => res.json<Page<Organization>>().items.map((o) => o.name);
  const create = (session: Session, body: Record<string, unknown>) =>
    t.request(session, 'POST', '/api/organizations', body);

  beforeAll(async () => {
    t = await buildTestApp();
    await buildRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'root', roles: [{ role: 'admin', regionCode: null }] });
    await buildAccount(t.db.db, { username: 'wx.staff', roles: [{ role: 'township_staff', regionCode: '330502' }] });
    [admin, wuxingStaff] = await Promise.all([t.login('root'), t.login('wx.staff')]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('registers an organization in a region, audited', async () => {
    const res = await create(admin, {
      name: '妙西镇综合行政执法队',
      type: 'department',
      regionCode: '330502102',
      creditCode: '11330502mb1234567x',
    });
    expect(res.statusCode).toBe(201);
    created = res.json<Organization>();
    expect(created).toMatchObject({
      regionName: '妙西镇',
      creditCode: '11330502MB1234567X',
      active: true,
      parentId: null,
    });
    const audit = await t.db.db.execute<{ action: string }>(
      sql`select action from audit_log where entity = 'organization' and entity_id = ${created.id}`,
    );
    expect(audit.rows).toEqual([{ action: 'organization.create' }]);
  });

  it('refuses a credit code already in use (409), unknown regions and parents (400)', async () => {
    const dup = await create(admin, {
      name: '另一家',
      type: 'company',
      regionCode: '330503',
      creditCode: '11330502MB1234567X',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      code: 'ORGANIZATION_CREDIT_CODE_TAKEN',
      details: [{ path: 'body.creditCode' }],
    });
    const region = await create(admin, { name: 'x', type: 'company', regionCode: '330599' });
    expect(region.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.regionCode', code: 'unknown_region' }],
    });
    const parent = await create(admin, {
      name: 'x',
      type: 'branch_college',
      regionCode: '33',
      parentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(parent.json()).toMatchObject({ code: 'ORGANIZATION_PARENT_NOT_FOUND' });
    expect((await create(admin, { name: 'x', type: 'guild', regionCode: '33' })).statusCode).toBe(400);
    expect((await create(admin, { name: 'x', type: 'company', regionCode: '33', creditCode: 'bad' })).statusCode).toBe(
      400,
    );
  });

  it('lists by name, type and region subtree, paginated', async () => {
    await create(admin, { name: '南浔区练市镇商会', type: 'chamber_of_commerce', regionCode: '330503102' });
    await create(admin, { name: '湖州市民宿协会', type: 'trade_association', regionCode: '3305' });
    expect(namesOf(await t.request(admin, 'GET', `/api/organizations?q=${encodeURIComponent('商会')}`))).toEqual([
      '南浔区练市镇商会',
    ]);
    expect(namesOf(await t.request(admin, 'GET', '/api/organizations?q=11330502'))).toEqual(['妙西镇综合行政执法队']);
    expect(namesOf(await t.request(admin, 'GET', '/api/organizations?type=trade_association'))).toEqual([
      '湖州市民宿协会',
    ]);
    expect(namesOf(await t.request(admin, 'GET', '/api/organizations?region=330503'))).toEqual(['南浔区练市镇商会']);
    const page = await t.request(admin, 'GET', '/api/organizations?pageSize=2');
    expect(page.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.json<Page<Organization>>().items).toHaveLength(2);
  });

  it('shows a scoped caller only its subtree, and an organization-limited one only its organization', async () => {
    expect(namesOf(await t.request(wuxingStaff, 'GET', '/api/organizations'))).toEqual(['妙西镇综合行政执法队']);
    const others = await t.request(admin, 'GET', `/api/organizations?q=${encodeURIComponent('商会')}`);
    const chamber = others.json<Page<Organization>>().items[0];
    expect((await t.request(wuxingStaff, 'GET', `/api/organizations/${chamber?.id}`)).json()).toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
    expect((await t.request(wuxingStaff, 'GET', `/api/organizations/${created.id}`)).statusCode).toBe(200);

    await buildAccount(t.db.db, {
      username: 'chamber.staff',
      roles: [{ role: 'department_staff', regionCode: null, organizationId: chamber?.id ?? null }],
    });
    const member = await t.login('chamber.staff');
    expect(namesOf(await t.request(member, 'GET', '/api/organizations'))).toEqual(['南浔区练市镇商会']);
    expect((await t.request(member, 'GET', `/api/organizations/${chamber?.id}`)).statusCode).toBe(200);
    expect((await t.request(member, 'GET', `/api/organizations/${created.id}`)).statusCode).toBe(403);
  });

  it('gives a branch its parent', async () => {
    const academy = await buildOrganization(t.db.db, { name: '浙江工匠学院', type: 'academy', regionCode: '33' });
    const res = await create(admin, {
      name: '高端装备分院',
      type: 'branch_college',
      regionCode: '33',
      parentId: academy.id,
    });
    expect(res.json()).toMatchObject({ parentId: academy.id, regionName: '浙江省' });
  });

  it('updates an organization without clearing what the patch leaves out', async () => {
    const res = await t.request(admin, 'PATCH', `/api/organizations/${created.id}`, {
      name: '妙西镇执法中队',
      active: false,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '妙西镇执法中队', active: false, creditCode: '11330502MB1234567X' });
    const audit = await t.db.db.execute<{ before: { name: string }; after: { name: string } }>(
      sql`select before, after from audit_log where action = 'organization.update' and entity_id = ${created.id}`,
    );
    expect(audit.rows[0]).toMatchObject({
      before: { name: '妙西镇综合行政执法队' },
      after: { name: '妙西镇执法中队' },
    });
    expect(
      (await t.request(wuxingStaff, 'PATCH', `/api/organizations/${created.id}`, { name: 'x' })).json(),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      (await t.request(admin, 'PATCH', '/api/organizations/00000000-0000-4000-8000-000000000000', { name: 'x' }))
        .statusCode,
    ).toBe(404);
  });
});
