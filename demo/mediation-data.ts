import type { CaseStatus, MediationType, PartyRole, ReferralTarget } from '@zhili/contracts';

/**
 * Data of the mediation demo (see demo/README.md). Places are real: 诸暨市大唐街道 and its demo
 * communities, 岱山县 and its townships, and the volunteers' home counties (GB/T 2260 codes).
 * Every person's name ends in （示例）: the mediators, parties and volunteers are illustrative.
 */

export const DATANG = '330681005';
export const DATANG_COMMUNITIES = [
  { code: '330681005001', name: '雍平社区', lat: 29.646, lng: 120.196 },
  { code: '330681005002', name: '盛唐社区', lat: 29.651, lng: 120.205 },
  { code: '330681005003', name: '大唐社区', lat: 29.641, lng: 120.209 },
  { code: '330681005004', name: '光裕社区', lat: 29.636, lng: 120.199 },
  { code: '330681005005', name: '开元社区', lat: 29.656, lng: 120.214 },
] as const;
export const DAISHAN = '330921';
export const DAISHAN_TOWNSHIPS = [
  '330921100',
  '330921103',
  '330921101',
  '330921102',
  '330921105',
  '330921106',
] as const;

/** Home counties of the volunteers: code, place name, dialect. */
export const HOMETOWNS: Record<string, readonly (readonly [string, string, string])[]> = {
  '34': [
    ['341221', '安徽省阜阳市临泉县', '阜阳话'],
    ['341225', '安徽省阜阳市阜南县', '阜阳话'],
    ['341623', '安徽省亳州市利辛县', '亳州话'],
    ['341322', '安徽省宿州市萧县', '皖北话'],
    ['340421', '安徽省淮南市凤台县', '淮南话'],
  ],
  '36': [
    ['360731', '江西省赣州市于都县', '客家话'],
    ['360733', '江西省赣州市会昌县', '客家话'],
    ['361127', '江西省上饶市余干县', '赣语'],
    ['360428', '江西省九江市都昌县', '赣语'],
  ],
  '41': [
    ['411723', '河南省驻马店市平舆县', '河南话'],
    ['411623', '河南省周口市商水县', '河南话'],
    ['411526', '河南省信阳市潢川县', '信阳话'],
    ['410523', '河南省安阳市汤阴县', '河南话'],
  ],
  '45': [
    ['450881', '广西壮族自治区贵港市桂平市', '白话'],
    ['450921', '广西壮族自治区玉林市容县', '白话'],
    ['450422', '广西壮族自治区梧州市藤县', '白话'],
    ['451081', '广西壮族自治区百色市靖西市', '壮语'],
  ],
  '52': [
    ['520521', '贵州省毕节市大方县', '贵州话'],
    ['520524', '贵州省毕节市织金县', '贵州话'],
    ['520323', '贵州省遵义市绥阳县', '贵州话'],
    ['522623', '贵州省黔东南苗族侗族自治州施秉县', '苗语'],
  ],
  '42': [
    ['421022', '湖北省荆州市公安县', '湖北话'],
    ['420921', '湖北省孝感市孝昌县', '湖北话'],
  ],
  '33': [['330921', '浙江省舟山市岱山县', '舟山话']],
  '51': [['511623', '四川省广安市邻水县', '四川话']],
};

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = [
  '建国',
  '红梅',
  '志强',
  '秀英',
  '海峰',
  '丽娟',
  '德胜',
  '桂兰',
  '春生',
  '玉梅',
  '国庆',
  '小燕',
  '宏伟',
  '金凤',
  '长江',
  '淑芬',
  '永红',
  '立新',
  '晓东',
  '翠花',
  '文斌',
  '美玲',
  '家福',
  '素珍',
];

/** The n-th illustrative name: deterministic, distinct for n below 1,104. */
export function demoName(n: number): string {
  return `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}（示例）`;
}

/** Illustrative mobile number (the 170 prefix is a virtual-operator range). */
export const demoPhone = (n: number): string => `170${String(10_000_000 + n * 7919).slice(-8)}`;

