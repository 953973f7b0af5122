import { defineErrors } from '../../platform/errors.ts';

/** Stable error codes of the evaluation module (生态鼎 and other composite indices). */
export const EvaluationErrors = defineErrors({
  EVAL_FRAMEWORK_INVALID: {
    status: 400,
    zh: '评价体系定义有误，请按提示修改',
    en: 'The evaluation framework is invalid; see the details',
  },
  EVAL_FRAMEWORK_NOT_FOUND: { status: 404, zh: '评价体系不存在', en: 'No such evaluation framework' },
  EVAL_FRAMEWORK_REGION_MISMATCH: {
    status: 409,
    zh: '评价体系的新版本必须属于同一行政区划',
    en: 'A new version of a framework must belong to the same region',
  },
  EVAL_DATA_INVALID: {
    status: 400,
    zh: '数据文件有误，未导入任何数据；请按清单逐条修改后重新上传',
    en: 'The data file has problems and nothing was imported; fix every listed problem and upload again',
  },
  EVAL_DATASET_NOT_FOUND: { status: 404, zh: '数据集不存在', en: 'No such dataset' },
  EVAL_DATASET_MISMATCH: {
    status: 400,
    zh: '该数据集不属于所选评价体系',
    en: 'The dataset does not belong to this framework',
  },
  EVAL_NO_DATA_FOR_YEAR: {
    status: 400,
    zh: '数据集中没有该年度的数据',
    en: 'The dataset has no data for this year',
  },
  EVAL_RUN_FAILED: {
    status: 400,
    zh: '无法按该评价体系计算，请检查体系与数据',
    en: 'The evaluation could not be computed; check the framework and the data',
  },
  EVAL_AHP_INCONSISTENT: {
    status: 400,
    zh: '层次分析法判断矩阵一致性比率不小于 0.1，请调整判断矩阵',
    en: 'The AHP pairwise matrix has a consistency ratio of 0.1 or more',
  },
  EVAL_RUN_NOT_FOUND: { status: 404, zh: '评价结果不存在', en: 'No such evaluation run' },
  EVAL_RUN_ALREADY_PUBLISHED: {
    status: 409,
    zh: '该评价结果已发布，不能重复发布',
    en: 'This run is already published',
  },
  EVAL_YEAR_ALREADY_PUBLISHED: {
    status: 409,
    zh: '该评价体系本年度已有发布的结果，冠军鼎名录不可改写',
    en: 'A run of this framework and year is already published; the champion roll is never rewritten',
  },
  EVAL_UNIT_NOT_FOUND: { status: 404, zh: '评价结果中没有该单位', en: 'No such unit in this run' },
  EVAL_SENSITIVITY_NOT_FOUND: { status: 404, zh: '敏感性分析不存在', en: 'No such sensitivity analysis' },
  EVAL_SENSITIVITY_UNAVAILABLE: {
    status: 503,
    zh: '敏感性分析引擎尚未就绪',
    en: 'The sensitivity engine is not available',
  },
});
