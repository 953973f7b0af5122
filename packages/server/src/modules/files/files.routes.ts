import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Attachment, IdParam } from '@zhili/contracts';
import type { App, AppDeps } from '../../platform/module.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { fileStoreFromConfig } from '../../platform/files.ts';
import { openAttachment, uploadAttachment } from './files.service.ts';

/** Types a browser may show in place; everything else is downloaded (never rendered as HTML). */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);

/** `Content-Disposition` with an ASCII fallback and the real (often Chinese) name per RFC 6266. */
function contentDisposition(type: string, fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const kind = INLINE_TYPES.has(type) ? 'inline' : 'attachment';
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Upload (multipart field `file`) and download of attachments. */
export async function registerFileRoutes(app: App, deps: AppDeps): Promise<void> {
  const store = fileStoreFromConfig(deps.config);
  const tags = ['attachments'];

  // Multipart parsing lives in its own context so no other module's routes accept it by accident.
  await app.register(async (child) => {
    await child.register(multipart, {
      // One byte over the limit lets the store see the overflow and answer FILE_TOO_LARGE itself.
      limits: { fileSize: deps.config.maxUploadBytes + 1, files: 1, fields: 5, parts: 6 },
    });
    child.withTypeProvider<ZodTypeProvider>().post(
      '/api/attachments',
      {
        config: { access: 'authenticated' },
        schema: { consumes: ['multipart/form-data'], response: { 201: Attachment }, tags },
      },
      async (req, reply) => {
        const attachment = await uploadAttachment(req.ctx, store, async () => {
          if (!req.isMultipart()) throw PlatformErrors.UNSUPPORTED_MEDIA_TYPE();
          const part = await req.file();
          return (
            part && { field: part.fieldname, stream: part.file, fileName: part.filename, contentType: part.mimetype }
          );
        });
        return reply.status(201).send(attachment);
      },
    );
  });

  app.get(
    '/api/attachments/:id',
    { config: { access: 'authenticated' }, schema: { params: IdParam, tags } },
    async (req, reply) => {
      const { attachment, stream } = await openAttachment(req.ctx, store, req.params.id);
      return reply
        .type(attachment.contentType)
        .header('content-length', attachment.size)
        .header('content-disposition', contentDisposition(attachment.contentType, attachment.fileName))
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('etag', `"${attachment.sha256}"`)
        .send(stream);
    },
  );
}
