import { defineErrors } from '../../platform/errors.ts';

/** Stable error codes of regions, organizations and persons. */
export const CoreErrors = defineErrors({
  REGION_NOT_FOUND: { status: 404, zh: '行政区划不存在', en: 'No such region' },
  REGION_CODE_TAKEN: { status: 409, zh: '该区划代码已存在', en: 'A region with this code already exists' },
  REGION_PARENT_NOT_FOUND: { status: 400, zh: '上级区划不存在', en: 'The parent region does not exist' },
  REGION_PLACEMENT_INVALID: {
    status: 400,
    zh: '区划代码或层级与上级区划不符',
    en: 'The code or level does not fit under the parent region',
  },
  REGION_IMPORT_INVALID: {
    status: 400,
    zh: '导入文件有误，未导入任何数据；请按明细逐行修正',
    en: 'The import file has errors and nothing was imported; fix every row listed',
  },
  ORGANIZATION_NOT_FOUND: { status: 404, zh: '组织机构不存在', en: 'No such organization' },
  ORGANIZATION_CREDIT_CODE_TAKEN: {
    status: 409,
    zh: '该统一社会信用代码已被其他组织使用',
    en: 'Another organization already has this unified social credit code',
  },
  ORGANIZATION_PARENT_NOT_FOUND: { status: 400, zh: '上级组织不存在', en: 'The parent organization does not exist' },
  PERSON_NOT_FOUND: { status: 404, zh: '人员不存在', en: 'No such person' },
  PERSON_ID_NUMBER_TAKEN: {
    status: 409,
    zh: '该身份证号码已登记',
    en: 'A person with this identity card number is already registered',
  },
});
