import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Generates `huzhou-data.csv`, the ILLUSTRATIVE data of the tripod demo: 2021–2023 values of the
 * 28 indicators of `huzhou.yaml` for Huzhou's 5 counties and their 72 townships (real codes and
 * names from `demo/regions/zhejiang.csv`). Nothing here is a published statistic.
 *
 * Every unit gets a latent "ecological standing" q in [0, 1] per year; each indicator is a
 * realistic range walked from worst to best by q plus deterministic noise (a seeded PRNG keyed
 * by unit, indicator and year), so re-running gives the same file byte for byte. The award
 * outcome is never written here: it comes out of the engine run on these values.
 *
 * Regenerate (from the repo root):
 *   npx esbuild demo/evaluation/generate.ts --bundle --platform=node --format=esm \
 *     --packages=external --outfile=node_modules/.cache/huzhou-generate.mjs \
 *     && node node_modules/.cache/huzhou-generate.mjs
 */

export const YEARS = [2021, 2022, 2023] as const;
export const COUNTIES = ['330502', '330503', '330521', '330522', '330523'] as const;

/** County standing by year: 安吉 leads 2021, 德清 2022, 长兴 2023 (the published 2023 order). */
const COUNTY_Q: Record<string, [number, number, number]> = {
  '330522': [0.7, 0.76, 0.86], // 长兴县
  '330521': [0.74, 0.8, 0.78], // 德清县
  '330523': [0.8, 0.74, 0.72], // 安吉县
  '330502': [0.58, 0.6, 0.62], // 吴兴区
  '330503': [0.5, 0.52, 0.46], // 南浔区
};
/** 常住人口 (10k people), roughly as published; used as the EV denominator. */
const COUNTY_POP: Record<string, number> = {
  '330502': 66.5,
  '330503': 49.2,
  '330521': 55.6,
  '330522': 67.4,
  '330523': 59.3,
};
/** Forest cover follows the terrain, not the standing: hilly 安吉 and plain 南浔 differ for good. */
const COUNTY_FOREST: Record<string, number> = {
  '330502': 34.2,
  '330503': 12.8,
  '330521': 45.6,
  '330522': 50.1,
  '330523': 71.1,
};
/** Townships whose standing is known to be high (eco-tourism towns): kept near the top. */
const TOWNSHIP_BOOST: Record<string, number> = { '330502102': 0.3, '330523108': 0.2, '330521115': 0.2 };
/** 重大生态环境事件 (veto): a township that had one that year; its county inherits the count. */
const INCIDENTS: Record<number, string[]> = { 2021: [], 2022: ['330522112'], 2023: ['330503108'] };
/** Cells left empty in the file (missing data, as real returns have). */
const MISSING: Record<string, string[]> = { '2021|330522110': ['SATISFACTION'], '2021|330503107': ['FERT'] };

interface Spec {
  code: string;
  /** [worst, best] at county level, and at township level when it applies there. */
  county: [number, number];
  township?: [number, number];
  decimals: number;
  noise?: number;
  /** Shift of q for streets (街道): urban units have less forest, more garbage sorting. */
  street?: number;
}

/** Indicator ranges, in the order of the CSV columns (same as the YAML). */
export const SPECS: Spec[] = [
  { code: 'PM25', county: [32, 22], township: [35, 20], decimals: 1 },
  { code: 'AQI_GOOD', county: [80, 93], township: [78, 95], decimals: 1 },
  { code: 'WATER_GOOD', county: [88, 100], township: [85, 100], decimals: 1 },
  { code: 'SECTION', county: [85, 100], township: [80, 100], decimals: 1 },
  { code: 'DRINKING', county: [96, 100], decimals: 1 },
  { code: 'SOIL', county: [90, 99], decimals: 1 },
  { code: 'FOREST', county: [0, 0], township: [5, 80], decimals: 1, street: -0.25 },
  { code: 'EI', county: [64, 86], decimals: 1 },
  { code: 'NOISE', county: [58, 52], decimals: 1 },
  { code: 'INCIDENT', county: [0, 0], township: [0, 0], decimals: 0 },
  { code: 'ENERGY', county: [0.56, 0.34], decimals: 3 },
  { code: 'CO2_DROP', county: [1, 5.5], decimals: 2 },
  { code: 'NONFOSSIL', county: [14, 28], decimals: 1 },
  { code: 'WATER_USE', county: [42, 22], decimals: 1 },
  { code: 'GREEN_BUILD', county: [90, 100], decimals: 1 },
  { code: 'EV', county: [240, 620], township: [150, 650], decimals: 0 },
  { code: 'SOLID', county: [92, 99.6], decimals: 1 },
  { code: 'FERT', county: [28, 16], township: [32, 12], decimals: 1 },
  { code: 'HONORS', county: [0, 0], township: [0, 0], decimals: 0 },
  { code: 'GARBAGE', county: [88, 100], township: [80, 100], decimals: 1, street: 0.15 },
  { code: 'RURAL_SEWAGE', county: [80, 100], township: [75, 100], decimals: 1 },
  { code: 'URBAN_SEWAGE', county: [95, 99.5], decimals: 1 },
  { code: 'PARK', county: [13, 18.5], decimals: 2 },
  { code: 'VILLAGE', county: [70, 100], township: [60, 100], decimals: 1, street: -0.1 },
  { code: 'INCOME_RATIO', county: [1.78, 1.54], decimals: 2 },
  { code: 'RURAL_INCOME', county: [38000, 47000], township: [33000, 49000], decimals: 0 },
  { code: 'SATISFACTION', county: [87, 95.5], township: [85, 97], decimals: 1 },
  { code: 'GREENWAY', county: [0.3, 0.95], decimals: 2 },
];

