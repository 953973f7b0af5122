import { defineErrors } from '../../platform/errors.ts';

/** Stable error codes of the incidents module (intake, lifecycle, whistle, feedback). */
export const IncidentErrors = defineErrors({
  INCIDENT_NOT_FOUND: { status: 404, zh: '事件不存在', en: 'No such incident' },
  INCIDENT_STALE: {
    status: 409,
    zh: '事件已被他人更新，请刷新后重试',
    en: 'The incident was changed by someone else; reload and try again',
  },
  INCIDENT_INVALID_TRANSITION: {
    status: 409,
    zh: '当前状态下不能执行此操作',
    en: 'This action is not possible in the incident’s current status',
  },
  INCIDENT_REASON_REQUIRED: { status: 400, zh: '请填写原因或说明', en: 'A reason (note) is required' },
  INCIDENT_TARGET_REQUIRED: {
    status: 400,
    zh: '请指定要合并到的事件',
    en: 'The incident to merge into is required',
  },
  INCIDENT_ASSIGNEE_REQUIRED: {
    status: 400,
    zh: '请指定承办单位或承办人',
    en: 'A handling unit or handler is required',
  },
  INCIDENT_RATING_REQUIRED: { status: 400, zh: '请给出满意度评价', en: 'A satisfaction rating is required' },
  INCIDENT_UNKNOWN_CATEGORY: { status: 400, zh: '事件类别不存在或已停用', en: 'Unknown or inactive category' },
  INCIDENT_UNKNOWN_REGION: { status: 400, zh: '区域不存在', en: 'Unknown region' },
  INCIDENT_UNKNOWN_ORGANIZATION: { status: 400, zh: '单位不存在', en: 'Unknown organization' },
  INCIDENT_UNKNOWN_ACCOUNT: { status: 400, zh: '账号不存在', en: 'Unknown account' },
  INCIDENT_ATTRIBUTE_INVALID: {
    status: 400,
    zh: '事件附加信息不符合类别要求',
    en: 'An attribute does not fit the category',
  },
  INCIDENT_MERGE_INVALID: {
    status: 409,
    zh: '不能合并到该事件',
    en: 'The incident cannot be merged into that one',
  },
  INCIDENT_NOT_SUMMONED: {
    status: 409,
    zh: '该单位未被吹哨召集或已报到',
    en: 'This organization was not summoned to the incident or has already reported in',
  },
  INCIDENT_TRACKING_CODE_INVALID: {
    status: 404,
    zh: '事件编号或查询码不正确',
    en: 'Wrong incident number or tracking code',
  },
  INCIDENT_FEEDBACK_NOT_ALLOWED: {
    status: 409,
    zh: '事件尚未办结，暂不能回访评价',
    en: 'The incident is not resolved yet; feedback is not possible',
  },
  INCIDENT_STREAM_NOT_ACCEPTED: {
    status: 406,
    zh: '实时推送需要 Accept: text/event-stream',
    en: 'The live stream needs Accept: text/event-stream',
  },
  INCIDENT_INTAKE_OVERLOADED: {
    status: 503,
    zh: '受理繁忙，请稍后重试',
    en: 'Intake is overloaded; try again shortly',
  },
});
