import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Page, Person } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildPerson, buildRegions } from '../../../test/builders.ts';

const PHONE = '13812341234';
const ID_NUMBER = '33050219900101123X';

describe('persons', () => {
  let t: TestApp;
  let admin: Session;
  /** township_staff over 吴兴区: person.read/write, no pii.read. */
  let staff: Session;
  /** dispatcher over 吴兴区: pii.read there. */
  let dispatcher: Session;
  /** dispatcher over 南浔区: pii.read, but not over 吴兴区. */
  let otherDispatcher: Session;
  let person: Person;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'root', roles: [{ role: 'admin', regionCode: null }] });
    await buildAccount(t.db.db, { username: 'wx.staff', roles: [{ role: 'township_staff', regionCode: '330502' }] });
    await buildAccount(t.db.db, { username: 'wx.dispatch', roles: [{ role: 'dispatcher', regionCode: '330502' }] });
    await buildAccount(t.db.db, { username: 'nx.dispatch', roles: [{ role: 'dispatcher', regionCode: '330503' }] });
    [admin, staff, dispatcher, otherDispatcher] = await Promise.all([
      t.login('root'),
      t.login('wx.staff'),
      t.login('wx.dispatch'),
      t.login('nx.dispatch'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores phone and ID number sealed, never in clear', async () => {
    const res = await t.request(staff, 'POST', '/api/persons', {
      name: '张老乡',
      phone: PHONE,
      idNumber: ID_NUMBER.toLowerCase(),
      regionCode: '330502102',
      hometown: '安徽省阜阳市',
    });
    expect(res.statusCode).toBe(201);
    person = res.json<Person>();
    // The creator holds no pii.read: even its own input comes back masked.
    expect(person).toMatchObject({ phone: '138****1234', idNumber: '330502********123X', hometown: '安徽省阜阳市' });
    const raw = await t.db.db.execute<{
      phone_enc: Buffer;
      id_number_enc: Buffer;
      phone_index: string;
      id_number_index: string;
    }>(sql`select phone_enc, id_number_enc, phone_index, id_number_index from persons where id = ${person.id}`);
    const row = raw.rows[0];
    if (!row) throw new Error('person row missing');
    const bytes = Buffer.concat([row.phone_enc, row.id_number_enc]);
    expect(bytes.toString('latin1')).not.toContain(PHONE);
    expect(bytes.toString('latin1')).not.toContain('330502199001011');
    expect(row.phone_index).not.toContain(PHONE);
    expect(t.deps.pii.decrypt(row.id_number_enc)).toBe(ID_NUMBER);
  });

  it('masks for a caller without pii.read, shows clear to one with it over the region', async () => {
    expect((await t.request(staff, 'GET', `/api/persons/${person.id}`)).json()).toMatchObject({ phone: '138****1234' });
    expect((await t.request(dispatcher, 'GET', `/api/persons/${person.id}`)).json()).toMatchObject({
      phone: PHONE,
      idNumber: ID_NUMBER,
    });
    expect((await t.request(admin, 'GET', `/api/persons/${person.id}`)).json()).toMatchObject({ phone: PHONE });
    expect((await t.request(otherDispatcher, 'GET', `/api/persons/${person.id}`)).json()).toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
  });

  it('finds a person by exact phone or ID number through the blind index', async () => {
    const byPhone = await t.request(dispatcher, 'GET', `/api/persons?phone=${PHONE}`);
    expect(byPhone.json<Page<Person>>()).toMatchObject({ total: 1, items: [{ id: person.id, phone: PHONE }] });
    const byId = await t.request(staff, 'GET', `/api/persons?idNumber=${ID_NUMBER.toLowerCase()}`);
    expect(byId.json<Page<Person>>()).toMatchObject({
      total: 1,
      items: [{ id: person.id, idNumber: '330502********123X' }],
    });
    expect((await t.request(staff, 'GET', '/api/persons?phone=13812341235')).json()).toMatchObject({ total: 0 });
    expect((await t.request(otherDispatcher, 'GET', `/api/persons?phone=${PHONE}`)).json()).toMatchObject({ total: 0 });
    expect((await t.request(staff, 'GET', '/api/persons?phone=1381234')).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'querystring.phone' }],
    });
  });

  it('lists by name and region within scope; persons without a region need an unrestricted grant', async () => {
    const nowhere = await t.request(admin, 'POST', '/api/persons', { name: '无籍贯人员' });
    expect(nowhere.statusCode).toBe(201);
    expect((await t.request(staff, 'POST', '/api/persons', { name: '无区划' })).json()).toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
    expect((await t.request(staff, 'GET', `/api/persons/${nowhere.json<Person>().id}`)).statusCode).toBe(403);
    expect((await t.request(staff, 'GET', '/api/persons')).json()).toMatchObject({
      total: 1,
      items: [{ name: '张老乡' }],
    });
    expect((await t.request(admin, 'GET', '/api/persons')).json()).toMatchObject({ total: 2 });
    expect(
      (await t.request(admin, 'GET', `/api/persons?q=${encodeURIComponent('老乡')}&region=330502`)).json(),
    ).toMatchObject({
      total: 1,
    });
    expect((await t.request(admin, 'GET', '/api/persons?region=330503')).json()).toMatchObject({ total: 0 });
    expect((await t.request(staff, 'POST', '/api/persons', { name: '外区', regionCode: '330503' })).statusCode).toBe(
      403,
    );
  });

  it('reads persons sealed by the test builder like its own', async () => {
    const built = await buildPerson(t.db.db, t.deps.pii, {
      name: '李志愿',
      phone: '13700002222',
      regionCode: '330502102',
    });
    expect((await t.request(dispatcher, 'GET', '/api/persons?phone=13700002222')).json()).toMatchObject({
      items: [{ id: built.id, name: '李志愿', phone: '13700002222', idNumber: null }],
    });
  });

  it('refuses a second person with the same ID number, and bad numbers', async () => {
    const dup = await t.request(admin, 'POST', '/api/persons', {
      name: '重复',
      idNumber: ID_NUMBER,
      regionCode: '330502',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'PERSON_ID_NUMBER_TAKEN', details: [{ path: 'body.idNumber' }] });
    const bad = await t.request(admin, 'POST', '/api/persons', {
      name: 'x',
      phone: '2381234123',
      regionCode: '330502',
    });
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body.phone' }] });
  });

  it('updates numbers (re-indexed) and keeps them masked in the audit log', async () => {
    const res = await t.request(dispatcher, 'PATCH', `/api/persons/${person.id}`, { phone: '13900001111' });
    expect(res.statusCode).toBe(403); // dispatchers read; they do not write persons
    const ok = await t.request(staff, 'PATCH', `/api/persons/${person.id}`, { phone: '13900001111', hometown: null });
    expect(ok.json()).toMatchObject({ phone: '139****1111', hometown: null, idNumber: '330502********123X' });
    expect((await t.request(staff, 'GET', '/api/persons?phone=13900001111')).json()).toMatchObject({ total: 1 });
    expect((await t.request(staff, 'GET', `/api/persons?phone=${PHONE}`)).json()).toMatchObject({ total: 0 });
    const audit = await t.db.db.execute<{ body: string }>(
      sql`select coalesce(before::text, '') || after::text as body from audit_log where entity = 'person'`,
    );
    const all = audit.rows.map((r) => r.body).join('\n');
    expect(all).toContain('138****1234');
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('13900001111');
    expect(all).not.toContain(ID_NUMBER);
  });
});
