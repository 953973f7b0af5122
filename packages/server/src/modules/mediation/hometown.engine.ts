/**
 * Hometowns (籍贯) as GB/T 2260 administrative codes: province 2 digits ('34' 安徽), city 4
 * ('3412' 阜阳), county 6 ('341221' 临泉). Hometown mediation pairs a party with a mediator from the
 * same place; the closer the common level, the stronger the bond (同县 > 同市 > 同省).
 */

/** A place of origin, as deep as it is known. */
export interface Hometown {
  province: string;
  city: string | null;
  county: string | null;
}

/** How close two hometowns are: the deepest level they share. */
export type HometownLevel = 'county' | 'city' | 'province';

/** GB/T 2260 provinces, zh and en. */
export const PROVINCES: Readonly<Record<string, { zh: string; en: string }>> = {
  '11': { zh: '北京市', en: 'Beijing' },
  '12': { zh: '天津市', en: 'Tianjin' },
  '13': { zh: '河北省', en: 'Hebei' },
  '14': { zh: '山西省', en: 'Shanxi' },
  '15': { zh: '内蒙古自治区', en: 'Inner Mongolia' },
  '21': { zh: '辽宁省', en: 'Liaoning' },
  '22': { zh: '吉林省', en: 'Jilin' },
  '23': { zh: '黑龙江省', en: 'Heilongjiang' },
  '31': { zh: '上海市', en: 'Shanghai' },
  '32': { zh: '江苏省', en: 'Jiangsu' },
  '33': { zh: '浙江省', en: 'Zhejiang' },
  '34': { zh: '安徽省', en: 'Anhui' },
  '35': { zh: '福建省', en: 'Fujian' },
  '36': { zh: '江西省', en: 'Jiangxi' },
  '37': { zh: '山东省', en: 'Shandong' },
  '41': { zh: '河南省', en: 'Henan' },
  '42': { zh: '湖北省', en: 'Hubei' },
  '43': { zh: '湖南省', en: 'Hunan' },
  '44': { zh: '广东省', en: 'Guangdong' },
  '45': { zh: '广西壮族自治区', en: 'Guangxi' },
  '46': { zh: '海南省', en: 'Hainan' },
  '50': { zh: '重庆市', en: 'Chongqing' },
  '51': { zh: '四川省', en: 'Sichuan' },
  '52': { zh: '贵州省', en: 'Guizhou' },
  '53': { zh: '云南省', en: 'Yunnan' },
  '54': { zh: '西藏自治区', en: 'Tibet' },
  '61': { zh: '陕西省', en: 'Shaanxi' },
  '62': { zh: '甘肃省', en: 'Gansu' },
  '63': { zh: '青海省', en: 'Qinghai' },
  '64': { zh: '宁夏回族自治区', en: 'Ningxia' },
  '65': { zh: '新疆维吾尔自治区', en: 'Xinjiang' },
  '71': { zh: '台湾省', en: 'Taiwan' },
  '81': { zh: '香港特别行政区', en: 'Hong Kong' },
  '82': { zh: '澳门特别行政区', en: 'Macao' },
};

/**
 * Parses a GB/T 2260 code into a hometown. Trailing zero groups mean "this level not given"
 * ('340000' is Anhui, '341200' Fuyang); 9- and 12-digit township/village codes are cut to their
 * county. Anything else (letters, odd lengths, unknown province) gives null.
 */
export function parseHometown(code: string): Hometown | null {
  const s = code.trim();
  if (!/^\d+$/.test(s) || ![2, 4, 6, 9, 12].includes(s.length)) return null;
  const province = s.slice(0, 2);
  if (!PROVINCES[province]) return null;
  const c = s.length >= 4 ? s.slice(2, 4) : '00';
  const k = s.length >= 6 ? s.slice(4, 6) : '00';
  const city = c === '00' ? null : province + c;
  // A county without a city ('34' '00' '12') is not a valid code: keep the province only.
  const county = city !== null && k !== '00' ? city + k : null;
  return { province, city, county };
}

/** The deepest level two hometowns share, or null (different provinces, or one unknown). */
export function hometownMatch(a: Hometown | null, b: Hometown | null): HometownLevel | null {
  if (!a || !b || a.province !== b.province) return null;
  if (a.city !== null && a.city === b.city) {
    return a.county !== null && a.county === b.county ? 'county' : 'city';
  }
  return 'province';
}

/** Names for city and county codes, when the caller has them (e.g. from the regions table). */
export type PlaceNames = (code: string) => string | undefined;

/**
 * A hometown written out for people: '安徽省阜阳市临泉县' with names for the deeper levels when
 * `names` knows them, the code otherwise ('安徽省 341221'); English uses the province's English
 * name and the codes.
 */
export function describeHometown(h: Hometown, names?: PlaceNames): { zh: string; en: string } {
  const p = PROVINCES[h.province];
  let zh = p?.zh ?? h.province;
  const deeper = [h.city, h.county].filter((c): c is string => c !== null);
  const named = deeper.map((c) => names?.(c));
  if (named.every((n) => n !== undefined)) zh += named.join('');
  else if (deeper.length) zh += ` ${deeper.at(-1)}`;
  const en = `${p?.en ?? h.province}${deeper.length ? ` ${deeper.at(-1)}` : ''}`;
  return { zh, en };
}
