/**
 * Award rules of the ecological tripod (生态鼎): competitive (差额) county tripods, township
 * awards ranked city-wide under a per-county cap and an optional total quota, and the champion
 * tripod (冠军鼎). Pure: it reads a run's ranked units and returns who wins and why.
 */

/** The slice of a unit's result the award rules read (a `UnitResult` satisfies it). */
export interface RankedUnit {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  score: number;
  rank: number;
  vetoed: boolean;
}

/** County (or any competitive level) awards: everyone but the bottom N / bottom X%. */
export interface CountyAwardRule {
  level: string;
  /** The last N places get nothing; ties at the cut are excluded together. */
  excludeBottom?: number | null;
  /** The last X% of places (rounded up, at least one when X > 0) get nothing. */
  excludeBottomPercent?: number | null;
  minScore?: number | null;
}

/** Township awards: ranked across the whole city, capped per parent, optionally under a quota. */
export interface TownshipAwardRule {
  level: string;
  /** Cap per parent = rounding(share × that parent's number of units at this level); null: no cap. */
  perParentCapShare?: number | null;
  capRounding?: 'floor' | 'round' | 'ceil';
  totalQuota?: number | null;
  minScore?: number | null;
  /** Units are always taken in city-wide rank order; 'parent' gives the same set (see docs). */
  rankScope?: 'city' | 'parent';
}

/** The `awards` block of a framework (`AwardsRules` of @zhili/contracts fits it). Every part is optional. */
export interface AwardRules {
  county?: CountyAwardRule | null;
  township?: TownshipAwardRule | null;
  champion?: { level: string } | null;
}

/** One parent's township cap and how much of it was used. */
export interface ParentCap {
  /** Units of the award level under this parent (from the region tree when given). */
  units: number;
  cap: number;
  awarded: number;
}

/** Who wins, with the caps applied and a line-by-line explanation (zh / en). */
export interface AwardOutcome {
  /** Every awarded unit code, any level. */
  awarded: Set<string>;
  /** Awarded counties in rank order. */
  counties: string[];
  /** Awarded townships in rank order. */
  townships: string[];
  /** Per-parent township caps (key: parent code). */
  caps: Record<string, ParentCap>;
  champion: string | null;
  explanation: string[];
}

const byRank = (a: RankedUnit, b: RankedUnit): number =>
  a.rank - b.rank || b.score - a.score || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Units of one level, best first; ties broken by code so that runs are reproducible. */
function ranked(units: readonly RankedUnit[], level: string): RankedUnit[] {
  const out = units.filter((u) => u.level === level);
  // Engine results arrive in rank order already: checking is O(n), sorting 40,000 units is not.
  for (let i = 1; i < out.length; i++) if (byRank(out[i - 1]!, out[i]!) > 0) return out.sort(byRank);
  return out;
}

/** How many places at the bottom are excluded: the larger of N and ceil(X% of the field). */
function bottomCut(rule: CountyAwardRule, field: number): number {
  const byCount = Math.max(0, Math.floor(rule.excludeBottom ?? 0));
  const pct = rule.excludeBottomPercent ?? 0;
  const byPercent = pct > 0 ? Math.max(1, Math.ceil((pct / 100) * field - 1e-9)) : 0;
  return Math.min(field, Math.max(byCount, byPercent));
}

function round(value: number, mode: TownshipAwardRule['capRounding']): number {
  // The epsilon keeps 0.5 × 18 from flooring to 8 through binary noise.
  if (mode === 'ceil') return Math.ceil(value - 1e-9);
  if (mode === 'round') return Math.round(value);
  return Math.floor(value + 1e-9);
}

const label = (u: RankedUnit) => `${u.name}(${u.code})`;

function awardCounties(rule: CountyAwardRule, units: readonly RankedUnit[], out: AwardOutcome): void {
  const field = ranked(units, rule.level);
  const cut = bottomCut(rule, field.length);
  // A tie at the cut is excluded whole: a competitive award never separates equal scores.
  const cutRank = cut > 0 ? field[field.length - cut]!.rank : Infinity;
  if (cut > 0)
    out.explanation.push(
      `差额评选：排名第 ${cutRank} 名及以后的 ${field.filter((u) => u.rank >= cutRank).length} 个单位不授鼎 / competitive: places from rank ${cutRank} on get no tripod`,
    );
  for (const u of field) {
    if (u.rank >= cutRank) {
      const veto = u.vetoed ? '，且被一票否决' : '';
      out.explanation.push(
        `${label(u)} 第 ${u.rank} 名，位于末位${veto}，不授鼎 / rank ${u.rank}: in the bottom cut${u.vetoed ? ', vetoed' : ''}`,
      );
    } else if (u.vetoed) {
      out.explanation.push(`${label(u)} 一票否决，不授鼎 / vetoed`);
    } else if (rule.minScore != null && u.score < rule.minScore) {
      out.explanation.push(
        `${label(u)} 得分 ${u.score.toFixed(3)} 低于最低分 ${rule.minScore}，不授鼎 / below the minimum score`,
      );
    } else {
      out.counties.push(u.code);
      out.awarded.add(u.code);
      out.explanation.push(`${label(u)} 第 ${u.rank} 名，授予生态鼎 / rank ${u.rank}: tripod awarded`);
    }
  }
}

