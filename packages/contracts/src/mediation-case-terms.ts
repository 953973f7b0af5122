import { z } from 'zod';

/** The vocabularies of mediation cases: statuses, referral targets, urgencies, party roles and sides, timeline actions. */

export const CASE_STATUSES = [
  'registered',
  'matched',
  'in_session',
  'agreement',
  'failed',
  'referred',
  'follow_up',
  'closed',
] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;
export const CASE_STATUS_NAMES_ZH: Record<CaseStatus, string> = {
  registered: '已登记',
  matched: '已匹配',
  in_session: '调解中',
  agreement: '达成协议',
  failed: '调解不成',
  referred: '已转办',
  follow_up: '回访中',
  closed: '已结案',
};
/** Statuses in which the statutory clock runs. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['registered', 'matched', 'in_session'];

export const REFERRAL_TARGETS = ['court_confirmation', 'arbitration', 'labour_inspection', 'litigation'] as const;
export const ReferralTarget = z.enum(REFERRAL_TARGETS);
export type ReferralTarget = z.infer<typeof ReferralTarget>;
export const REFERRAL_TARGET_NAMES_ZH: Record<ReferralTarget, string> = {
  court_confirmation: '法院司法确认',
  arbitration: '劳动仲裁',
  labour_inspection: '劳动监察',
  litigation: '诉讼',
};

export const URGENCIES = ['urgent', 'high', 'normal', 'low'] as const;
export const Urgency = z.enum(URGENCIES);
export type Urgency = z.infer<typeof Urgency>;

export const PARTY_ROLES = [
  'worker',
  'employer',
  'neighbour',
  'tenant',
  'landlord',
  'family_member',
  'consumer',
  'merchant',
  'driver',
  'other',
] as const;
export const PartyRole = z.enum(PARTY_ROLES);
export type PartyRole = z.infer<typeof PartyRole>;
export const PARTY_ROLE_NAMES_ZH: Record<PartyRole, string> = {
  worker: '务工人员',
  employer: '用工单位',
  neighbour: '邻居',
  tenant: '承租人',
  landlord: '出租人',
  family_member: '家庭成员',
  consumer: '消费者',
  merchant: '经营者',
  driver: '驾驶人',
  other: '其他',
};

/** 申请人 (applicant, 甲方) or 被申请人 (respondent, 乙方). */
export const PartySide = z.enum(['applicant', 'respondent']);
export type PartySide = z.infer<typeof PartySide>;

export const CASE_ACTIONS = [
  'register',
  'assign',
  'session',
  'agree',
  'fail',
  'refer',
  'follow_up',
  'close',
  'comment',
  'edit',
  'clock_warning',
  'clock_breach',
  'incident_status',
] as const;
export const CaseAction = z.enum(CASE_ACTIONS);
export type CaseAction = z.infer<typeof CaseAction>;
export const CASE_ACTION_NAMES_ZH: Record<CaseAction, string> = {
  register: '登记',
  assign: '指派调解员',
  session: '调解会',
  agree: '达成协议',
  fail: '调解不成',
  refer: '转办',
  follow_up: '回访',
  close: '结案',
  comment: '备注',
  edit: '修改案件',
  clock_warning: '时限预警',
  clock_breach: '超过法定时限',
  incident_status: '事件状态同步',
};