/** Resident counts by origin province for each Datang community (illustrative). */
export const RESIDENT_ORIGINS: Record<string, Record<string, number>> = {
  '330681005001': { '34': 4200, '36': 2100, '41': 1800, '45': 900, '52': 1500, '51': 1300, '43': 300 },
  '330681005002': { '34': 3600, '36': 1200, '41': 2500, '45': 700, '52': 1100, '42': 800 },
  '330681005003': { '34': 2900, '36': 1900, '41': 1400, '45': 1200, '52': 900, '51': 600 },
  '330681005004': { '34': 3100, '36': 800, '41': 2200, '45': 500, '52': 1700 },
  '330681005005': { '34': 2500, '36': 1500, '41': 1300, '45': 1000, '52': 1200, '53': 700 },
};

/** Anti-fraud outreach topics (宣传主题). */
export const OUTREACH_TOPICS = [
  '刷单返利类诈骗防范',
  '冒充电商物流客服诈骗防范',
  '虚假投资理财诈骗防范',
  '冒充公检法诈骗防范',
  '虚假网络贷款诈骗防范',
  '网络游戏虚假交易诈骗防范',
  '以“高薪招工”为名的诈骗防范',
  '虚假征信类诈骗防范',
  '养老服务类诈骗防范',
  '“帮信罪”出租出借银行卡风险提示',
  '春节返乡途中防骗提示',
  '国家反诈中心App推广',
] as const;

export interface DemoCase {
  type: MediationType;
  title: string;
  description: string;
  amount: number | null;
  community: number;
  applicant: { role: PartyRole; province: string; kind?: 'person' | 'organization'; name?: string };
  respondent: { role: PartyRole; province: string; kind?: 'person' | 'organization'; name?: string };
  /** Where the case ends up. */
  status: CaseStatus;
  referral?: ReferralTarget;
  /** Days since registration, and days to the outcome. */
  ageDays: number;
  durationDays: number;
}

const p = (role: PartyRole, province: string, kind?: 'person' | 'organization', name?: string) => ({
  role,
  province,
  kind,
  name,
});

