import type { Readable } from 'node:stream';
import type { Attachment } from '@zhili/contracts';
import type { Ctx } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import type { AttachmentRow, FileStore } from '../../platform/files.ts';
import { FilesErrors } from './files.errors.ts';

/** A file arriving from a client: its bytes and what the client says about them. */
export interface Upload {
  /** The form field it came in. */
  field: string;
  stream: Readable;
  fileName: string;
  contentType: string | null;
}

/**
 * Any signed-in caller (account or API key) may store and fetch attachments for now; modules
 * that attach files to their records will check access to those records.
 */
function requireSignedIn(ctx: Ctx): void {
  if (ctx.actor.kind === 'anonymous') throw PlatformErrors.UNAUTHENTICATED();
}

export function presentAttachment(r: AttachmentRow): Attachment {
  return {
    id: r.id,
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    uploadedBy: r.uploadedBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Stores one uploaded file. `receive` yields the upload only after the access check, so an
 * anonymous caller's bytes are never read.
 */
export async function uploadAttachment(
  ctx: Ctx,
  store: FileStore,
  receive: () => Promise<Upload | undefined>,
): Promise<Attachment> {
  requireSignedIn(ctx);
  const upload = await receive();
  if (!upload || upload.field !== 'file') {
    upload?.stream.resume(); // drain what we will not store
    throw FilesErrors.FILE_MISSING([{ path: 'body.file', code: 'required', message: 'field "file" is required' }]);
  }
  const row = await store.save(ctx, upload.stream, { fileName: upload.fileName, contentType: upload.contentType });
  return presentAttachment(row);
}

/** An attachment's metadata and bytes. */
export async function openAttachment(
  ctx: Ctx,
  store: FileStore,
  id: string,
): Promise<{ attachment: Attachment; stream: Readable }> {
  requireSignedIn(ctx);
  const opened = await store.open(ctx, id);
  if (!opened) throw FilesErrors.ATTACHMENT_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  return { attachment: presentAttachment(opened.attachment), stream: opened.stream };
}
