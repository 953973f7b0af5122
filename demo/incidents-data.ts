import type { WorkingCalendarInput } from '@zhili/contracts';

/**
 * Longgang's incident demo data, shared by the seed (demo/seed-incidents.ts) and the simulator
 * (`zhili incidents simulate`): categories, the working calendar, illustrative community and grid
 * outlines, and generators of realistic intakes. Everything here is illustrative.
 */

/** 龙港市: the city runs its communities directly (no townships). */
export const LONGGANG = '330383';
/** 诸暨市 大唐街道: a second prefix (DT) so numbering per region shows. */
export const DATANG = '330681005';

/** Departments the demo already seeds (demo/seed.ts), reused by name. */
export const DEPARTMENTS = {
  zhifa: '龙港市综合行政执法局',
  gongan: '温州市公安局龙港分局',
  shijian: '龙港市市场监督管理局',
  zhujian: '龙港市住房和城乡建设局',
} as const;
export type DepartmentKey = keyof typeof DEPARTMENTS;

/** `n` consecutive dates from `first` ('YYYY-MM-DD'). */
function days(first: string, n: number): string[] {
  const t = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(t + i * 86_400_000).toISOString().slice(0, 10));
}

/** 2026 working calendar of the State Council's holiday notice (法定节假日 and 调休 workdays). */
export const CN_WORKDAY: WorkingCalendarInput = {
  code: 'cn-workday',
  name: '国家法定工作日（2026）',
  timeZone: 'Asia/Shanghai',
  hours: {
    '1': ['08:30-12:00', '13:30-17:30'],
    '2': ['08:30-12:00', '13:30-17:30'],
    '3': ['08:30-12:00', '13:30-17:30'],
    '4': ['08:30-12:00', '13:30-17:30'],
    '5': ['08:30-12:00', '13:30-17:30'],
    '6': [],
    '7': [],
  },
  // 元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆 (2026 notice); days(first, n) lists n days from first.
  holidays: [
    ...days('2026-01-01', 3),
    ...days('2026-02-15', 9),
    ...days('2026-04-04', 3),
    ...days('2026-05-01', 5),
    ...days('2026-06-19', 3),
    ...days('2026-09-25', 3),
    ...days('2026-10-01', 7),
  ],
  extraWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

export { DEMO_CATEGORIES, type DemoCategory } from './incidents-categories.ts';

/** An illustrative area: a community or grid box (south, west, north, east). */
export interface DemoArea {
  code: string;
  name: string;
  box: [number, number, number, number];
  /** Street names used in addresses. */
  streets: string[];
}

/** Illustrative outlines: boxes around 27.57N 120.55E. Grids split their community's box. */
export const LONGGANG_COMMUNITIES: DemoArea[] = [
  {
    code: '330383198001',
    name: '新城社区',
    box: [27.57, 120.54, 27.59, 120.565],
    streets: ['世纪大道', '龙翔路', '人民路'],
  },
  { code: '330383198002', name: '湖前社区', box: [27.57, 120.51, 27.59, 120.54], streets: ['湖前路', '站前路'] },
  { code: '330383198003', name: '芦浦社区', box: [27.545, 120.565, 27.57, 120.59], streets: ['芦浦大道', '新城东路'] },
  { code: '330383198004', name: '白沙社区', box: [27.55, 120.53, 27.57, 120.565], streets: ['白沙路', '环城南路'] },
  { code: '330383198005', name: '海城社区', box: [27.53, 120.59, 27.55, 120.62], streets: ['海城大道', '沿江路'] },
  { code: '330383198006', name: '舥艚社区', box: [27.52, 120.62, 27.545, 120.65], streets: ['渔港路', '舥艚老街'] },
];

export const LONGGANG_GRIDS: DemoArea[] = [
  { code: '330383198001-G01', name: '新城社区第一网格', box: [27.57, 120.54, 27.59, 120.548], streets: ['世纪大道'] },
  { code: '330383198001-G02', name: '新城社区第二网格', box: [27.57, 120.548, 27.59, 120.557], streets: ['龙翔路'] },
  { code: '330383198001-G03', name: '新城社区第三网格', box: [27.57, 120.557, 27.59, 120.565], streets: ['人民路'] },
  {
    code: '330383198002-G01',
    name: '湖前社区第一网格',
    box: [27.57, 120.51, 27.59, 120.54],
    streets: ['湖前路', '站前路'],
  },
];

/** GeoJSON polygon (lng, lat) of a box. */
export function boxPolygon([s, w, n, e]: DemoArea['box']): { type: 'Polygon'; coordinates: number[][][] } {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

/** Mulberry32: a small seeded PRNG so `--seed n` replays the same stream. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type Rng = () => number;
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
export function pickWeighted<T extends { weight: number }>(rng: Rng, xs: readonly T[]): T {
  let r = rng() * xs.reduce((s, x) => s + x.weight, 0);
  for (const x of xs) if ((r -= x.weight) < 0) return x;
  return xs[xs.length - 1] as T;
}