/** 21 Datang cases besides the Anhui-worker-versus-Hubei-employer injury case. */
export const DATANG_CASES: DemoCase[] = [
  {
    type: 'wage_arrears',
    title: '袜机挡车工追讨三个月工资',
    description: '务工人员称某织袜作坊拖欠三个月工资共计二万一千元，作坊主称因订单回款困难。',
    amount: 21000,
    community: 0,
    applicant: p('worker', '52'),
    respondent: p('employer', '33', 'organization', '某织袜加工作坊（示例）'),
    status: 'closed',
    ageDays: 160,
    durationDays: 9,
  },
  {
    type: 'neighbour',
    title: '出租房噪音引发邻里纠纷',
    description: '夜班工人与邻居因深夜噪音多次争吵，险些发生肢体冲突。',
    amount: null,
    community: 1,
    applicant: p('neighbour', '41'),
    respondent: p('neighbour', '34'),
    status: 'closed',
    ageDays: 140,
    durationDays: 4,
  },
  {
    type: 'tenancy',
    title: '押金退还纠纷',
    description: '租客退租时房东以墙面损坏为由扣留押金三千元。',
    amount: 3000,
    community: 2,
    applicant: p('tenant', '45'),
    respondent: p('landlord', '33'),
    status: 'closed',
    ageDays: 120,
    durationDays: 6,
  },
  {
    type: 'labour_injury',
    title: '定型车间烫伤赔偿纠纷',
    description: '定型工在操作中手部烫伤，就医疗费和误工费与企业协商未果。',
    amount: 45000,
    community: 3,
    applicant: p('worker', '36'),
    respondent: p('employer', '33', 'organization', '某定型加工厂（示例）'),
    status: 'follow_up',
    ageDays: 75,
    durationDays: 18,
  },
  {
    type: 'family',
    title: '务工夫妻子女抚养纠纷',
    description: '一对江西籍务工夫妻分居，就子女随谁生活及抚养费产生争议。',
    amount: null,
    community: 4,
    applicant: p('family_member', '36'),
    respondent: p('family_member', '36'),
    status: 'follow_up',
    ageDays: 60,
    durationDays: 15,
  },
  {
    type: 'wage_arrears',
    title: '包工头拖欠装修工工资',
    description: '五名河南籍装修工称包工头拖欠工资四万八千元后失联。',
    amount: 48000,
    community: 0,
    applicant: p('worker', '41'),
    respondent: p('employer', '41'),
    status: 'referred',
    referral: 'labour_inspection',
    ageDays: 50,
    durationDays: 7,
  },
  {
    type: 'labour_contract',
    title: '未签劳动合同双倍工资争议',
    description: '员工离职后主张未签劳动合同的双倍工资差额，企业不予认可。',
    amount: 36000,
    community: 1,
    applicant: p('worker', '34'),
    respondent: p('employer', '33', 'organization', '某袜业科技有限公司（示例）'),
    status: 'referred',
    referral: 'arbitration',
    ageDays: 45,
    durationDays: 12,
  },
  {
    type: 'traffic',
    title: '电动自行车碰撞赔偿纠纷',
    description: '两名务工人员骑电动自行车相撞，一方骨折，就赔偿数额争执。',
    amount: 18000,
    community: 2,
    applicant: p('driver', '52'),
    respondent: p('driver', '45'),
    status: 'failed',
    ageDays: 40,
    durationDays: 20,
  },
  {
    type: 'consumer',
    title: '二手袜机买卖质量纠纷',
    description: '买方称购得的二手袜机无法正常运转，要求退款，卖方拒绝。',
    amount: 26000,
    community: 3,
    applicant: p('merchant', '34'),
    respondent: p('merchant', '41'),
    status: 'failed',
    ageDays: 35,
    durationDays: 16,
  },
  {
    type: 'neighbour',
    title: '共用楼道堆放杂物纠纷',
    description: '多户租客因楼道堆放纱线和杂物存在消防隐患发生争执。',
    amount: null,
    community: 4,
    applicant: p('neighbour', '45'),
    respondent: p('neighbour', '52'),
    status: 'agreement',
    ageDays: 30,
    durationDays: 3,
  },
  {
    type: 'wage_arrears',
    title: '缝头工计件工资结算争议',
    description: '缝头工与作坊就计件单价和次品扣款如何计算发生争议。',
    amount: 9600,
    community: 0,
    applicant: p('worker', '45'),
    respondent: p('employer', '33', 'organization', '某缝头加工点（示例）'),
    status: 'agreement',
    ageDays: 22,
    durationDays: 5,
  },
  {
    type: 'labour_injury',
    title: '搬运工腰部扭伤赔偿纠纷',
    description: '搬运工在装卸纱线时腰部扭伤，要求企业承担医疗费用。',
    amount: 15000,
    community: 1,
    applicant: p('worker', '41'),
    respondent: p('employer', '33', 'organization', '某纱线经营部（示例）'),
    status: 'in_session',
    ageDays: 14,
    durationDays: 0,
  },
  {
    type: 'tenancy',
    title: '群租房水电费分摊纠纷',
    description: '同住的六名租客就水电费分摊方式产生矛盾。',
    amount: 1800,
    community: 2,
    applicant: p('tenant', '52'),
    respondent: p('tenant', '36'),
    status: 'in_session',
    ageDays: 10,
    durationDays: 0,
  },
  {
    type: 'family',
    title: '彩礼返还纠纷',
    description: '一对贵州籍青年解除婚约后，女方家庭拒绝返还彩礼。',
    amount: 88000,
    community: 3,
    applicant: p('family_member', '52'),
    respondent: p('family_member', '52'),
    status: 'in_session',
    ageDays: 26,
    durationDays: 0,
  },
  {
    type: 'wage_arrears',
    title: '印染厂临时工工资纠纷',
    description: '临时工称工作二十天未获报酬，企业称其未完成试用。',
    amount: 4800,
    community: 4,
    applicant: p('worker', '36'),
    respondent: p('employer', '33', 'organization', '某印染厂（示例）'),
    status: 'matched',
    ageDays: 6,
    durationDays: 0,
  },
  {
    type: 'neighbour',
    title: '宿舍晾晒衣物纠纷',
    description: '员工宿舍两户因阳台晾晒区域发生口角。',
    amount: null,
    community: 0,
    applicant: p('neighbour', '34'),
    respondent: p('neighbour', '41'),
    status: 'matched',
    ageDays: 4,
    durationDays: 0,
  },
  {
    type: 'contract',
    title: '袜子加工款结算纠纷',
    description: '加工户称发包方拖欠加工费，发包方称产品有质量问题。',
    amount: 67000,
    community: 1,
    applicant: p('merchant', '45'),
    respondent: p('merchant', '33'),
    status: 'matched',
    ageDays: 8,
    durationDays: 0,
  },
  {
    type: 'labour_injury',
    title: '高温中暑送医费用纠纷',
    description: '务工人员在车间中暑送医，就医疗费用由谁承担发生争议。',
    amount: 6200,
    community: 2,
    applicant: p('worker', '45'),
    respondent: p('employer', '33', 'organization', '某袜业有限公司（示例）'),
    status: 'registered',
    ageDays: 3,
    durationDays: 0,
  },
  {
    type: 'wage_arrears',
    title: '年底结算工资差额纠纷',
    description: '老乡班组六人与老板就年底工资结算差额各执一词。',
    amount: 31000,
    community: 3,
    applicant: p('worker', '34'),
    respondent: p('employer', '34'),
    status: 'registered',
    ageDays: 2,
    durationDays: 0,
  },
  {
    type: 'neighbour',
    title: '电动车充电占道纠纷',
    description: '楼下私拉电线给电动车充电，邻居担心火灾隐患。',
    amount: null,
    community: 4,
    applicant: p('neighbour', '41'),
    respondent: p('neighbour', '52'),
    status: 'registered',
    ageDays: 1,
    durationDays: 0,
  },
  {
    type: 'tenancy',
    title: '提前退租违约金纠纷',
    description: '租客因工作调动提前退租，房东要求支付两个月租金作为违约金。',
    amount: 2400,
    community: 0,
    applicant: p('tenant', '36'),
    respondent: p('landlord', '33'),
    status: 'registered',
    ageDays: 34,
    durationDays: 0,
  },
];

