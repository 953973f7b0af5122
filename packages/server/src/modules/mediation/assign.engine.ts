import { certify, maxExactGain, solveSparse, type SparseAssignment } from './assign-core.engine.ts';
import { bigToNumber, scaleExactly, solveExact } from './assign-exact.engine.ts';

/**
 * Batch assignment of cases to mediators: as many cases assigned as capacities and eligibility
 * allow, and among those assignments the largest total score. Exact — see assign-core.engine.ts
 * for the algorithm and docs/mediation-assign.md for the argument.
 */

/** problem.json: `scores[i][j]` is case i with mediator j, null = not eligible. */
export interface AssignmentProblem {
  cases: string[];
  mediators: { id: string; capacity: number }[];
  scores: (number | null)[][];
}

/** assignment.json. */
export interface AssignmentResult {
  assignments: { case: string; mediator: string }[];
  unassigned: string[];
  total: number;
}

/** One thing wrong with a problem, at a JSON path such as `scores[3][7]`. */
export interface AssignProblemIssue {
  path: string;
  messageZh: string;
  message: string;
}

/** A malformed problem; `path`/`message` are the first issue's, `issues` lists up to 20. */
export class AssignProblemError extends Error {
  readonly path: string;
  readonly messageZh: string;
  constructor(readonly issues: AssignProblemIssue[]) {
    super(issues[0]!.message);
    this.name = 'AssignProblemError';
    this.path = issues[0]!.path;
    this.messageZh = issues[0]!.messageZh;
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Validates problem.json, naming the JSON path of every problem found (up to 20). */
export function parseAssignmentProblem(json: unknown): AssignmentProblem {
  const issues: AssignProblemIssue[] = [];
  const fail = (path: string, messageZh: string, message: string) => {
    if (issues.length < 20) issues.push({ path, messageZh, message });
  };
  if (!isObject(json)) {
    fail('(root)', '应为对象 {cases, mediators, scores}', 'expected an object {cases, mediators, scores}');
    throw new AssignProblemError(issues);
  }
  for (const k of Object.keys(json)) {
    if (!['cases', 'mediators', 'scores'].includes(k)) fail(k, '未知字段', 'unknown field');
  }
  const ids = (list: unknown, path: string, get: (x: unknown, p: string) => unknown): string[] | null => {
    if (!Array.isArray(list)) {
      fail(path, '应为数组', 'expected an array');
      return null;
    }
    const seen = new Map<string, number>();
    return list.map((x, i) => {
      const id = get(x, `${path}[${i}]`);
      if (typeof id !== 'string') return '';
      const was = seen.get(id);
      if (was !== undefined)
        fail(`${path}[${i}]`, `编号重复 "${id}"（同 ${path}[${was}]）`, `duplicate id "${id}" (also ${path}[${was}])`);
      else seen.set(id, i);
      return id;
    });
  };
  const idAt = (x: unknown, p: string): string | null => {
    if (typeof x !== 'string' || x.trim() === '') {
      fail(p, '应为非空字符串', 'expected a non-empty string');
      return null;
    }
    return x;
  };
  const caseIds = ids(json.cases, 'cases', idAt);
  const capacities: number[] = [];
  const mediatorIds = ids(json.mediators, 'mediators', (x, p) => {
    if (!isObject(x)) {
      fail(p, '应为对象 {id, capacity}', 'expected an object {id, capacity}');
      capacities.push(0);
      return null;
    }
    for (const k of Object.keys(x)) if (k !== 'id' && k !== 'capacity') fail(`${p}.${k}`, '未知字段', 'unknown field');
    const c = x.capacity;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > 2 ** 31 - 1) {
      fail(`${p}.capacity`, '应为非负整数', 'expected a non-negative integer');
      capacities.push(0);
    } else capacities.push(c);
    return idAt(x.id, `${p}.id`);
  });
  const scores: (number | null)[][] = [];
  if (!Array.isArray(json.scores)) fail('scores', '应为数组（每个案件一行）', 'expected an array (one row per case)');
  else {
    if (caseIds && json.scores.length !== caseIds.length) {
      fail(
        'scores',
        `应有 ${caseIds.length} 行（每个案件一行），实际 ${json.scores.length} 行`,
        `expected ${caseIds.length} rows (one per case), got ${json.scores.length}`,
      );
    }
    json.scores.forEach((row: unknown, i) => {
      if (!Array.isArray(row))
        return fail(`scores[${i}]`, '应为数组（每个调解员一项）', 'expected an array (one entry per mediator)');
      if (mediatorIds && row.length !== mediatorIds.length) {
        fail(
          `scores[${i}]`,
          `应有 ${mediatorIds.length} 项（每个调解员一项），实际 ${row.length} 项`,
          `expected ${mediatorIds.length} entries (one per mediator), got ${row.length}`,
        );
      }
      scores.push(
        row.map((x: unknown, j) => {
          if (x === null || (typeof x === 'number' && Number.isFinite(x))) return x;
          fail(`scores[${i}][${j}]`, '应为数字或 null', 'expected a number or null');
          return null;
        }),
      );
    });
  }
  if (issues.length) throw new AssignProblemError(issues);
  return {
    cases: caseIds!,
    mediators: mediatorIds!.map((id, j) => ({ id, capacity: capacities[j]! })),
    scores,
  };
}

const POW10 = Array.from({ length: 17 }, (_, d) => 10 ** d);

/** Smallest number of decimals d ≤ 16 with x = round(x·10^d)/10^d, or -1. */
function decimalsOf(x: number, atLeast: number): number {
  for (let d = atLeast; d <= 16; d++) if (Math.round(x * POW10[d]!) / POW10[d]! === x) return d;
  return -1;
}

/**
 * Solves a problem exactly (see the file comment). Scores are read as the decimals they are
 * written as: when they all fit the fast core's exact integers (a few decimals, moderate size),
 * it runs; otherwise a BigInt solver does (`arithmetic: 'bigint'` forces it, for tests).
 */
export function solveAssignment(p: AssignmentProblem, opts: { arithmetic?: 'auto' | 'bigint' } = {}): AssignmentResult {
  const n = p.cases.length;
  const m = p.mediators.length;
  let d = 0;
  let fast = opts.arithmetic !== 'bigint';
  for (let i = 0; i < n && fast; i++) {
    for (const x of p.scores[i]!) {
      if (x === null) continue;
      d = decimalsOf(x, d);
      if (d < 0) {
        fast = false;
        break;
      }
    }
  }
  const limit = maxExactGain(n, m);
  let mediatorOf: Int32Array;
  let total: number;
  if (fast) {
    const start = new Int32Array(n + 1);
    const mediator: number[] = [];
    const gain: number[] = [];
    for (let i = 0; i < n && fast; i++) {
      p.scores[i]!.forEach((x, j) => {
        if (x === null) return;
        const g = Math.round(x * POW10[d]!);
        if (g / POW10[d]! !== x || Math.abs(g) > limit) fast = false;
        mediator.push(j);
        gain.push(g);
      });
      start[i + 1] = mediator.length;
    }
    const sparse: SparseAssignment = {
      nCases: n,
      capacity: Int32Array.from(p.mediators, (x) => x.capacity),
      start,
      mediator: Int32Array.from(mediator),
      gain: Float64Array.from(gain),
    };
    if (fast) {
      const sol = solveSparse(sparse);
      const bad = certify(sparse, sol);
      if (bad) throw new Error(`assignment certificate failed: ${bad}`);
      mediatorOf = sol.mediatorOf;
      total = sol.gain / POW10[d]!;
    }
  }
  if (!fast) {
    const { gains, scale } = scaleExactly(p.scores);
    const sol = solveExact(
      gains,
      p.mediators.map((x) => x.capacity),
    );
    mediatorOf = sol.mediatorOf;
    total = bigToNumber(sol.gain, scale);
  }
  const assignments: AssignmentResult['assignments'] = [];
  const unassigned: string[] = [];
  p.cases.forEach((c, i) => {
    const j = mediatorOf[i]!;
    if (j >= 0) assignments.push({ case: c, mediator: p.mediators[j]!.id });
    else unassigned.push(c);
  });
  return { assignments, unassigned, total: total! + 0 };
}

export {
  initialCandidates,
  solveAssignmentLarge,
  type LargeAssignment,
  type LargeAssignmentOptions,
} from './assign-large.engine.ts';
