import type { MediationType } from '@zhili/contracts';
import type { DemoCase } from './mediation-cases-data.ts';

export { DATANG_CASES, type DemoCase } from './mediation-cases-data.ts';

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