function awardTownships(
  rule: TownshipAwardRule,
  units: readonly RankedUnit[],
  perParent: Readonly<Record<string, number>> | undefined,
  out: AwardOutcome,
): void {
  const field = ranked(units, rule.level);
  // A Map, not an object: 40,000 townships under thousands of parents stay fast.
  const caps = new Map<string, ParentCap>();
  const share = rule.perParentCapShare ?? 1;
  for (const u of field) {
    if (!u.parent) continue;
    const c = caps.get(u.parent);
    if (c) c.units++;
    else caps.set(u.parent, { units: 1, cap: 0, awarded: 0 });
  }
  let capSum = 0;
  for (const [parent, c] of caps) {
    // The region tree may know townships the data lacks; they count toward the cap all the same.
    c.units = Math.max(c.units, perParent?.[parent] ?? 0);
    c.cap = round(share * c.units, rule.capRounding);
    capSum += c.cap;
  }
  const quota = rule.totalQuota ?? Infinity;
  out.explanation.push(
    `乡镇按全市排名依次授予，每个区县不超过其乡镇数的 ${share * 100}%（${rule.capRounding ?? 'floor'}），上限合计 ${capSum}` +
      (rule.totalQuota != null ? `，全市名额 ${rule.totalQuota}` : '') +
      ` / townships in city-wide rank order, per-county caps summing to ${capSum}` +
      (rule.totalQuota != null ? `, quota ${rule.totalQuota}` : ''),
  );
  if (rule.totalQuota != null && capSum < rule.totalQuota)
    out.explanation.push(
      `名额 ${rule.totalQuota} 超过各区县上限之和 ${capSum}，最多授予 ${capSum} 个 / the quota exceeds the sum of the caps: at most ${capSum} can win`,
    );
  for (const u of field) {
    if (u.vetoed) {
      out.explanation.push(`${label(u)} 一票否决 / vetoed`);
      continue;
    }
    if (rule.minScore != null && u.score < rule.minScore) continue;
    if (out.townships.length >= quota) break;
    const cap = u.parent ? caps.get(u.parent) : undefined;
    if (!cap) {
      out.explanation.push(`${label(u)} 无所属区县，无法计入上限，不授予 / no parent to cap against`);
      continue;
    }
    if (cap.awarded >= cap.cap) continue;
    cap.awarded++;
    out.townships.push(u.code);
    out.awarded.add(u.code);
  }
  const names = new Map<string, string>();
  for (const u of units) if (caps.has(u.code)) names.set(u.code, u.name);
  for (const [parent, c] of caps) {
    out.caps[parent] = c;
    out.explanation.push(
      `${names.get(parent) ?? parent}：乡镇 ${c.units} 个，上限 ${c.cap}，授予 ${c.awarded} / ${parent}: ${c.units} townships, cap ${c.cap}, awarded ${c.awarded}`,
    );
  }
}

/**
 * Applies award rules to a run's units.
 *
 * - County level: units ordered by rank; the bottom `max(excludeBottom, ceil(X% × n))` places are
 *   cut (ties at the cut go together, so the last-ranked unit never wins), then vetoed units and
 *   units under `minScore` are dropped.
 * - Township level: ranked city-wide; each is taken in order while its parent's cap
 *   (`capRounding(perParentCapShare × townships of that parent)`) and the total quota allow.
 *   Vetoed units never win. Caps exist for the parents of the run's townships; given
 *   `townshipsPerParent` (e.g. from the region tree), a parent's count is the larger of the tree's
 *   and the run's, so a township missing from the data still counts toward the cap.
 * - Champion: the rank-1 unit of the champion level, if it is not vetoed and (when that level is
 *   the county award level) it won its tripod; otherwise there is no champion that year.
 */
export function awardUnits(
  result: { units: readonly RankedUnit[] },
  rules: AwardRules,
  townshipsPerParent?: Readonly<Record<string, number>>,
): AwardOutcome {
  const out: AwardOutcome = {
    awarded: new Set(),
    counties: [],
    townships: [],
    caps: {},
    champion: null,
    explanation: [],
  };
  if (rules.county) awardCounties(rules.county, result.units, out);
  if (rules.township) awardTownships(rules.township, result.units, townshipsPerParent, out);
  if (rules.champion) {
    const level = rules.champion.level;
    const top = ranked(result.units, level).filter((u) => u.rank === 1);
    const mustWin = rules.county?.level === level;
    const eligible = top.filter((u) => !u.vetoed && (!mustWin || out.awarded.has(u.code)));
    if (top.length > 1)
      out.explanation.push(`并列第一 ${top.map(label).join('、')}，按代码取首位 / tie at rank 1: lowest code taken`);
    const champ = eligible[0];
    out.champion = champ?.code ?? null;
    out.explanation.push(
      champ
        ? `冠军鼎：${label(champ)} / champion tripod: ${champ.code}`
        : `本年度无冠军鼎（第一名被否决或未获鼎）/ no champion this year`,
    );
  }
  return out;
}
