import type { Dataset, Framework, RunOptions, UnitInfo } from '@zhili/contracts';
import { aggregateColumns, topsis, type TopsisModel } from './aggregate.engine.ts';
import { columnsFromColumnar, isColumnar, unitIndexOf, type AnyDataset } from './columnar.engine.ts';
import {
  compileFramework,
  EvaluationEngineError,
  frameworkIndicators,
  type CompiledFramework,
} from './framework.engine.ts';
import { availability, groupIdsOf, imputeColumn, type ColumnHistory } from './impute.engine.ts';
import { applyTransform, normaliseColumn, type LinearMap } from './normalise.engine.ts';
import { competitionRanks } from './rank.engine.ts';
import { treatColumn } from './treat.engine.ts';
import { ahpWeights, criticWeights, entropyWeights, normaliseWeights } from './weights.engine.ts';
import { copyColumn, nanColumn, newColumn } from './alloc.engine.ts';

/**
 * The column-wise core of a run: for each unit level, the framework pruned to that level is
 * evaluated over Float64Array columns (one per indicator and per node). No per-cell objects.
 * Order (COINr's): denominate → impute → screen → treat → transform → normalise → weight →
 * aggregate bottom-up → bonus → rank. Each level is its own population (min-max, means, weights).
 */

/** How one indicator column was prepared, kept so the what-if can invert it. */
export interface IndicatorPrep {
  treat: 'none' | 'winsorise' | 'log';
  /** log_CT parameters (treat = 'log'). */
  logMin: number;
  logShift: number;
  linear: LinearMap | null;
}

/** Everything computed for one unit level. */
export interface LevelModel {
  level: string;
  compiled: CompiledFramework;
  units: UnitInfo[];
  /** Per indicator (position in compiled.indicators): the denominated value before imputation. */
  raw: Float64Array[];
  /** Per indicator: the value fed to normalisation (after imputation, treatment and transform). */
  prepared: Float64Array[];
  prep: IndicatorPrep[];
  /** Per node (compiled.nodes index): score column. */
  scores: Float64Array[];
  /** Per node: effective weights of its children (sum 1), in `children` order. */
  weights: number[][];
  topsis: (TopsisModel | null)[];
  bonus: Float64Array;
  /** Index score incl. bonus. */
  total: Float64Array;
  ranks: Int32Array;
  vetoReasons: (string[] | null)[];
}

/** The whole column-wise evaluation. */
export interface EvaluationModel {
  framework: Framework;
  year: number;
  levels: LevelModel[];
  imputed: { unit: string; indicator: string; method: string }[];
  treated: { indicator: string; method: 'winsorise' | 'log'; points: number }[];
  dropped: { unit: string; reason: string }[];
}

/** Panel values for the run year (and, when asked, other years) as columns over all units. */
function columnsFromRows(
  data: Dataset,
  unitIndex: Map<string, number>,
  codes: string[],
  year: number,
  withHistory: boolean,
) {
  const n = data.units.length;
  const codeIndex = new Map(codes.map((c, k) => [c, k]));
  const current = codes.map(() => nanColumn(n));
  const history = new Map<number, Float64Array[]>();
  // Rows usually come grouped by unit, indicators in the same order for every unit: remember
  // the last unit looked up, and the indicator seen at each position within a unit's rows.
  let lastUnit = '';
  let lastIndex: number | undefined;
  let at = 0;
  const seenCode: string[] = [];
  const seenIndex: number[] = [];
  for (const r of data.rows) {
    if (r.unit !== lastUnit) {
      lastUnit = r.unit;
      lastIndex = unitIndex.get(r.unit);
      at = 0;
    } else at++;
    let k: number | undefined;
    if (seenCode[at] === r.indicator) k = seenIndex[at];
    else {
      k = codeIndex.get(r.indicator) ?? -1;
      seenCode[at] = r.indicator;
      seenIndex[at] = k;
    }
    const i = lastIndex;
    if (k === undefined || k < 0 || i === undefined || r.value === null) continue;
    if (r.year === year) current[k]![i] = r.value;
    else if (withHistory) {
      let cols = history.get(r.year);
      if (!cols) history.set(r.year, (cols = codes.map(() => nanColumn(n))));
      cols[k]![i] = r.value;
    }
  }
  return { current, history };
}

/**
 * The values of `col` at `pos`. The common case (one level, units in data order) needs no gather:
 * the column itself is returned unless `copy` (the caller writes into it). Engine columns are
 * never written after they are built, so a model may share the dataset's arrays.
 */
function pick(col: Float64Array, pos: Int32Array, copy = true): Float64Array {
  if (pos.length === col.length && pos[0] === 0 && pos[pos.length - 1] === pos.length - 1)
    return copy ? copyColumn(col) : col;
  const out = newColumn(pos.length);
  for (let i = 0; i < pos.length; i++) out[i] = col[pos[i]!]!;
  return out;
}

