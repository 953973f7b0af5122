import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { FILE_TYPES, type FileType } from '@zhili/contracts';
import { recordAudit } from './audit.ts';
import type { Config } from './config.ts';
import type { Ctx } from './context.ts';
import { defineErrors, type AppError } from './errors.ts';
import { attachments } from './platform.table.ts';

export const FileErrors = defineErrors({
  FILE_TOO_LARGE: { status: 413, zh: '文件超过大小上限', en: 'The file is larger than allowed' },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '不支持该文件类型，或文件内容与声明的类型不符',
    en: 'This file type is not accepted, or its content does not match its declared type',
  },
});

export type AttachmentRow = typeof attachments.$inferSelect;

export const XLSX_TYPE: FileType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the first bytes say a file is. `zip` and `text` need a second look (xlsx? csv?). */
export type Sniffed = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf' | 'zip' | 'text' | null;

/** Bytes of the head kept for sniffing. */
const HEAD_BYTES = 64 * 1024;

function startsWith(head: Buffer, bytes: number[], at = 0): boolean {
  return head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
}

/** True when `head` reads as text (UTF-8 or GB18030, which Excel on Chinese Windows writes). */
function looksLikeText(head: Buffer, complete: boolean): boolean {
  for (const b of head) {
    // Text has no control characters other than tab, newline, form feed and carriage return.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return false;
    if (b === 0x7f) return false;
  }
  // A truncated head may end inside a multi-byte character: drop up to 3 trailing bytes.
  for (const encoding of ['utf-8', 'gb18030']) {
    for (let cut = 0; cut <= (complete ? 0 : 3); cut++) {
      try {
        new TextDecoder(encoding, { fatal: true }).decode(head.subarray(0, head.length - cut));
        return true;
      } catch {
        // try a shorter cut or the next encoding
      }
    }
  }
  return false;
}

/**
 * Identifies a file by its magic bytes. `complete` says whether `head` is the whole file (then a
 * trailing multi-byte character cannot be cut off).
 */
export function sniffType(head: Buffer, complete = false): Sniffed {
  if (head.length === 0) return null;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return looksLikeText(head, complete) ? 'text' : null;
}

/**
 * Names of the entries of a ZIP file, read from its central directory (the reliable index at
 * the end; local headers may be in any order). Null when the file is not a readable ZIP.
 */
export async function zipEntryNames(file: string): Promise<string[] | null> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    // End-of-central-directory record: 22 bytes plus a comment of up to 65535 bytes.
    const tailSize = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024) return null;
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const names: string[] = [];
    for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50;) {
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      names.push(cd.toString('utf8', p + 46, p + 46 + nameLen));
      p += 46 + nameLen + extraLen + commentLen;
    }
    return names;
  } finally {
    await handle.close();
  }
}

/** Declared types that say nothing (browsers send these for unknown extensions). */
const VAGUE_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);
/** What browsers and Windows call these types besides their canonical name. */
const CSV_NAMES = ['text/csv', 'application/csv', 'text/comma-separated-values', 'text/x-csv'];
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  ...Object.fromEntries(CSV_NAMES.map((n) => [n, 'text/csv'])),
  // Windows maps .csv to Excel's old type; some browsers send text/plain for it.
  'application/vnd.ms-excel': 'text/*',
  'text/plain': 'text/*',
  'application/zip': 'application/zip',
  'application/x-zip-compressed': 'application/zip',
};

/** The declared type, lower-cased without parameters, with aliases resolved. */
function declaredType(contentType: string | null | undefined): string {
  const base = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return ALIASES[base] ?? base;
}

/** Whether the client's claim is compatible with what the content turned out to be. */
function claimFits(declared: string, actual: string): boolean {
  if (VAGUE_TYPES.has(declared) || declared === actual) return true;
  if (declared === 'text/*') return actual === 'text/csv' || actual === 'text/plain';
  return declared === 'application/zip' && actual === XLSX_TYPE; // xlsx is a zip
}

/** A file name safe to store and echo: no directories, no control characters, at most 255 chars. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  return cleaned.length > 0 && cleaned !== '.' && cleaned !== '..' ? cleaned : 'file';
}

export interface FileStoreOptions {
  /** Root directory; files go to `<dir>/<yyyy>/<mm>/<uuid>`. */
  dir: string;
  maxBytes: number;
  /** Accepted types; default: all of FILE_TYPES. */
  allowedTypes?: readonly FileType[];
}

export interface SaveMeta {
  fileName: string;
  /** What the client claimed; refused when the content says otherwise. */
  contentType?: string | null;
  /** Account that uploaded; default: the acting account. */
  uploadedBy?: string | null;
}

export interface OpenedFile {
  attachment: AttachmentRow;
  stream: Readable;
}

