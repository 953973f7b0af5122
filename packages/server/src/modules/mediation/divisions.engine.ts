/**
 * China's administrative divisions (GB/T 2260) as a tree people pick from: province › city ›
 * county. The data (`packages/server/data/divisions.csv`, cities and counties) is parsed here
 * without I/O; `divisions.data.ts` reads the file once.
 *
 * Grouping rule: GB/T 2260 has city-level codes that are not cities but groupings — `市辖区`/`县`
 * under the municipalities (北京 1101, 重庆 5002…) and `省直辖县级行政区划` (河南 4190, 海南 4690,
 * 新疆 6590 `自治区直辖县级行政区划`). Nobody comes "from 北京市市辖区": their counties are shown
 * directly under the province (after its real cities), and the grouping adds nothing to a name
 * (`110101` 北京市东城区, `419001` 河南省济源市). The codes themselves stay valid hometowns.
 */
import { parseHometown, PROVINCES } from './hometown.engine.ts';

/** One pickable division: its code, its own short name, and whether it has divisions below. */
export interface Division {
  code: string;
  name: string;
  hasChildren: boolean;
}

/** The loaded tree: children by parent, short names by code. */
export interface Divisions {
  /** The divisions shown under `code`: provinces for null, cities (and lifted counties) for a province, counties for a city. */
  childrenOf(code: string | null): Division[];
  /** The full name, '安徽省阜阳市临泉县'; undefined when any level of the code is unknown. */
  divisionName(code: string): string | undefined;
  /**
   * Own short name of a city or county ('阜阳市'), '' for a grouping entry; a PlaceNames for
   * `describeHometown`.
   */
  placeName: (code: string) => string | undefined;
}

/** City-level names that group counties rather than name a city. */
export function isGroupingName(name: string): boolean {
  return name === '市辖区' || name === '县' || name.endsWith('直辖县级行政区划');
}

/**
 * Parses `code,name` lines (a header line is skipped; names may be quoted) into a tree. Lines
 * that are not 4- or 6-digit codes are ignored, as are counties whose city is missing.
 */
export function parseDivisions(csv: string): Divisions {
  const names = new Map<string, string>();
  for (const line of csv.split(/\r?\n/)) {
    const m = /^(\d{4}|\d{6}),"?([^",]+)"?\s*$/.exec(line.trim());
    if (m) names.set(m[1]!, m[2]!);
  }
  const grouping = new Set([...names].filter(([c, n]) => c.length === 4 && isGroupingName(n)).map(([c]) => c));
  const counties = new Map<string, Division[]>();
  for (const [code, name] of names) {
    if (code.length !== 6 || !names.has(code.slice(0, 4))) continue;
    const list = counties.get(code.slice(0, 4)) ?? [];
    list.push({ code, name, hasChildren: false });
    counties.set(code.slice(0, 4), list);
  }
  const byProvince = new Map<string, Division[]>();
  for (const [code, name] of names) {
    if (code.length !== 4 || !PROVINCES[code.slice(0, 2)]) continue;
    const list = byProvince.get(code.slice(0, 2)) ?? [];
    if (grouping.has(code)) list.push(...(counties.get(code) ?? []));
    else list.push({ code, name, hasChildren: counties.has(code) });
    byProvince.set(code.slice(0, 2), list);
  }
  for (const list of [...byProvince.values(), ...counties.values()]) list.sort((a, b) => a.code.localeCompare(b.code));
  const provinces = Object.entries(PROVINCES)
    .map(([code, p]) => ({ code, name: p.zh, hasChildren: byProvince.has(code) }))
    .sort((a, b) => a.code.localeCompare(b.code));

  const placeName = (code: string): string | undefined => (grouping.has(code) ? '' : names.get(code));
  return {
    childrenOf(code) {
      if (code === null) return provinces.map((p) => ({ ...p }));
      const list = code.length === 2 ? byProvince.get(code) : code.length === 4 ? counties.get(code) : undefined;
      return (list ?? []).map((d) => ({ ...d }));
    },
    divisionName(code) {
      const h = parseHometown(code);
      if (!h) return undefined;
      const parts = [h.city, h.county].flatMap((c) => (c === null ? [] : [placeName(c)]));
      return parts.every((p) => p !== undefined) ? PROVINCES[h.province]!.zh + parts.join('') : undefined;
    },
    placeName,
  };
}
