import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { systemCtx, type Ctx } from './context.ts';
import { AppError } from './errors.ts';
import { cleanFileName, createFileStore, sniffType, XLSX_TYPE, type FileStore } from './files.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a464946000101', 'hex');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');

let db: TestDatabase;
let dir: string;
let sut: FileStore;
let ctx: Ctx;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zhili-files-'));
  sut = createFileStore({ dir, maxBytes: 64 * 1024 });
  ctx = systemCtx(db.db);
});
afterAll(async () => {
  await db.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err: unknown = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** Files left in the store apart from committed attachments: must stay empty after refusals. */
async function strayFiles(): Promise<string[]> {
  const tmp = await fs.readdir(path.join(dir, '.tmp')).catch(() => []);
  return tmp;
}

async function xlsxBuffer(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('regions').addRow(['code', 'name']).commit();
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('sniffType', () => {
  it('knows the accepted formats by their magic bytes', () => {
    expect(sniffType(PNG)).toBe('image/png');
    expect(sniffType(JPEG)).toBe('image/jpeg');
    expect(sniffType(WEBP)).toBe('image/webp');
    expect(sniffType(PDF)).toBe('application/pdf');
    expect(sniffType(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe('zip');
    expect(sniffType(Buffer.from('代码,名称\r\n330502,吴兴区\r\n'), true)).toBe('text');
    expect(sniffType(new TextEncoder().encode('\ufeffa,b\n') as Buffer, true)).toBe('text');
    expect(sniffType(Buffer.from('MZ\x90\x00\x03\x00', 'latin1'))).toBeNull();
    expect(sniffType(Buffer.alloc(0))).toBeNull();
  });

  it('reads GB18030 (GBK) CSV as text, as Excel on Chinese Windows writes it', () => {
    // "代码,名称\r\n" in GBK
    const gbk = Buffer.from('b4fac2eb2cc3fbb3c60d0a', 'hex');
    expect(sniffType(gbk, true)).toBe('text');
  });

  it('a UTF-8 head cut inside a character is still text', () => {
    const text = Buffer.from('吴兴区妙西镇');
    expect(sniffType(text.subarray(0, text.length - 1), false)).toBe('text');
  });

  it('never calls bytes with control characters text, and never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), (bytes) => {
        const buf = Buffer.from(bytes);
        const got = sniffType(buf, true);
        const hasControl = buf.some((b) => (b < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d].includes(b)) || b === 0x7f);
        return !(got === 'text' && hasControl);
      }),
    );
  });

  it('any bytes behind a known magic keep that type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<[Buffer, string]>(
          [PNG, 'image/png'],
          [JPEG, 'image/jpeg'],
          [WEBP, 'image/webp'],
          [PDF, 'application/pdf'],
        ),
        fc.uint8Array({ maxLength: 256 }),
        ([magic, type], rest) => sniffType(Buffer.concat([magic, Buffer.from(rest)])) === type,
      ),
    );
  });
});

describe('cleanFileName', () => {
  it('keeps Chinese names and drops directories and control characters', () => {
    expect(cleanFileName('现场照片.jpg')).toBe('现场照片.jpg');
    expect(cleanFileName('..\\..\\windows\\evil.pdf')).toBe('evil.pdf');
    expect(cleanFileName('/etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\nc.png')).toBe('abc.png');
    expect(cleanFileName('..')).toBe('file');
  });
});