export interface FileStore {
  /**
   * Streams `input` to disk (hashing and counting as it goes), checks its real type, then records
   * the attachment row and its audit entry in one transaction. Refuses with FILE_TOO_LARGE (413)
   * or FILE_TYPE_NOT_ALLOWED (415); nothing is left on disk or in the database on refusal.
   */
  save(ctx: Ctx, input: Readable | Buffer, meta: SaveMeta): Promise<AttachmentRow>;
  /** The row and a read stream of the bytes; null when unknown or the bytes are gone. */
  open(ctx: Ctx, id: string): Promise<OpenedFile | null>;
}

function notAllowed(code: string, message: string): AppError {
  return FileErrors.FILE_TYPE_NOT_ALLOWED([{ path: 'body.file', code, message }]);
}

/** The store for attachments, configured from the environment. */
export function fileStoreFromConfig(config: Pick<Config, 'attachmentsDir' | 'maxUploadBytes'>): FileStore {
  return createFileStore({ dir: config.attachmentsDir, maxBytes: config.maxUploadBytes });
}

/** A directory-backed attachment store. */
export function createFileStore(opts: FileStoreOptions): FileStore {
  const allowed = new Set<string>(opts.allowedTypes ?? FILE_TYPES);
  const tmpDir = path.join(opts.dir, '.tmp');

  /** Decides the stored type from content, declared type and name; throws 415 on a mismatch. */
  async function decideType(file: string, head: Buffer, complete: boolean, meta: SaveMeta): Promise<FileType> {
    const sniffed = sniffType(head, complete);
    const declared = declaredType(meta.contentType);
    let actual: string;
    if (sniffed === 'zip') {
      const names = (await zipEntryNames(file)) ?? [];
      const isXlsx = names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/'));
      actual = isXlsx ? XLSX_TYPE : 'application/zip';
    } else if (sniffed === 'text') {
      // Text has no magic: it is CSV when the client says so, by type or by name.
      actual = declared === 'text/csv' || /\.csv$/i.test(meta.fileName) ? 'text/csv' : 'text/plain';
    } else {
      actual = sniffed ?? 'application/octet-stream';
    }
    if (!allowed.has(actual)) {
      throw notAllowed('type_not_allowed', `${actual} is not accepted (allowed: ${[...allowed].join(', ')})`);
    }
    if (!claimFits(declared, actual)) {
      throw notAllowed('type_mismatch', `declared ${declared} but the content is ${actual}`);
    }
    return actual as FileType;
  }

  return {
    async save(ctx, input, meta) {
      const id = randomUUID();
      await fs.mkdir(tmpDir, { recursive: true });
      const tmp = path.join(tmpDir, `${id}.part`);
      const hash = createHash('sha256');
      const head: Buffer[] = [];
      let headLength = 0;
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > opts.maxBytes) {
            done(
              FileErrors.FILE_TOO_LARGE([
                { path: 'body.file', code: 'too_large', message: `max ${opts.maxBytes} bytes` },
              ]),
            );
            return;
          }
          hash.update(chunk);
          if (headLength < HEAD_BYTES) {
            head.push(chunk);
            headLength += chunk.length;
          }
          done(null, chunk);
        },
      });
      const source = Buffer.isBuffer(input) ? Readable.from([input]) : input;
      let finalPath: string | undefined;
      try {
        await pipeline(source, meter, createWriteStream(tmp, { flags: 'wx', mode: 0o640 }));
        const headBuf = Buffer.concat(head).subarray(0, HEAD_BYTES);
        const contentType = await decideType(tmp, headBuf, size <= HEAD_BYTES, meta);
        const now = new Date();
        const storageKey = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
        finalPath = path.join(opts.dir, storageKey);
        await fs.mkdir(path.dirname(finalPath), { recursive: true });
        // Same filesystem, so the rename is atomic: a reader never sees half a file.
        await fs.rename(tmp, finalPath);
        const row = {
          id,
          fileName: cleanFileName(meta.fileName),
          contentType,
          size,
          sha256: hash.digest('hex'),
          storageKey,
          uploadedBy: meta.uploadedBy ?? (ctx.actor.kind === 'account' ? ctx.actor.id : null),
        };
        return await ctx.db.transaction(async (tx) => {
          const [saved] = await tx.insert(attachments).values(row).returning();
          const after = { fileName: row.fileName, contentType, size, sha256: row.sha256, uploadedBy: row.uploadedBy };
          await recordAudit(ctx, tx, { action: 'attachment.create', entity: 'attachment', entityId: id, after });
          return saved!;
        });
      } catch (err) {
        source.destroy();
        await fs.rm(tmp, { force: true });
        if (finalPath) await fs.rm(finalPath, { force: true });
        throw err;
      }
    },

    async open(ctx, id) {
      const [attachment] = await ctx.db.select().from(attachments).where(eq(attachments.id, id));
      if (!attachment) return null;
      const file = path.join(opts.dir, attachment.storageKey);
      try {
        await fs.access(file);
      } catch {
        return null;
      }
      return { attachment, stream: createReadStream(file) };
    },
  };
}