function divide(x: Float64Array, d: Float64Array | undefined): Float64Array {
  if (!d) return x;
  for (let i = 0; i < x.length; i++) x[i] = x[i]! / d[i]!;
  return x;
}

/** Effective weights of a node's kept children. */
function nodeWeights(c: CompiledFramework, ni: number, cols: Float64Array[]): number[] {
  const node = c.nodes[ni]!;
  const kids = node.children.map((k) => c.nodes[k]!);
  switch (node.spec.weighting) {
    case 'fixed':
      return normaliseWeights(kids.map((k) => k.spec.weight));
    case 'equal':
      return normaliseWeights(kids.map(() => 1));
    case 'ahp': {
      // Children left out for this level drop their rows and columns of the matrix.
      const all = node.spec.children ?? [];
      const pos = kids.map((k) => all.indexOf(k.spec));
      const m = node.spec.pairwise ?? [];
      return ahpWeights(
        pos.map((i) => pos.map((j) => m[i]?.[j] ?? NaN)),
        `${node.path}.pairwise`,
      ).weights;
    }
    case 'entropy':
      return entropyWeights(cols);
    case 'critic':
      return criticWeights(cols);
  }
}

function bonusPoints(v: number, b: { per: number; points: number; max?: number | null; from: number }): number {
  if (v !== v || v <= b.from) return 0;
  const p = Math.floor((v - b.from) / b.per + 1e-9) * b.points;
  if (b.max == null) return p;
  const cap = Math.abs(b.max);
  return Math.max(-cap, Math.min(cap, p));
}

