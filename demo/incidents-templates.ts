import type { Channel, IncidentIntake, Priority } from '@zhili/contracts';
import {
  DEMO_CATEGORIES,
  LONGGANG_COMMUNITIES,
  LONGGANG_GRIDS,
  pick,
  pickWeighted,
  type DemoArea,
  type DemoCategory,
  type Rng,
} from './incidents-data.ts';

/**
 * Realistic (illustrative) Chinese descriptions of Longgang incidents, and a generator of whole
 * intakes from them. `{addr}` is filled with the generated address, `{n}` with a small number.
 */
const TEMPLATES: Record<string, string[]> = {
  dispute: [
    '{addr}两户因宅基地边界发生争执，双方情绪激动，请社区尽快介入调解。',
    '业主与物业公司因物业费上涨产生纠纷，{n}户业主聚集在物业办公室，要求说明收费依据。',
    '{addr}一装修公司未按合同工期完工，业主要求退还定金，双方协商未果。',
    '夫妻因家庭琐事多次争吵，女方娘家人到场，担心矛盾激化，请求调解。',
    '{addr}电动车与行人发生碰擦，双方对赔偿金额有争议，在现场僵持。',
  ],
  'neighbour-dispute': [
    '{addr}楼上住户卫生间漏水，楼下天花板发霉，多次沟通无果。',
    '邻居在楼道长期堆放杂物并饲养大型犬，夜间吠叫，影响休息。',
    '{addr}邻居装修占用公共楼道，双方发生口角。',
    '两户因门前停车位归属发生争执，一方用石墩占位。',
  ],
  'wage-arrears': [
    '{addr}某印刷厂拖欠{n}名工人两个月工资，工人到厂门口讨薪。',
    '建筑工地包工头失联，{n}名农民工工资未结清，请求帮助协调。',
    '某纸制品公司以订单减少为由停发工资，员工要求解除劳动合同并补偿。',
  ],
  'safety-hazard': [
    '{addr}一沿街店铺液化气钢瓶放置在门外，靠近明火灶台，存在安全隐患。',
    '{addr}居民楼外墙电线私拉乱接，给电动车充电，线路老化裸露。',
    '{addr}老旧小区阳台外墙有瓷砖松动，随时可能坠落，楼下是人行通道。',
    '{addr}一家小作坊内堆放大量油墨和溶剂，无通风和消防器材。',
  ],
  'telecom-fraud': [
    '居民接到自称“公安局”的电话，称其涉嫌洗钱，要求转账到“安全账户”，已转{n}千元。',
    '一名大学生在兼职群里做“刷单返利”，先小额返现后被骗{n}千元，对方已拉黑。',
    '老人接到冒充孙子的电话称出车祸急需用钱，家属发现后报警，尚未转账。',
    '{addr}居民反映收到“医保卡异常”短信并点击了链接，担心银行卡信息泄露。',
  ],
  sanitation: [
    '{addr}路边垃圾桶满溢多日无人清运，异味很大，招来蚊蝇。',
    '{addr}菜市场后门污水外溢，路面积水发黑。',
    '{addr}绿化带内有人倾倒建筑垃圾和旧家具。',
    '{addr}河道边漂浮大量生活垃圾，影响河面整洁。',
  ],
  'public-facility': [
    '{addr}路段连续{n}盏路灯不亮，夜间行人出行不便。',
    '{addr}人行道井盖破损下陷，已有行人绊倒。',
    '{addr}小公园健身器材螺丝松脱，存在伤人隐患。',
    '{addr}路面出现大坑，雨天积水，电动车经过容易摔倒。',
  ],
  noise: [
    '{addr}工地夜间十一点后仍在打桩施工，噪音严重扰民。',
    '{addr}广场舞音响音量过大，每晚持续到十点以后。',
    '{addr}沿街商铺用大喇叭循环播放促销广告。',
    '楼上住户深夜经常搬动家具、大声喧哗，多次劝说无效。',
  ],
  'fire-lane': [
    '{addr}小区消防通道被{n}辆私家车长期占用，消防车无法通行。',
    '{addr}商铺将货物堆放在安全出口，堵塞疏散通道。',
    '{addr}夜市摊位占用消防通道，晚上人流密集。',
  ],
  'illegal-construction': [
    '{addr}居民在屋顶违规加盖彩钢板房约{n}十平方米。',
    '{addr}一楼住户私自扩建院墙，占用公共绿地。',
    '{addr}厂房外违规搭建临时工棚，未办理任何手续。',
  ],
  'food-safety': [
    '{addr}一家小吃店后厨卫生差，有老鼠出没，无健康证上岗。',
    '在{addr}超市买到过期酸奶，要求商家处理未果。',
    '{addr}流动摊贩无证售卖散装熟食，无任何防护。',
  ],
};

