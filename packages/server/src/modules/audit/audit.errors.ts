import { defineErrors } from '../../platform/errors.ts';

/** Error codes of the audit module. */
export const AuditErrors = defineErrors({
  AUDIT_RANGE_INVALID: {
    status: 400,
    zh: '时间范围无效：开始时间晚于结束时间',
    en: 'Invalid time range: "from" is after "to"',
  },
});
