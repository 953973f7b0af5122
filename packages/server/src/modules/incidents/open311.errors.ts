import { defineErrors } from '../../platform/errors.ts';

/** Open311 GeoReport v2 errors (the routes render them in the spec's format and status codes). */
export const Open311Errors = defineErrors({
  OPEN311_FORMAT_UNKNOWN: {
    status: 404,
    zh: '不支持的格式，请使用 .json 或 .xml',
    en: 'Unknown format; use .json or .xml',
  },
  OPEN311_SERVICE_NOT_FOUND: { status: 404, zh: '服务类型（事件类别）不存在', en: 'service_code not found' },
  OPEN311_REQUEST_NOT_FOUND: { status: 404, zh: '服务请求不存在', en: 'service_request_id not found' },
  OPEN311_TOKEN_NOT_FOUND: { status: 404, zh: '令牌不存在', en: 'token not found' },
});