const SURNAMES = ['陈', '林', '王', '李', '张', '黄', '吴', '郑', '周', '杨', '徐', '金'];
const GIVEN = ['建国', '秀英', '海波', '丽华', '志强', '晓燕', '伟', '静', '国平', '美玲', '小龙', '文斌'];
const CHANNELS: { channel: Channel; weight: number }[] = [
  { channel: 'hotline', weight: 40 },
  { channel: 'resident', weight: 25 },
  { channel: 'grid', weight: 25 },
  { channel: 'api', weight: 10 },
];

/** Every place an incident may be reported: the four grids, and communities without grids. */
export const INTAKE_AREAS: DemoArea[] = [
  ...LONGGANG_GRIDS,
  ...LONGGANG_COMMUNITIES.filter((c) => !LONGGANG_GRIDS.some((g) => g.code.startsWith(c.code))),
];

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A point inside an area's box, kept off its edges so point-in-polygon is unambiguous. */
export function pointIn(rng: Rng, area: DemoArea): { lat: number; lng: number } {
  const [s, w, n, e] = area.box;
  return { lat: round6(s + (0.1 + 0.8 * rng()) * (n - s)), lng: round6(w + (0.1 + 0.8 * rng()) * (e - w)) };
}

/** A mobile number shaped like a real one (138xxxxxxxx). */
const phone = (rng: Rng) =>
  `1${pick(rng, ['38', '39', '58', '59', '77', '88'])}${String(Math.floor(rng() * 1e8)).padStart(8, '0')}`;

function attributesFor(rng: Rng, category: DemoCategory): IncidentIntake['attributes'] {
  const out: Record<string, string> = {};
  for (const a of category.attributes) {
    if (a.datatype === 'singlevaluelist' && a.values.length > 0) out[a.code] = pick(rng, a.values).key;
    else if (a.datatype === 'number') out[a.code] = String(1 + Math.floor(rng() * (a.code === 'amount' ? 50_000 : 12)));
  }
  return out;
}

/** The pieces of one generated intake, with the area it falls in. */
export interface GeneratedIntake {
  body: IncidentIntake;
  area: DemoArea;
  category: DemoCategory;
}

/**
 * One realistic intake: a weighted category, a point in a Longgang grid or community with a
 * street address, a Chinese description from the templates, a reporter (a fifth anonymous).
 */
export function generateIntake(rng: Rng, opts: { sourceRef?: string | null } = {}): GeneratedIntake {
  const category = pickWeighted(rng, DEMO_CATEGORIES);
  const area = pick(rng, INTAKE_AREAS);
  const point = pointIn(rng, area);
  const address = `龙港市${pick(rng, area.streets)}${1 + Math.floor(rng() * 300)}号附近`;
  const description = pick(rng, TEMPLATES[category.code] ?? ['{addr}有情况需要处理。'])
    .replace('{addr}', address)
    .replace('{n}', String(2 + Math.floor(rng() * 9)));
  const anonymous = rng() < 0.2;
  const channel = pickWeighted(rng, CHANNELS).channel;
  const priority: Priority | null = rng() < 0.1 ? 'high' : null;
  return {
    category,
    area,
    body: {
      categoryCode: category.code,
      description,
      location: { address, lat: point.lat, lng: point.lng, regionCode: area.code },
      reporter: anonymous
        ? { name: null, phone: null, email: null, anonymous: true }
        : { name: `${pick(rng, SURNAMES)}${pick(rng, GIVEN)}`, phone: phone(rng), email: null, anonymous: false },
      priority,
      channel,
      attributes: attributesFor(rng, category),
      attachmentIds: [],
      mediaUrl: null,
      sourceRef: opts.sourceRef ?? null,
    },
  };
}

/** Reasons handlers give when they return an order (退单). */
export const RETURN_REASONS = [
  '经核实不属于本网格管辖范围，请重新派单。',
  '该事项属于物业管理范畴，建议转物业公司处理。',
  '地址信息有误，现场未找到相关情况。',
  '需要专业部门执法，社区无处置权限。',
];
export const HOLD_REASONS = [
  '等待报告人补充现场照片。',
  '报告人电话未接通，等待回电确认地址。',
  '需等待当事人下周回龙港后再调解。',
];
export const ESCALATE_REASONS = [
  '涉及多个部门职责，需上级协调。',
  '当事人情绪激动，社区调解未果，请求上级介入。',
  '处置难度较大，需要执法力量支援。',
];
export const RESOLVE_NOTES = [
  '已到现场处置完毕，拍照留档。',
  '经调解双方达成一致，签订调解协议。',
  '已通知责任单位整改，复查合格。',
  '已清理完毕，恢复原状。',
  '已劝离并进行安全教育，隐患消除。',
];
export const FEEDBACK_NOTES = ['处理及时，非常满意。', '基本解决，希望加强巡查。', '态度很好，效率有待提高。'];
