import type { ErrorBody, ErrorDetail } from '@zhili/contracts';

/** A stable error code with its HTTP status and zh-CN and English messages. */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

/**
 * The one error type of zhili. Services throw it with a stable code; the HTTP layer maps it to
 * the error body. Codes are declared per module with {@link defineErrors}.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly spec: ErrorSpec,
    readonly details: ErrorDetail[] = [],
  ) {
    super(`${code}: ${spec.en}`);
    this.name = 'AppError';
  }
  get status(): number {
    return this.spec.status;
  }
  toBody(requestId?: string): ErrorBody {
    return {
      code: this.code,
      message: this.spec.zh,
      messageEn: this.spec.en,
      details: this.details,
      ...(requestId ? { requestId } : {}),
    };
  }
}

export type ErrorFactory = (details?: ErrorDetail[]) => AppError;

/** Declares a module's error codes; returns one factory per code. */
export function defineErrors<K extends string>(specs: Record<K, ErrorSpec>): Record<K, ErrorFactory> {
  const out = {} as Record<K, ErrorFactory>;
  for (const code of Object.keys(specs) as K[]) {
    const spec = specs[code];
    out[code] = (details = []) => new AppError(code, spec, details);
  }
  return out;
}

/** Errors of the platform itself. */
export const PlatformErrors = defineErrors({
  VALIDATION_FAILED: { status: 400, zh: '请求数据不符合要求', en: 'The request is invalid' },
  MALFORMED_BODY: { status: 400, zh: '请求体无法解析', en: 'The request body could not be parsed' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { status: 404, zh: '资源不存在', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Authentication required' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You do not have permission for this action' },
  OUT_OF_SCOPE: {
    status: 403,
    zh: '目标不在您的管辖范围内',
    en: 'The target is outside the scope of your role',
  },
  CSRF_TOKEN_INVALID: { status: 403, zh: 'CSRF 令牌缺失或无效', en: 'Missing or invalid CSRF token' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  CONFLICT: { status: 409, zh: '数据已被他人修改，请刷新后重试', en: 'The record was changed by someone else' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '幂等键已用于不同的请求',
    en: 'The Idempotency-Key was already used for a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    zh: '相同幂等键的请求正在处理',
    en: 'A request with this Idempotency-Key is still being processed',
  },
  NOT_READY: { status: 503, zh: '服务尚未就绪', en: 'The service is not ready' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
});

/** Shorthand for a validation error on one field. */
export function invalid(path: string, message: string, code = 'invalid'): AppError {
  return PlatformErrors.VALIDATION_FAILED([{ path, code, message }]);
}
