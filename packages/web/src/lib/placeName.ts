import { useCallback, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Place names (regions, communities, grids, hometowns) in English mode, romanised the way Chinese
 * place names are written in English: the stem in toneless pinyin as one capitalised word, the
 * administrative suffix translated — 龙港市 → "Longgang City", 安徽省阜阳市临泉县 → "Linquan County,
 * Fuyang City, Anhui Province". Names are data, not UI strings, so the locale files cannot hold them.
 *
 * The romaniser (pinyin-pro, ~1 MB of dictionary) is loaded lazily, only in English mode: Chinese
 * users never download it. `placeNameEn` is the pure engine; it takes the pinyin function as an
 * argument so it can be tested, and used, without the library.
 */

/** Syllables of a run of Chinese characters, e.g. '龙港' → ['long', 'gang']. */
export type ToPinyin = (s: string) => string[];

/** The 34 province-level divisions in their official English names. */
const PROVINCES: Record<string, string> = {
  北京市: 'Beijing Municipality',
  天津市: 'Tianjin Municipality',
  上海市: 'Shanghai Municipality',
  重庆市: 'Chongqing Municipality',
  河北省: 'Hebei Province',
  山西省: 'Shanxi Province',
  辽宁省: 'Liaoning Province',
  吉林省: 'Jilin Province',
  黑龙江省: 'Heilongjiang Province',
  江苏省: 'Jiangsu Province',
  浙江省: 'Zhejiang Province',
  安徽省: 'Anhui Province',
  福建省: 'Fujian Province',
  江西省: 'Jiangxi Province',
  山东省: 'Shandong Province',
  河南省: 'Henan Province',
  湖北省: 'Hubei Province',
  湖南省: 'Hunan Province',
  广东省: 'Guangdong Province',
  海南省: 'Hainan Province',
  四川省: 'Sichuan Province',
  贵州省: 'Guizhou Province',
  云南省: 'Yunnan Province',
  // Toneless pinyin would equal 山西's; the official spelling doubles the vowel.
  陕西省: 'Shaanxi Province',
  甘肃省: 'Gansu Province',
  青海省: 'Qinghai Province',
  台湾省: 'Taiwan Province',
  内蒙古自治区: 'Inner Mongolia Autonomous Region',
  广西壮族自治区: 'Guangxi Zhuang Autonomous Region',
  西藏自治区: 'Tibet Autonomous Region',
  宁夏回族自治区: 'Ningxia Hui Autonomous Region',
  新疆维吾尔自治区: 'Xinjiang Uygur Autonomous Region',
  香港特别行政区: 'Hong Kong SAR',
  澳门特别行政区: 'Macao SAR',
};

/**
 * Stems whose place-name reading differs from the everyday one the dictionary gives, or whose
 * English name is not plain pinyin. Short on purpose: only well-known cases.
 */
const SPECIAL_STEMS: Record<string, string> = {
  六安: "Lu'an", // lù, not liù
  乐清: 'Yueqing', // yuè, not lè
  单: 'Shan', // 单县: shàn
  蚌埠: 'Bengbu', // bèng, not bàng
  铅山: 'Yanshan', // yán, not qiān
  乐亭: 'Laoting', // lào
  蔚: 'Yu', // 蔚县: yù
  费: 'Bi', // 费县: bì
  洪洞: 'Hongtong', // tóng
  东阿: "Dong'e", // ē
  番禺: 'Panyu', // pān
  丽水: 'Lishui', // lí
  台州: 'Taizhou', // tāi
  长兴: 'Changxing', // cháng
  莲都: 'Liandu', // dū
};

/** Characters read one way in place names whatever the word around them (三都 Sandu, 成都 Chengdu). */
const SPECIAL_CHARS: Record<string, string> = { 都: 'du' };

/** Ethnic groups named in autonomous areas and ethnic townships (景宁畲族自治县 → Jingning She …). */
const ETHNIC: Record<string, string> = {
  畲族: 'She',
  回族: 'Hui',
  苗族: 'Miao',
  土家族: 'Tujia',
  藏族: 'Tibetan',
  彝族: 'Yi',
  壮族: 'Zhuang',
  蒙古族: 'Mongol',
  满族: 'Manchu',
  朝鲜族: 'Korean',
  侗族: 'Dong',
  瑶族: 'Yao',
  白族: 'Bai',
  傣族: 'Dai',
  哈尼族: 'Hani',
  布依族: 'Bouyei',
  黎族: 'Li',
  羌族: 'Qiang',
  维吾尔族: 'Uygur',
  哈萨克族: 'Kazak',
};

/** Administrative suffixes and their English, longest first so 自治县 wins over 县. */
const SUFFIXES: readonly (readonly [string, string])[] = (
  [
    ['社区居民委员会', "Community Residents' Committee"],
    ['社区居委会', "Community Residents' Committee"],
    // 妙山村村委会: the committee of 妙山村 is "Miaoshan Villagers' Committee", not "… Village Villagers' …".
    ['村村民委员会', "Villagers' Committee"],
    ['村村委会', "Villagers' Committee"],
    ['特别行政区', 'SAR'],
    ['居民委员会', "Residents' Committee"],
    ['村民委员会', "Villagers' Committee"],
    ['居委会', "Residents' Committee"],
    ['村委会', "Villagers' Committee"],
    ['自治区', 'Autonomous Region'],
    ['自治州', 'Autonomous Prefecture'],
    ['自治县', 'Autonomous County'],
    ['自治旗', 'Autonomous Banner'],
    ['街道', 'Subdistrict'],
    ['社区', 'Community'],
    ['地区', 'Prefecture'],
    ['新区', 'New Area'],
    ['农场', 'Farm'],
    ['林场', 'Forest Farm'],
    ['省', 'Province'],
    ['市', 'City'],
    ['县', 'County'],
    ['区', 'District'],
    ['镇', 'Town'],
    ['乡', 'Township'],
    ['村', 'Village'],
    ['旗', 'Banner'],
    ['盟', 'League'],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
/** 第一网格 … 第九十九网格: grids are numbered within their community. */
const GRID = /^第([零〇一二两三四五六七八九十]{1,3}|\d{1,3})网格/;

/** 一 → 1, 十二 → 12, 二十 → 20, 三十五 → 35; null for anything else. */
function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 ? (DIGITS[s] ?? null) : null;
  const tens = ten === 0 ? 1 : DIGITS[s.slice(0, ten)];
  const rest = s.slice(ten + 1);
  const ones = rest === '' ? 0 : DIGITS[rest];
  return tens === undefined || ones === undefined || ten > 1 || rest.length > 1 ? null : tens * 10 + ones;
}

/** Joins syllables into one capitalised word, with the apostrophe before a/o/e (Xi'an). */
function joinSyllables(syllables: readonly string[]): string {
  const word = syllables
    .map((s, i) => (i > 0 && /^[aoe]/i.test(s) ? `'${s}` : s))
    .join('')
    .toLowerCase();
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A stem (the name without its suffix) in English: exceptions first, then pinyin. */
function romaniseStem(stem: string, toPinyin: ToPinyin): string {
  const special = SPECIAL_STEMS[stem];
  if (special) return special;
  const syllables = toPinyin(stem);
  const chars = [...stem];
  // The dictionary gives one syllable per character; only then can a character be overridden.
  const fixed =
    syllables.length === chars.length ? syllables.map((y, i) => SPECIAL_CHARS[chars[i] as string] ?? y) : syllables;
  return joinSyllables(fixed);
}

/** 恩施土家族苗族 → ['Enshi', 'Tujia and Miao']; null when the stem names no known group. */
function splitEthnic(stem: string, toPinyin: ToPinyin): [string, string] | null {
  const groups: string[] = [];
  let rest = stem;
  for (;;) {
    const hit = Object.keys(ETHNIC).find((e) => rest.endsWith(e) && rest.length > e.length);
    if (!hit) break;
    groups.unshift(ETHNIC[hit] as string);
    rest = rest.slice(0, -hit.length);
  }
  if (groups.length === 0) return null;
  const joined = groups.length === 1 ? groups[0] : `${groups.slice(0, -1).join(', ')} and ${groups.at(-1)}`;
  return [romaniseStem(rest, toPinyin), joined as string];
}

/** One unit: a stem plus a suffix, in English. */
function unitEn(stem: string, suffix: string, suffixEn: string, toPinyin: ToPinyin): string {
  if (suffix.startsWith('自治') || suffix === '乡' || suffix === '镇') {
    const ethnic = splitEthnic(stem, toPinyin);
    if (ethnic) return `${ethnic[0]} ${ethnic[1]} ${suffix === '乡' ? 'Ethnic Township' : suffixEn}`;
  }
  return `${romaniseStem(stem, toPinyin)} ${suffixEn}`;
}

/**
 * Splits a run of Chinese characters into place units, largest first as written (省, 市, 县 …),
 * and returns them in English, or null when the run is not made of place units only. Tries the
 * earliest suffix first and backtracks, so 新市镇 is one town rather than "新市" City + a bare 镇.
 */
function parseUnits(s: string, toPinyin: ToPinyin): string[] | null {
  if (s === '') return [];
  for (const [zh, en] of Object.entries(PROVINCES)) {
    if (!s.startsWith(zh)) continue;
    const rest = parseUnits(s.slice(zh.length), toPinyin);
    if (rest) return [en, ...rest];
  }
  const grid = GRID.exec(s);
  if (grid) {
    const n = chineseNumber(grid[1] as string);
    const rest = n === null ? null : parseUnits(s.slice(grid[0].length), toPinyin);
    if (rest) return [`Grid ${n}`, ...rest];
  }
  for (let i = 1; i < s.length; i++) {
    for (const [zh, en] of SUFFIXES) {
      if (!s.startsWith(zh, i)) continue;
      const rest = parseUnits(s.slice(i + zh.length), toPinyin);
      if (rest) return [unitEn(s.slice(0, i), zh, en, toPinyin), ...rest];
    }
  }
  return null;
}

export interface PlaceNameOptions {
  /**
   * For names that may or may not be places (evaluation units can be regions or departments): keep
   * a name unchanged unless it is made of known place units, instead of writing it in pinyin.
   */
  onlyPlaces?: boolean;
}

/**
 * The English form of a Chinese place name: units smallest first, comma-joined
 * ('安徽省阜阳市临泉县' → 'Linquan County, Fuyang City, Anhui Province'). A name of Chinese
 * characters only whose suffix is unknown becomes one pinyin word. In text mixed with other
 * characters (（示例）, digits, Latin), only the runs that are place units are romanised; when in
 * doubt the text is returned unchanged. Text without Chinese characters is returned as it is.
 */
export function placeNameEn(name: string, toPinyin: ToPinyin, opts: PlaceNameOptions = {}): string {
  const trimmed = name.trim();
  if (!CJK.test(trimmed)) return name;
  const pureCjk = /^[\u3400-\u9fff\uf900-\ufaff]+$/.test(trimmed);
  if (pureCjk) {
    const units = parseUnits(trimmed, toPinyin);
    if (units) return units.slice().reverse().join(', ');
    return opts.onlyPlaces ? name : romaniseStem(trimmed, toPinyin);
  }
  return name.replace(CJK_RUN, (run, offset: number) => {
    const units = parseUnits(run, toPinyin);
    if (!units) return run;
    const en = units.slice().reverse().join(', ');
    const before = offset > 0 && /[\p{L}\p{N}]/u.test(name.charAt(offset - 1)) ? ' ' : '';
    const next = name.charAt(offset + run.length);
    const after = next !== '' && /[\p{L}\p{N}]/u.test(next) ? ' ' : '';
    return `${before}${en}${after}`;
  });
}

/**
 * A place name in a language: unchanged in Chinese, or while the romaniser is not loaded (null);
 * else its English form (`placeNameEn`).
 */
export function placeNameIn(
  lang: string,
  name: string,
  toPinyin: ToPinyin | null,
  opts: PlaceNameOptions = {},
): string {
  return lang === 'en' && toPinyin ? placeNameEn(name, toPinyin, opts) : name;
}

// ---- The lazily loaded romaniser -------------------------------------------------------------

let romaniser: ToPinyin | null = null;
let loading: Promise<ToPinyin> | null = null;
const listeners = new Set<() => void>();

/**
 * Loads pinyin-pro (its own chunk) once; later calls share the same promise. Called before the
 * app switches to English and at start when English is the stored language.
 */
export function loadRomaniser(): Promise<ToPinyin> {
  loading ??= import('pinyin-pro').then(({ pinyin }) => {
    const fn: ToPinyin = (s) => pinyin(s, { toneType: 'none', type: 'array' });
    romaniser = fn;
    for (const l of listeners) l();
    return fn;
  });
  // A failed download (offline) may be retried by the next call.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** English forms already computed; names are few (the regions of one county and some hometowns). */
const cache = new Map<string, string>();

/**
 * A function naming places in the current language: the name unchanged in Chinese mode, its English
 * form in English mode (memoised per name). Until the romaniser has arrived the name is shown as it
 * is; the caller re-renders once it has. Null and undefined give ''.
 */
export function usePlaceName(): (name: string | null | undefined, opts?: PlaceNameOptions) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  // Subscribed so a component rendered before the chunk arrived renders again in English.
  const toPinyin = useSyncExternalStore(
    subscribe,
    () => romaniser,
    () => null,
  );
  if (en && !toPinyin) loadRomaniser().catch(() => undefined);
  return useCallback(
    (name: string | null | undefined, opts: PlaceNameOptions = {}) => {
      if (name === null || name === undefined) return '';
      if (!en || !toPinyin) return name;
      const key = opts.onlyPlaces ? `?${name}` : name;
      let out = cache.get(key);
      if (out === undefined) {
        out = placeNameIn('en', name, toPinyin, opts);
        cache.set(key, out);
      }
      return out;
    },
    [en, toPinyin],
  );
}

/** `place(name, ONLY_PLACES)`: for names that may not be places (see `PlaceNameOptions`). */
export const ONLY_PLACES: PlaceNameOptions = Object.freeze({ onlyPlaces: true });
