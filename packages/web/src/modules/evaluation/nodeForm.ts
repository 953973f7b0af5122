import type { FrameworkNode, Normalisation } from './types.ts';

/**
 * The side form's values: flat, so antd's Form can hold them without nested discriminated
 * unions. {@link nodeToValues} and {@link valuesToNode} convert both ways.
 */
export interface NodeValues {
  code: string;
  nameZh: string;
  nameEn: string;
  weight: number;
  aggregation: FrameworkNode['aggregation'];
  weighting: FrameworkNode['weighting'];
  unit?: string;
  direction: 1 | -1;
  appliesTo: string[];
  denominator?: string;
  log: boolean;
  capMin?: number | null;
  capMax?: number | null;
  method: Normalisation['method'];
  rangeMin?: number;
  rangeMax?: number;
  mean?: number;
  sd?: number;
  goalMin?: number;
  goalMax?: number;
  goalCap?: boolean;
  target?: number;
  vetoBelow?: number | null;
  vetoAbove?: number | null;
  bonusOn: boolean;
  bonusPer?: number;
  bonusPoints?: number;
  bonusMax?: number | null;
}

/** The form values of a node (defaults filled in where the node has none). */
export function nodeToValues(node: FrameworkNode, unitLevels: string[]): NodeValues {
  const n = node.normalisation;
  return {
    code: node.code,
    nameZh: node.name.zh,
    nameEn: node.name.en,
    weight: node.weight,
    aggregation: node.aggregation,
    weighting: node.weighting,
    unit: node.unit,
    direction: node.direction,
    appliesTo: node.appliesTo ?? unitLevels,
    denominator: node.denominator,
    log: node.transform?.log ?? false,
    capMin: node.transform?.capMin ?? null,
    capMax: node.transform?.capMax ?? null,
    method: n.method,
    rangeMin: 'range' in n ? n.range[0] : 0,
    rangeMax: 'range' in n ? n.range[1] : 100,
    mean: n.method === 'zscore' ? n.mean : 0,
    sd: n.method === 'zscore' ? n.sd : 1,
    goalMin: n.method === 'goalposts' ? n.min : undefined,
    goalMax: n.method === 'goalposts' ? n.max : undefined,
    goalCap: n.method === 'goalposts' ? n.cap : true,
    target: n.method === 'target' ? n.target : undefined,
    vetoBelow: node.veto?.below ?? null,
    vetoAbove: node.veto?.above ?? null,
    bonusOn: !!node.bonus,
    bonusPer: node.bonus?.per ?? 1,
    bonusPoints: node.bonus?.points ?? 0.5,
    bonusMax: node.bonus?.max ?? null,
  };
}

const numOr = (v: number | null | undefined, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const numOrNull = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function normalisationOf(v: NodeValues): Normalisation {
  const range: [number, number] = [numOr(v.rangeMin, 0), numOr(v.rangeMax, 100)];
  switch (v.method) {
    case 'minmax':
      return { method: 'minmax', range };
    case 'zscore':
      return { method: 'zscore', mean: numOr(v.mean, 0), sd: numOr(v.sd, 1) };
    case 'goalposts':
      return { method: 'goalposts', min: numOr(v.goalMin, 0), max: numOr(v.goalMax, 1), cap: v.goalCap ?? true, range };
    case 'target':
      return { method: 'target', target: numOr(v.target, 1), range };
    case 'rank':
      return { method: 'rank' };
    case 'percentile':
      return { method: 'percentile' };
  }
}

/**
 * The node with the form's values applied. Children and the AHP matrix are kept; optional parts
 * (transform, veto, bonus, appliesTo) are left out when they say nothing, so the YAML stays short.
 */
export function valuesToNode(node: FrameworkNode, v: NodeValues, unitLevels: string[]): FrameworkNode {
  const base: FrameworkNode = {
    ...node,
    code: v.code.trim(),
    name: { zh: v.nameZh, en: v.nameEn },
    weight: numOr(v.weight, 0),
    aggregation: v.aggregation,
    weighting: v.weighting,
  };
  if (!node.indicator) return base;
  const out: FrameworkNode = {
    ...base,
    unit: v.unit?.trim() || undefined,
    direction: v.direction,
    appliesTo: v.appliesTo.length === unitLevels.length ? undefined : v.appliesTo,
    denominator: v.denominator?.trim() || undefined,
    normalisation: normalisationOf(v),
    transform:
      v.log || numOrNull(v.capMin) !== null || numOrNull(v.capMax) !== null
        ? { log: v.log, capMin: numOrNull(v.capMin), capMax: numOrNull(v.capMax) }
        : undefined,
    veto:
      numOrNull(v.vetoBelow) !== null || numOrNull(v.vetoAbove) !== null
        ? {
            ...(numOrNull(v.vetoBelow) !== null ? { below: numOrNull(v.vetoBelow) } : {}),
            ...(numOrNull(v.vetoAbove) !== null ? { above: numOrNull(v.vetoAbove) } : {}),
          }
        : undefined,
    bonus: v.bonusOn
      ? {
          per: numOr(v.bonusPer, 1),
          points: numOr(v.bonusPoints, 0),
          max: numOrNull(v.bonusMax),
          from: node.bonus?.from ?? 0,
        }
      : undefined,
  };
  // Undefined keys would still be "present" for a strict schema round trip; drop them.
  return Object.fromEntries(Object.entries(out).filter(([, x]) => x !== undefined)) as FrameworkNode;
}

/** A fresh aggregate node or indicator with the schema's defaults, for the "add" buttons. */
export function newNode(code: string, indicator: boolean): FrameworkNode {
  return {
    code,
    name: { zh: indicator ? '新指标' : '新分组', en: indicator ? 'New indicator' : 'New group' },
    weight: 1,
    aggregation: 'arithmetic',
    weighting: 'fixed',
    direction: 1,
    normalisation: { method: 'minmax', range: [0, 100] },
    ...(indicator ? { indicator: true } : { children: [] }),
  };
}