describe('file store', () => {
  it('round-trips bytes, records the row with its sha256 and audits the upload', async () => {
    const content = Buffer.concat([PNG, Buffer.alloc(40_000, 7)]);
    const saved = await sut.save(ctx, Readable.from([content.subarray(0, 1000), content.subarray(1000)]), {
      fileName: '纠纷现场.png',
      contentType: 'image/png',
    });
    expect(saved).toMatchObject({
      fileName: '纠纷现场.png',
      contentType: 'image/png',
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
    expect(saved.storageKey).toMatch(new RegExp(`^\\d{4}/\\d{2}/${saved.id}$`));
    const opened = await sut.open(ctx, saved.id);
    expect(opened?.attachment.id).toBe(saved.id);
    expect((await bytesOf(opened!.stream)).equals(content)).toBe(true);
    const audit = await db.db.execute<{ action: string; after: Record<string, unknown> }>(
      sql`select action, after from audit_log where entity_id = ${saved.id}`,
    );
    expect(audit.rows).toEqual([
      {
        action: 'attachment.create',
        after: {
          fileName: '纠纷现场.png',
          contentType: 'image/png',
          size: content.length,
          sha256: saved.sha256,
          uploadedBy: null,
        },
      },
    ]);
    expect(await sut.open(ctx, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('accepts every listed type, with vague or aliased declared types', async () => {
    const cases: [Buffer, string, string | null, string][] = [
      [JPEG, 'a.jpg', 'image/jpg', 'image/jpeg'],
      [WEBP, 'b.webp', 'application/octet-stream', 'image/webp'],
      [PDF, '调解协议.pdf', null, 'application/pdf'],
      [Buffer.from('代码,名称\n330502,吴兴区\n'), '区划.csv', 'application/vnd.ms-excel', 'text/csv'],
      [Buffer.from('a,b\n1,2\n'), 'upload', 'text/csv', 'text/csv'],
      [await xlsxBuffer(), '区划.xlsx', XLSX_TYPE, XLSX_TYPE],
    ];
    for (const [bytes, fileName, contentType, expected] of cases) {
      const saved = await sut.save(ctx, bytes, { fileName, contentType });
      expect(saved.contentType, fileName).toBe(expected);
    }
  });

  it('refuses a file whose content does not match its declared type (415)', async () => {
    const err = await refusal(sut.save(ctx, JPEG, { fileName: 'x.png', contentType: 'image/png' }));
    expect(err.status).toBe(415);
    expect(err.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(err.details[0]).toMatchObject({ path: 'body.file', code: 'type_mismatch' });
    expect(await strayFiles()).toEqual([]);
  });

  it('refuses unlisted types: executables, plain zips, plain text, SVG-as-text (415)', async () => {
    const zip = Buffer.from('504b0506000000000000000000000000000000000000', 'hex'); // empty zip
    for (const [bytes, fileName, type] of [
      [Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), 'setup.exe', 'application/octet-stream'],
      [Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), zip]), 'a.zip', 'application/zip'],
      [Buffer.from('just notes'), 'notes.txt', 'text/plain'],
      [Buffer.from('<svg onload="alert(1)"/>'), 'x.svg', 'image/svg+xml'],
      [Buffer.alloc(0), 'empty.png', 'image/png'],
    ] as const) {
      const err = await refusal(sut.save(ctx, bytes, { fileName, contentType: type }));
      expect(err.status, fileName).toBe(415);
    }
    const pngOnly = createFileStore({ dir, maxBytes: 1024, allowedTypes: ['image/png'] });
    expect((await refusal(pngOnly.save(ctx, PDF, { fileName: 'a.pdf' }))).details[0]?.code).toBe('type_not_allowed');
    expect(await strayFiles()).toEqual([]);
  });

  it('refuses a file over the limit while streaming (413) and keeps nothing', async () => {
    const before = await db.db.execute<{ n: number }>(sql`select count(*)::int as n from attachments`);
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 16 * 1024;
        this.push(
          produced === 16 * 1024 ? Buffer.concat([PNG, Buffer.alloc(16 * 1024 - PNG.length)]) : Buffer.alloc(16 * 1024),
        );
      },
    });
    const err = await refusal(sut.save(ctx, endless, { fileName: 'big.png', contentType: 'image/png' }));
    expect(err.status).toBe(413);
    expect(err.code).toBe('FILE_TOO_LARGE');
    expect(produced).toBeLessThan(200 * 1024); // stopped reading soon after the limit
    expect(await strayFiles()).toEqual([]);
    const after = await db.db.execute<{ n: number }>(sql`select count(*)::int as n from attachments`);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    // Exactly at the limit is fine.
    const exact = Buffer.concat([PNG, Buffer.alloc(64 * 1024 - PNG.length)]);
    expect((await sut.save(ctx, exact, { fileName: 'exact.png' })).size).toBe(64 * 1024);
  });
});