/** Daishan's team-leader batches: name, start date, leaders. 7 batches, 150 leaders. */
export const DAISHAN_BATCHES = [
  ['岱山县第一期企业班组长调解员培训班', '2023-04-11', 20],
  ['岱山县第二期企业班组长调解员培训班', '2023-09-19', 20],
  ['岱山县第三期企业班组长调解员培训班', '2024-03-12', 22],
  ['岱山县第四期企业班组长调解员培训班', '2024-07-16', 22],
  ['岱山县第五期企业班组长调解员培训班', '2024-11-05', 22],
  ['岱山县第六期企业班组长调解员培训班', '2025-04-08', 22],
  ['岱山县第七期企业班组长调解员培训班', '2025-09-23', 22],
] as const;

export const DAISHAN_COMPANIES = [
  '浙江石油化工有限公司',
  '岱山某船舶修造有限公司（示例）',
  '岱山某水产食品有限公司（示例）',
  '岱山某海洋装备有限公司（示例）',
  '岱山某港口物流有限公司（示例）',
] as const;

export const DAISHAN_DISPUTES: readonly [MediationType, string, string][] = [
  ['wage_arrears', '班组加班费结算争议', '班组成员认为加班费计算少算了夜班时段。'],
  ['neighbour', '员工宿舍作息矛盾', '同宿舍的白班与夜班员工因作息时间冲突争吵。'],
  ['labour_contract', '调岗引发的劳动合同争议', '员工不同意调往外岛作业点，与企业僵持。'],
  ['labour_injury', '焊工轻微烫伤费用争议', '焊工作业中轻微烫伤，就误工期间工资发生分歧。'],
  ['contract', '分包班组结算争议', '分包班组与总包就完工量确认产生分歧。'],
];

// ── helpers shared by the mediation seed files ──

/** Runs `fn` over `items`, `width` at a time (the seed must stay within a few seconds). */
export async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) {
    out.push(...(await Promise.all(items.slice(i, i + width).map((item, k) => fn(item, i + k)))));
  }
  return out;
}

let counter = 0;
/** Restarts the party numbering (each seed run names parties alike). */
export const resetPartyNumbers = (): void => {
  counter = 0;
};
/** The n-th home county of a province (cycling through its list). */
export const hometownOf = (province: string, n: number) => {
  const list = HOMETOWNS[province] ?? HOMETOWNS['34']!;
  return list[n % list.length]!;
};

/** A case to carry back in time. */
export interface Retime {
  id: string;
  ageDays: number;
  durationDays: number;
}

/** A party of the given side, numbered in turn (deterministic names and phones). */
export function party(side: 'applicant' | 'respondent', spec: DemoCase['applicant']) {
  const n = ++counter + 300;
  const [code, name, dialect] = hometownOf(spec.province, n);
  const org = spec.kind === 'organization';
  return {
    name: spec.name ?? demoName(n),
    side,
    role: spec.role,
    kind: spec.kind ?? 'person',
    hometownCode: org && spec.province === '33' ? null : code,
    hometownName: org && spec.province === '33' ? null : name,
    dialects: org ? [] : [dialect],
    phone: org ? null : demoPhone(n),
    idNumber: null,
    address: null,
  };
}