/** mulberry32 seeded by a string hash (FNV-1a): small, fast and the same on every machine. */
function rng(key: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  let a = h;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** A centred noise in [−amp, amp]. */
const noise = (key: string, amp: number) => (rng(key)() * 2 - 1) * amp;
const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

interface Region {
  code: string;
  name: string;
  level: string;
  parent: string;
}

/** The 5 counties and their townships, in file order, from the region CSV text. */
export function huzhouUnits(regionsCsv: string): Region[] {
  const rows = regionsCsv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [code = '', name = '', level = '', parent = ''] = l.trim().split(',');
      return { code, name, level, parent };
    });
  const counties: readonly string[] = COUNTIES;
  return [
    ...rows.filter((r) => counties.includes(r.code)),
    ...rows.filter((r) => r.level === 'township' && counties.includes(r.parent)),
  ];
}

/** The whole CSV text (header + one row per unit and year). */
export function generateHuzhouCsv(regionsCsv: string): string {
  const units = huzhouUnits(regionsCsv);
  const header = ['unit', 'name', 'level', 'parent', 'year', ...SPECS.map((s) => s.code), 'POP'];
  const lines = [header.join(',')];
  for (const [yi, year] of YEARS.entries()) {
    for (const u of units) {
      const county = u.level === 'county' ? u.code : u.parent;
      const cq = COUNTY_Q[county]![yi]!;
      const street = u.name.endsWith('街道');
      // Townships: a third from their county, the rest their own (stable across years).
      const q =
        u.level === 'county'
          ? cq
          : clamp01(
              0.35 * cq +
                0.55 * rng(`own|${u.code}`)() +
                (TOWNSHIP_BOOST[u.code] ?? 0) +
                0.03 * yi +
                noise(`yr|${u.code}|${year}`, 0.03),
            );
      const pop =
        u.level === 'county'
          ? COUNTY_POP[u.code]! * (1 + 0.006 * yi)
          : (street ? 4 : 1.5) + rng(`pop|${u.code}`)() * (street ? 8 : 4.5);
      const cells = SPECS.map((s) => {
        if (MISSING[`${year}|${u.code}`]?.includes(s.code)) return '';
        const range = u.level === 'county' ? s.county : s.township;
        if (!range) return '';
        if (s.code === 'INCIDENT') {
          const hits = INCIDENTS[year]!.filter((t) => t === u.code || (u.level === 'county' && t.startsWith(u.code)));
          return String(hits.length);
        }
        if (s.code === 'HONORS') {
          // Demonstration honours (国家级/省级示范) accrue with standing.
          return String(Math.floor(q * (u.level === 'county' ? 4 : 2) + rng(`hon|${u.code}|${year}`)() * 0.6));
        }
        if (s.code === 'FOREST' && u.level === 'county') return (COUNTY_FOREST[u.code]! + 0.3 * yi).toFixed(1);
        const x = clamp01(q + (street ? (s.street ?? 0) : 0) + noise(`${s.code}|${u.code}|${year}`, s.noise ?? 0.05));
        let v = range[0] + (range[1] - range[0]) * x;
        if (s.code === 'EV') v *= pop; // the file holds vehicles; the framework divides by POP
        return v.toFixed(s.decimals);
      });
      lines.push(
        [u.code, u.name, u.level, u.level === 'county' ? '' : u.parent, year, ...cells, pop.toFixed(2)].join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}

const here = path.dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && /huzhou-generate|generate\.ts$/.test(process.argv[1])) {
  // Both demo/evaluation/ and node_modules/.cache/ sit two levels below the repo root.
  const root = path.resolve(here, '../..');
  const regions = readFileSync(path.join(root, 'demo/regions/zhejiang.csv'), 'utf8');
  writeFileSync(path.join(root, 'demo/evaluation/huzhou-data.csv'), generateHuzhouCsv(regions));
  process.stdout.write('wrote demo/evaluation/huzhou-data.csv\n');
}
