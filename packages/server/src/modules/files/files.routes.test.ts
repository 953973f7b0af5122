import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Attachment, ErrorBody } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildRegions, type BuiltAccount } from '../../../test/builders.ts';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(2048)]);
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946000101', 'hex'), randomBytes(512)]);

let t: TestApp;
let worker: Session;
let workerAccount: BuiltAccount;

beforeAll(async () => {
  t = await buildTestApp();
  await buildRegions(t.db.db);
  workerAccount = await buildAccount(t.db.db, {
    username: 'photo_worker',
    roles: [{ role: 'grid_worker', regionCode: '330502102' }],
  });
  worker = await t.login('photo_worker');
});
afterAll(async () => {
  await t.close();
});

/** A multipart/form-data body as a browser sends it (UTF-8 file name). */
function form(parts: { field: string; fileName?: string; type?: string; content: Buffer | string }[]) {
  const boundary = `----zhili${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.fileName
      ? `form-data; name="${p.field}"; filename="${p.fileName}"`
      : `form-data; name="${p.field}"`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
      ),
      Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(session: Session | null, parts: Parameters<typeof form>[0]) {
  const { body, headers } = form(parts);
  return t.request(session, 'POST', '/api/attachments', body, headers);
}

describe('POST /api/attachments and GET /api/attachments/:id', () => {
  it('stores an upload and serves the same bytes back with its real type and name', async () => {
    const res = await upload(worker, [{ field: 'file', fileName: '噪音现场.png', type: 'image/png', content: PNG }]);
    expect(res.statusCode, res.body).toBe(201);
    const attachment = res.json<Attachment>();
    expect(attachment).toMatchObject({
      fileName: '噪音现场.png',
      contentType: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
      uploadedBy: workerAccount.id,
    });

    const got = await t.request(worker, 'GET', `/api/attachments/${attachment.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe(
      `inline; filename="____.png"; filename*=UTF-8''${encodeURIComponent('噪音现场.png')}`,
    );
    expect(got.headers.etag).toBe(`"${attachment.sha256}"`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');

    const audit = await t.db.db.execute<{ actor_id: string }>(
      sql`select actor_id from audit_log where action = 'attachment.create' and entity_id = ${attachment.id}`,
    );
    expect(audit.rows).toEqual([{ actor_id: workerAccount.id }]);
  });

  it('offers a CSV as a download, never inline', async () => {
    const res = await upload(worker, [
      {
        field: 'file',
        fileName: '区划.csv',
        type: 'application/vnd.ms-excel',
        content: '代码,名称\r\n330502,吴兴区\r\n',
      },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const { id, contentType } = res.json<Attachment>();
    expect(contentType).toBe('text/csv');
    const got = await t.request(worker, 'GET', `/api/attachments/${id}`);
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
    expect(got.body).toBe('代码,名称\r\n330502,吴兴区\r\n');
  });

  it('refuses content that is not what it claims (415) and unlisted types (415)', async () => {
    const mismatch = await upload(worker, [{ field: 'file', fileName: 'a.png', type: 'image/png', content: JPEG }]);
    expect(mismatch.statusCode).toBe(415);
    expect(mismatch.json<ErrorBody>()).toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
      details: [{ path: 'body.file', code: 'type_mismatch' }],
    });
    const html = await upload(worker, [
      { field: 'file', fileName: 'x.html', type: 'text/html', content: '<script>alert(1)</script>' },
    ]);
    expect(html.statusCode).toBe(415);
  });

  it('refuses a file over ZHILI_MAX_UPLOAD_MB with 413', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(t.deps.config.maxUploadBytes - PNG.length + 1)]);
    const res = await upload(worker, [{ field: 'file', fileName: 'big.png', type: 'image/png', content: big }]);
    expect(res.statusCode).toBe(413);
    expect(res.json<ErrorBody>().code).toBe('FILE_TOO_LARGE');
  });

  it('wants the file in the field "file", as multipart', async () => {
    const wrongField = await upload(worker, [{ field: 'photo', fileName: 'a.png', type: 'image/png', content: PNG }]);
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json<ErrorBody>()).toMatchObject({ code: 'FILE_MISSING', details: [{ path: 'body.file' }] });
    const onlyText = await upload(worker, [{ field: 'note', content: 'hello' }]);
    expect(onlyText.statusCode).toBe(400);
    const json = await t.request(worker, 'POST', '/api/attachments', { file: 'x' });
    expect(json.statusCode).toBe(415);
  });

  it('needs a signed-in caller and a CSRF token', async () => {
    expect(
      (await upload(null, [{ field: 'file', fileName: 'a.png', type: 'image/png', content: PNG }])).statusCode,
    ).toBe(401);
    const { body, headers } = form([{ field: 'file', fileName: 'a.png', type: 'image/png', content: PNG }]);
    const noCsrf = await t.sut.inject({
      method: 'POST',
      url: '/api/attachments',
      payload: body,
      headers: { ...headers, cookie: worker.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    const id = (await t.db.db.execute<{ id: string }>(sql`select id from attachments limit 1`)).rows[0]!.id;
    expect((await t.request(null, 'GET', `/api/attachments/${id}`)).statusCode).toBe(401);
  });

  it('answers 404 for an unknown attachment and 400 for a malformed id', async () => {
    const missing = await t.request(worker, 'GET', '/api/attachments/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorBody>().code).toBe('ATTACHMENT_NOT_FOUND');
    expect((await t.request(worker, 'GET', '/api/attachments/123')).statusCode).toBe(400);
  });
});

describe('over a real socket', () => {
  it('a browser-style upload over the limit gets the 413 answer, not a reset connection', async () => {
    const address = await t.sut.listen({ port: 0, host: '127.0.0.1' });
    const body = new FormData();
    const big = Buffer.concat([PNG, Buffer.alloc(t.deps.config.maxUploadBytes + 512 * 1024)]);
    body.append('file', new Blob([big], { type: 'image/png' }), '大图.png');
    const res = await fetch(`${address}/api/attachments`, {
      method: 'POST',
      body,
      headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).code).toBe('FILE_TOO_LARGE');

    const small = new FormData();
    small.append('file', new Blob([PNG], { type: 'image/png' }), '小图.png');
    const ok = await fetch(`${address}/api/attachments`, {
      method: 'POST',
      body: small,
      headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf },
    });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as Attachment).fileName).toBe('小图.png');
  });
});
