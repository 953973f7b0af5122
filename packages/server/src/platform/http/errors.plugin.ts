import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorDetail } from '@zhili/contracts';
import { AppError, PlatformErrors } from '../errors.ts';

/** Maps a Fastify/ajv/zod error to our stable codes; anything unknown becomes INTERNAL. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = (err as { validationContext?: string }).validationContext ?? 'body';
    const details: ErrorDetail[] = err.validation.map((v) => ({
      path: [context, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      code: v.keyword,
      message: v.message ?? 'invalid',
    }));
    return PlatformErrors.VALIDATION_FAILED(details);
  }
  const fe = err as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return PlatformErrors.MALFORMED_BODY([{ path: 'body', code: 'malformed', message: fe.message ?? '' }]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return PlatformErrors.BODY_TOO_LARGE();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return PlatformErrors.UNSUPPORTED_MEDIA_TYPE();
    case undefined:
    default:
      break;
  }
  if (fe.validation) {
    return PlatformErrors.VALIDATION_FAILED(
      fe.validation.map((v) => ({
        path: [fe.validationContext ?? 'body', ...v.instancePath.split('/').filter(Boolean)].join('.'),
        code: v.keyword,
        message: v.message ?? 'invalid',
      })),
    );
  }
  if (fe.statusCode === 429) return PlatformErrors.RATE_LIMITED();
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return PlatformErrors.MALFORMED_BODY([{ path: 'body', code: fe.code ?? 'bad_request', message: fe.message ?? '' }]);
  }
  return PlatformErrors.INTERNAL();
}

/** One error body for every failure: `{ code, message, messageEn, details, requestId }`. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const appError = toAppError(err);
    if (appError.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: appError.code }, 'request refused');
    void reply.status(appError.status).send(appError.toBody(request.id));
  });
}

/** Unknown paths: the API's 404 body (the web plugin replaces this when it serves the app). */
export function registerApiNotFound(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(PlatformErrors.ROUTE_NOT_FOUND().toBody(request.id));
  });
}
