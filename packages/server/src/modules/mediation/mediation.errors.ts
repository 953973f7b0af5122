import { defineErrors } from '../../platform/errors.ts';

/** Error codes of the mediation module. */
export const MediationErrors = defineErrors({
  MEDIATOR_NOT_FOUND: { status: 404, zh: '调解员不存在', en: 'Mediator not found' },
  POOL_NOT_FOUND: { status: 404, zh: '调解员储备库不存在', en: 'Mediator pool not found' },
  CASE_NOT_FOUND: { status: 404, zh: '调解案件不存在', en: 'Mediation case not found' },
  CORPS_NOT_FOUND: { status: 404, zh: '志愿队伍不存在', en: 'Volunteer corps not found' },
  TRAINING_BATCH_NOT_FOUND: { status: 404, zh: '培训批次不存在', en: 'Training batch not found' },
  CASE_STALE: {
    status: 409,
    zh: '案件已被他人修改，请刷新后重试',
    en: 'The case was changed by someone else; reload and try again',
  },
  MEDIATOR_STALE: {
    status: 409,
    zh: '调解员信息已被他人修改，请刷新后重试',
    en: 'The mediator was changed by someone else; reload and try again',
  },
  CASE_INVALID_TRANSITION: {
    status: 409,
    zh: '案件当前状态不允许此操作',
    en: 'This action is not allowed in the case’s current status',
  },
  CASE_FIELD_REQUIRED: { status: 400, zh: '此操作缺少必填内容', en: 'A field this action needs is missing' },
  MEDIATOR_AT_CAPACITY: {
    status: 409,
    zh: '调解员在办案件已满',
    en: 'The mediator already has as many open cases as their capacity',
  },
  MEDIATOR_INACTIVE: { status: 409, zh: '调解员已停用', en: 'The mediator is inactive' },
  INCIDENT_NOT_DISPUTE: {
    status: 400,
    zh: '关联的事件不属于矛盾纠纷类别',
    en: 'The linked incident is not of a dispute category',
  },
  INCIDENT_ALREADY_LINKED: {
    status: 409,
    zh: '该事件已关联调解案件',
    en: 'The incident is already linked to a mediation case',
  },
  IMPORT_INVALID: {
    status: 400,
    zh: '导入文件有错误，未导入任何数据',
    en: 'The import file has errors; nothing was imported',
  },
  DOCUMENT_UNAVAILABLE: {
    status: 409,
    zh: '案件尚未达成调解协议，无法生成文书',
    en: 'The case has no agreement yet, so the document cannot be generated',
  },
});
