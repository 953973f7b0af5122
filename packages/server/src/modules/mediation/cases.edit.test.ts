import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment, CaseDetail, ErrorBody, TimeLimit } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildCaseInput, buildIncidentRegions } from '../../../test/builders.ts';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(512)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A multipart/form-data body with one file in the field `file`, as the browser sends it. */
function multipart(fileName: string, type: string, content: Buffer) {
  const boundary = `----zhili${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * What the case detail's edit form and attachment list rely on: PATCH with the optimistic version
 * (a stale one answers 409 CASE_STALE), attachments uploaded through the files module and listed
 * with their names, unknown or repeated ids refused with the field path, the contract's cap.
 */
describe('mediation API: editing a case and its attachments', () => {
  let t: TestApp;
  let mediator: Session;
  let resident: Session;

  const upload = async (session: Session, fileName: string, type: string, content: Buffer) => {
    const { body, headers } = multipart(fileName, type, content);
    const res = await t.request(session, 'POST', '/api/attachments', body, headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Attachment>();
  };
  const patch = (session: Session, id: string, body: Record<string, unknown>) =>
    t.request(session, 'PATCH', `/api/mediation/cases/${id}`, body);

  beforeAll(async () => {
    t = await buildTestApp();
    await buildIncidentRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'm.edit', roles: [{ role: 'mediator', regionCode: '330502102' }] });
    await buildAccount(t.db.db, { username: 'r.edit', roles: [{ role: 'resident', regionCode: '330502102201' }] });
    mediator = await t.login('m.edit');
    resident = await t.login('r.edit');
  });
  afterAll(async () => {
    await t.close();
  });

  it('edits the descriptive fields with the version and answers 409 to a stale one', async () => {
    const created = await t.request(mediator, 'POST', '/api/mediation/cases', buildCaseInput());
    const c = created.json<CaseDetail>();
    expect(c.attachments).toEqual([]);
    const res = await patch(mediator, c.id, {
      version: c.version,
      title: '工伤赔偿纠纷（已核实）',
      amount: 90000,
      urgency: 'high',
      address: '妙西镇某厂区',
    });
    expect(res.statusCode, res.body).toBe(200);
    const sut = res.json<CaseDetail>();
    expect(sut).toMatchObject({
      title: '工伤赔偿纠纷（已核实）',
      amount: 90000,
      urgency: 'high',
      address: '妙西镇某厂区',
    });
    expect(sut.version).toBe(c.version + 1);
    // The timeline names what changed, not the values (those stay in the audit log).
    const edit = sut.timeline.find((e) => e.action === 'edit');
    expect(edit?.note).toBe('修改：案由、争议金额、紧急程度、地点');
    expect(edit?.note).not.toContain('90000');

    const stale = await patch(mediator, c.id, { version: c.version, title: '另一人的修改' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ErrorBody>().code).toBe('CASE_STALE');
    const bad = await patch(mediator, c.id, { version: sut.version, title: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().details[0]?.path).toBe('body.title');
  });

  it('attaches uploaded files and lists them with their names, in order', async () => {
    const c = (await t.request(mediator, 'POST', '/api/mediation/cases', buildCaseInput())).json<CaseDetail>();
    const photo = await upload(mediator, '受伤照片.png', 'image/png', PNG);
    const receipt = await upload(mediator, '医疗费收据.pdf', 'application/pdf', PDF);
    const res = await patch(mediator, c.id, { version: c.version, attachmentIds: [receipt.id, photo.id] });
    expect(res.statusCode, res.body).toBe(200);
    const sut = res.json<CaseDetail>();
    expect(sut.attachmentIds).toEqual([receipt.id, photo.id]);
    expect(sut.attachments.map((a) => [a.fileName, a.contentType])).toEqual([
      ['医疗费收据.pdf', 'application/pdf'],
      ['受伤照片.png', 'image/png'],
    ]);
    const again = await t.request(mediator, 'GET', `/api/mediation/cases/${c.id}`);
    expect(again.json<CaseDetail>().attachments.map((a) => a.id)).toEqual([receipt.id, photo.id]);

    // Removing one is sending the list without it.
    const removed = await patch(mediator, c.id, { version: sut.version, attachmentIds: [photo.id] });
    expect(removed.json<CaseDetail>().attachments.map((a) => a.fileName)).toEqual(['受伤照片.png']);
  });

  it('refuses an unknown or repeated attachment id with its path, and more than the cap', async () => {
    const c = (await t.request(mediator, 'POST', '/api/mediation/cases', buildCaseInput())).json<CaseDetail>();
    const photo = await upload(mediator, 'a.png', 'image/png', PNG);
    const unknown = await patch(mediator, c.id, { version: c.version, attachmentIds: [photo.id, randomUUID()] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<ErrorBody>().details[0]).toMatchObject({ path: 'body.attachmentIds.1', code: 'not_found' });
    const twice = await patch(mediator, c.id, { version: c.version, attachmentIds: [photo.id, photo.id] });
    expect(twice.json<ErrorBody>().details[0]).toMatchObject({ path: 'body.attachmentIds.1', code: 'duplicate' });
    const tooMany = await patch(mediator, c.id, {
      version: c.version,
      attachmentIds: Array.from({ length: 21 }, () => randomUUID()),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json<ErrorBody>().details[0]?.path).toBe('body.attachmentIds');
    const created = await t.request(
      mediator,
      'POST',
      '/api/mediation/cases',
      buildCaseInput({ attachmentIds: [randomUUID()] }),
    );
    expect(created.json<ErrorBody>().details[0]?.path).toBe('body.attachmentIds.0');
    // Nothing changed by the refusals.
    const now = (await t.request(mediator, 'GET', `/api/mediation/cases/${c.id}`)).json<CaseDetail>();
    expect(now.version).toBe(c.version);
  });

  it('refuses edits to callers without mediation.write', async () => {
    const c = (await t.request(mediator, 'POST', '/api/mediation/cases', buildCaseInput())).json<CaseDetail>();
    const res = await patch(resident, c.id, { version: c.version, title: '居民改的' });
    expect(res.statusCode).toBe(403);
  });

  it('lists every type with its limit and the warning share', async () => {
    const res = await t.request(mediator, 'GET', '/api/mediation/time-limits');
    const items = res.json<{ items: TimeLimit[] }>().items;
    expect(items.length).toBeGreaterThan(5);
    for (const l of items) expect(l).toMatchObject({ days: 30, isDefault: true, warningShare: 0.8 });
  });
});