/** Run the column-wise evaluation. Throws EvaluationEngineError on refused inputs. */
export function evaluateModel(framework: Framework, data: AnyDataset, options: RunOptions): EvaluationModel {
  const year = options.year;
  const imputation = options.imputation?.method ?? 'none';
  // Imputed cells are kept as index lists and become objects only when read (22,400 of them at
  // 40,000 units × 28 indicators with 2% missing).
  const imputedCells: { members: number[]; code: string; cells: number[] }[] = [];
  let imputedList: EvaluationModel['imputed'] | null = null;
  const out: EvaluationModel = {
    framework,
    year,
    levels: [],
    get imputed() {
      imputedList ??= imputedCells.flatMap(({ members, code, cells }) =>
        cells.map((i) => ({ unit: data.units[members[i]!]!.code, indicator: code, method: imputation })),
      );
      return imputedList;
    },
    treated: [],
    dropped: [],
  };
  const { index: unitIndex, duplicate } = unitIndexOf(data.units);
  const n0 = data.units.length;
  for (let i = 0; i < n0; i++)
    if (duplicate[i]) out.dropped.push({ unit: data.units[i]!.code, reason: 'duplicate unit code' });
  const indicators = frameworkIndicators(framework);
  const codes = [
    ...new Set([
      ...indicators.map((n) => n.code),
      ...indicators.flatMap((n) => (n.denominator ? [n.denominator] : [])),
    ]),
  ];
  const codeIdx = new Map(codes.map((c, k) => [c, k]));
  const withHistory = imputation === 'previousYear' || imputation === 'linear';
  const { current, history } = isColumnar(data)
    ? columnsFromColumnar(data, codes, year, withHistory)
    : columnsFromRows(data, unitIndex, codes, year, withHistory);
  const historyYears = [...history.keys()];

  for (let i = 0; i < n0; i++) {
    const u = data.units[i]!;
    if (!duplicate[i] && !framework.unitLevels.includes(u.level)) {
      out.dropped.push({ unit: u.code, reason: `level ${u.level} is not evaluated by this framework` });
    }
  }
  for (const level of framework.unitLevels) {
    let members: number[] = [];
    for (let i = 0; i < n0; i++) if (!duplicate[i] && data.units[i]!.level === level) members.push(i);
    if (members.length === 0) continue;
    const compiled = compileFramework(framework, level);
    if (!compiled) {
      for (const i of members)
        out.dropped.push({ unit: data.units[i]!.code, reason: 'no indicator applies to its level' });
      continue;
    }
    const inds = compiled.indicators.map((k) => compiled.nodes[k]!.spec);
    let pos = Int32Array.from(members);
    const column = (code: string, p: Int32Array, cols: Float64Array[], copy: boolean) =>
      pick(cols[codeIdx.get(code)!]!, p, copy);
    // Only a denominated column is written (divided in place): the others may be shared.
    const rawOf = (p: Int32Array, cols: Float64Array[]) =>
      inds.map((s) =>
        s.denominator
          ? divide(column(s.code, p, cols, true), column(s.denominator, p, cols, false))
          : column(s.code, p, cols, false),
      );
    let raw = rawOf(pos, current);
    const histRaw = withHistory ? historyYears.map((y) => rawOf(pos, history.get(y)!)) : [];
    const groupBy = options.imputation?.groupBy;
    const groups = groupBy ? members.map((i) => data.units[i]!.group?.[groupBy] ?? null) : undefined;
    const groupIds = groups ? groupIdsOf(groups) : undefined;
    let values = raw.map((r, k) => {
      const spec = inds[k]!;
      const hist: ColumnHistory | undefined = withHistory
        ? { years: historyYears, columns: histRaw.map((cols) => cols[k]!) }
        : undefined;
      const res = imputeColumn(r, imputation, {
        year,
        history: hist,
        groups,
        groupIds,
      });
      if (res.imputed.length > 0) imputedCells.push({ members, code: spec.code, cells: res.imputed });
      return res.values;
    });
    const minAvail = options.screening?.minAvailability;
    if (minAvail !== undefined && minAvail > 0) {
      const av = availability(values, members.length);
      const keep: number[] = [];
      for (let i = 0; i < members.length; i++) {
        if (av[i]! >= minAvail - 1e-12) keep.push(i);
        else
          out.dropped.push({
            unit: data.units[members[i]!]!.code,
            reason: `data availability ${(av[i]! * 100).toFixed(0)}% < ${minAvail * 100}%`,
          });
      }
      if (keep.length < members.length) {
        const kp = Int32Array.from(keep);
        raw = raw.map((c) => pick(c, kp, false));
        values = values.map((c) => pick(c, kp, false));
        members = keep.map((i) => members[i]!);
        pos = Int32Array.from(members);
      }
    }
    const n = members.length;
    if (n === 0) continue;
    const prep: IndicatorPrep[] = [];
    const prepared = values.map((col, k) => {
      const spec = inds[k]!;
      let x = col;
      const p: IndicatorPrep = { treat: 'none', logMin: 0, logShift: 0, linear: null };
      if (options.outliers?.method === 'winsorise') {
        const t = treatColumn(x, options.outliers);
        x = t.values;
        p.treat = t.method;
        if (t.method !== 'none') out.treated.push({ indicator: spec.code, method: t.method, points: t.points });
        if (t.method === 'log') {
          p.logMin = t.logMin ?? 0;
          p.logShift = t.logShift ?? 0;
        }
      }
      prep.push(p);
      return applyTransform(x, spec.transform);
    });
    const nodes = compiled.nodes;
    const scores: Float64Array[] = new Array<Float64Array>(nodes.length);
    compiled.indicators.forEach((ni, k) => {
      const spec = inds[k]!;
      const r = normaliseColumn(prepared[k]!, spec.normalisation, spec.direction, spec.transform?.log === true);
      prep[k]!.linear = r.linear;
      scores[ni] = r.values;
    });
    const weights: number[][] = nodes.map(() => []);
    const topsisModels: (TopsisModel | null)[] = nodes.map(() => null);
    for (let ni = nodes.length - 1; ni >= 0; ni--) {
      const node = nodes[ni]!;
      if (node.indicator) continue;
      const cols = node.children.map((c) => scores[c]!);
      const w = nodeWeights(compiled, ni, cols);
      weights[ni] = w;
      if (node.spec.aggregation === 'topsis') {
        const t = topsis(cols, w);
        topsisModels[ni] = t.model;
        scores[ni] = t.values;
      } else scores[ni] = aggregateColumns(node.spec.aggregation, cols, w, node.path);
    }
    const bonus = newColumn(n);
    const vetoReasons: (string[] | null)[] = new Array<string[] | null>(n).fill(null);
    inds.forEach((spec, k) => {
      const r = raw[k]!;
      if (spec.bonus) for (let i = 0; i < n; i++) bonus[i]! += bonusPoints(r[i]!, spec.bonus);
      const v = spec.veto;
      if (v && (v.below != null || v.above != null)) {
        for (let i = 0; i < n; i++) {
          const x = r[i]!;
          let why: string | null = null;
          if (v.below != null && x < v.below) why = `${spec.code} ${x} < ${v.below}`;
          if (v.above != null && x > v.above) why = `${spec.code} ${x} > ${v.above}`;
          if (why) (vetoReasons[i] ??= []).push(why);
        }
      }
    });
    const total = newColumn(n);
    const root = scores[0]!;
    for (let i = 0; i < n; i++) total[i] = root[i]! + bonus[i]!;
    const ranks = competitionRanks(total, framework.rankDecimals);
    out.levels.push({
      level,
      compiled,
      units: members.map((i) => data.units[i]!),
      raw,
      prepared,
      prep,
      scores,
      weights,
      topsis: topsisModels,
      bonus,
      total,
      ranks,
      vetoReasons,
    });
  }
  if (out.levels.length === 0 && data.units.length > 0) {
    throw new EvaluationEngineError(
      'EVAL_NO_UNITS',
      '没有可评价的单位（层级或数据不匹配）',
      'No unit could be evaluated (levels or data do not match)',
      'units',
    );
  }
  return out;
}
