import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
// The engines are pure (no database): the CLI runs them on files. Imported by path until the
// server's public index re-exports them.
import {
  AssignProblemError,
  parseAssignmentProblem,
  solveAssignment,
  type AssignmentResult,
} from '../../../server/src/modules/mediation/assign.engine.ts';
import { parseHometown } from '../../../server/src/modules/mediation/hometown.engine.ts';
import { assignByProfiles } from '../../../server/src/modules/mediation/assign-profiles.engine.ts';
import {
  DEFAULT_WEIGHTS,
  compileMediators,
  scoreMediator,
  type CaseProfile,
  type MatchWeights,
  type MediatorProfile,
  type ScorePart,
} from '../../../server/src/modules/mediation/matching.engine.ts';

/** Malformed input: printed with its file and JSON path, exit code 2. */
class InputError extends Error {
  constructor(readonly lines: string[]) {
    super(lines[0]);
  }
}

/** The output of the profile form: the plain result plus each assignment's explained score. */
export interface ProfileAssignmentJson {
  assignments: { case: string; mediator: string; score: number; parts: ScorePart[] }[];
  unassigned: string[];
  total: number;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError([`${file}: 无法读取 / cannot read: ${(err as Error).message}`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError([`${file}: 不是合法的 JSON / not valid JSON: ${(err as Error).message}`]);
  }
}

/** Field readers that record `path: 中文 / English` problems instead of throwing at the first. */
class Reader {
  readonly problems: string[] = [];
  constructor(private readonly file: string) {}
  fail(path: string, zh: string, en: string): void {
    if (this.problems.length < 20) this.problems.push(`${this.file}: ${path}: ${zh} / ${en}`);
  }
  object(x: unknown, path: string, keys: readonly string[]): Record<string, unknown> | null {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      this.fail(path, '应为对象', 'expected an object');
      return null;
    }
    for (const k of Object.keys(x)) if (!keys.includes(k)) this.fail(`${path}.${k}`, '未知字段', 'unknown field');
    return x as Record<string, unknown>;
  }
  array(x: unknown, path: string): unknown[] {
    if (Array.isArray(x)) return x;
    this.fail(path, '应为数组', 'expected an array');
    return [];
  }
  id(x: unknown, path: string, seen: Map<string, string>): string {
    if (typeof x !== 'string' || !x.trim()) {
      this.fail(path, '应为非空字符串', 'expected a non-empty string');
      return '';
    }
    const was = seen.get(x);
    if (was) this.fail(path, `编号重复 "${x}"（同 ${was}）`, `duplicate id "${x}" (also ${was})`);
    else seen.set(x, path);
    return x;
  }
  strings(x: unknown, path: string): string[] {
    if (x === undefined) return [];
    if (Array.isArray(x) && x.every((s) => typeof s === 'string')) return x;
    this.fail(path, '应为字符串数组', 'expected an array of strings');
    return [];
  }
  number(x: unknown, path: string, opts: { integer?: boolean; min?: number; optional?: number }): number {
    if (x === undefined && opts.optional !== undefined) return opts.optional;
    const ok =
      typeof x === 'number' &&
      Number.isFinite(x) &&
      (!opts.integer || Number.isInteger(x)) &&
      x >= (opts.min ?? -Infinity);
    if (ok) return x;
    const zh = opts.integer
      ? opts.min === 0
        ? '应为非负整数'
        : '应为整数'
      : opts.min === 0
        ? '应为非负数'
        : '应为数字';
    const en = opts.integer
      ? opts.min === 0
        ? 'expected a non-negative integer'
        : 'expected an integer'
      : opts.min === 0
        ? 'expected a non-negative number'
        : 'expected a number';
    this.fail(path, zh, en);
    return 0;
  }
  coordinate(x: unknown, path: string, limit: number): number | null {
    if (x === undefined || x === null) return null;
    const v = this.number(x, path, {});
    if (Math.abs(v) <= limit) return v;
    this.fail(path, '超出范围', 'out of range');
    return null;
  }
  hometown(x: unknown, path: string) {
    if (x === undefined || x === null) return null;
    const h = typeof x === 'string' ? parseHometown(x) : null;
    if (!h) this.fail(path, '应为 GB/T 2260 行政区划代码，如 "341221"', 'expected a GB/T 2260 code such as "341221"');
    return h;
  }
  boolean(x: unknown, path: string, fallback: boolean): boolean {
    if (x === undefined) return fallback;
    if (typeof x === 'boolean') return x;
    this.fail(path, '应为 true 或 false', 'expected true or false');
    return fallback;
  }
  done(): void {
    if (this.problems.length) throw new InputError(this.problems);
  }
}

/** cases.json: an array of cases (see docs/mediation-assign.md). */
export function readCases(file: string): CaseProfile[] {
  const r = new Reader(file);
  const seen = new Map<string, string>();
  const cases = r.array(readJson(file), '(root)').map((x, i): CaseProfile => {
    const p = `[${i}]`;
    const o = r.object(x, p, ['id', 'type', 'parties', 'lat', 'lng', 'title']) ?? {};
    if (typeof o.type !== 'string' || !o.type) r.fail(`${p}.type`, '应为非空字符串', 'expected a non-empty string');
    return {
      id: r.id(o.id, `${p}.id`, seen),
      type: typeof o.type === 'string' ? o.type : '',
      parties: r.array(o.parties, `${p}.parties`).map((y, k) => {
        const q = `${p}.parties[${k}]`;
        const party = r.object(y, q, ['name', 'role', 'hometown', 'dialects']) ?? {};
        return {
          hometown: r.hometown(party.hometown, `${q}.hometown`),
          dialects: r.strings(party.dialects, `${q}.dialects`),
        };
      }),
      lat: r.coordinate(o.lat, `${p}.lat`, 90),
      lng: r.coordinate(o.lng, `${p}.lng`, 180),
    };
  });
  r.done();
  return cases;
}

const MEDIATOR_KEYS = [
  'id',
  'name',
  'hometown',
  'dialects',
  'expertise',
  'lat',
  'lng',
  'openCases',
  'capacity',
  'history',
  'availableInDays',
  'active',
  'certified',
] as const;

/** mediators.json: an array of mediators (see docs/mediation-assign.md). */
export function readMediators(file: string): MediatorProfile[] {
  const r = new Reader(file);
  const seen = new Map<string, string>();
  const list = r.array(readJson(file), '(root)').map((x, i): MediatorProfile => {
    const p = `[${i}]`;
    const o = r.object(x, p, MEDIATOR_KEYS) ?? {};
    const history: MediatorProfile['history'] = {};
    if (o.history !== undefined) {
      const keys = typeof o.history === 'object' && o.history !== null ? Object.keys(o.history) : [];
      const h = r.object(o.history, `${p}.history`, keys) ?? {};
      for (const [type, v] of Object.entries(h)) {
        const q = `${p}.history.${type}`;
        const rec = r.object(v, q, ['settled', 'total']) ?? {};
        const total = r.number(rec.total, `${q}.total`, { integer: true, min: 0 });
        const settled = r.number(rec.settled, `${q}.settled`, { integer: true, min: 0 });
        if (settled > total) r.fail(`${q}.settled`, '不能大于 total', 'cannot exceed total');
        history[type] = { settled, total };
      }
    }
    return {
      id: r.id(o.id, `${p}.id`, seen),
      hometown: r.hometown(o.hometown, `${p}.hometown`),
      dialects: r.strings(o.dialects, `${p}.dialects`),
      expertise: r.strings(o.expertise, `${p}.expertise`),
      lat: r.coordinate(o.lat, `${p}.lat`, 90),
      lng: r.coordinate(o.lng, `${p}.lng`, 180),
      openCases: r.number(o.openCases, `${p}.openCases`, { integer: true, min: 0, optional: 0 }),
      capacity: r.number(o.capacity, `${p}.capacity`, { integer: true, min: 0 }),
      history,
      availableInDays:
        o.availableInDays === null
          ? null
          : r.number(o.availableInDays, `${p}.availableInDays`, { integer: true, min: 0, optional: 0 }),
      active: r.boolean(o.active, `${p}.active`, true),
      certified: r.boolean(o.certified, `${p}.certified`, true),
    };
  });
  r.done();
  return list;
}

/** weights.json: any of the seven weights, the rest default. */
export function readWeights(file: string): MatchWeights {
  const r = new Reader(file);
  const o = r.object(readJson(file), '(root)', Object.keys(DEFAULT_WEIGHTS)) ?? {};
  const w = { ...DEFAULT_WEIGHTS };
  for (const k of Object.keys(DEFAULT_WEIGHTS) as (keyof MatchWeights)[]) {
    if (o[k] !== undefined) w[k] = r.number(o[k], k, { min: 0 });
  }
  r.done();
  return w;
}

/** Scores every case against every mediator and assigns optimally, with each assignment explained. */
export function assignProfiles(
  cases: CaseProfile[],
  mediators: MediatorProfile[],
  opts: { weights: MatchWeights; withinDays: number; requireCertified: boolean },
): ProfileAssignmentJson {
  const sol = assignByProfiles(cases, mediators, compileMediators(mediators), opts);
  const out: ProfileAssignmentJson = { assignments: [], unassigned: [], total: sol.total };
  cases.forEach((c, i) => {
    const j = sol.mediatorOf[i]!;
    if (j < 0) return out.unassigned.push(c.id);
    const s = scoreMediator(c, mediators[j]!, opts);
    out.assignments.push({ case: c.id, mediator: s.mediatorId, score: s.total, parts: s.parts });
  });
  return out;
}

interface AssignOptions {
  problem?: string;
  cases?: string;
  mediators?: string;
  out?: string;
  withinDays?: string;
  weights?: string;
  requireCertified?: boolean;
}

function run(opts: AssignOptions): AssignmentResult | ProfileAssignmentJson {
  if (opts.problem) {
    if (opts.cases || opts.mediators) {
      throw new InputError([
        '--problem 不能与 --cases/--mediators 同用 / --problem cannot be combined with --cases/--mediators',
      ]);
    }
    try {
      return solveAssignment(parseAssignmentProblem(readJson(opts.problem)));
    } catch (err) {
      if (!(err instanceof AssignProblemError)) throw err;
      throw new InputError(err.issues.map((i) => `${opts.problem}: ${i.path}: ${i.messageZh} / ${i.message}`));
    }
  }
  if (!opts.cases || !opts.mediators) {
    throw new InputError([
      '需要 --problem，或同时给出 --cases 和 --mediators / give --problem, or both --cases and --mediators',
    ]);
  }
  const withinDays = opts.withinDays === undefined ? 7 : Number(opts.withinDays);
  if (!Number.isInteger(withinDays) || withinDays < 0) {
    throw new InputError([`--within-days: 应为非负整数 / expected a non-negative integer, got "${opts.withinDays}"`]);
  }
  const weights = opts.weights ? readWeights(opts.weights) : DEFAULT_WEIGHTS;
  const cases = readCases(opts.cases);
  const mediators = readMediators(opts.mediators);
  return assignProfiles(cases, mediators, { weights, withinDays, requireCertified: opts.requireCertified ?? false });
}

/**
 * `zhili mediation assign`: batch assignment for planners and auditors, on files — either a plain
 * problem (`--problem`: ids, capacities, a score matrix) or case and mediator profiles scored by
 * the matching engine. Exact: most cases assigned, then the largest total score. Malformed input
 * exits with code 2 and names the file and JSON path.
 */
export function registerMediationAssign(program: Command): void {
  const group =
    program.commands.find((c) => c.name() === 'mediation') ??
    program.command('mediation').description('老乡调解 / hometown mediation, on files');
  group
    .command('assign')
    .description('按容量最优分派调解案件 / assign cases to mediators optimally under capacities')
    .option('--problem <file>', '评分矩阵问题 problem.json / a plain problem: cases, mediators with capacities, scores')
    .option('--cases <file>', '案件 cases.json / case profiles')
    .option('--mediators <file>', '调解员 mediators.json / mediator profiles')
    .option('--within-days <n>', '几天内可约 / availability horizon in days (default 7)')
    .option('--weights <file>', '评分权重 weights.json / score weights (defaults in docs)')
    .option('--require-certified', '只用持证调解员 / only certified mediators')
    .option('--out <file>', '输出文件（默认标准输出）/ output file (default: stdout)')
    .action((opts: AssignOptions) => {
      let result: AssignmentResult | ProfileAssignmentJson;
      try {
        result = run(opts);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        process.stderr.write(`zhili: ${err.lines.join('\nzhili: ')}\n`);
        process.exit(2);
      }
      const json = `${JSON.stringify(result, null, 2)}\n`;
      if (!opts.out) return void process.stdout.write(json);
      writeFileSync(opts.out, json);
      const n = result.assignments.length;
      process.stdout.write(
        `已分派 ${n} 件，未分派 ${result.unassigned.length} 件，总分 ${result.total} / assigned ${n}, unassigned ${result.unassigned.length}, total ${result.total} → ${opts.out}\n`,
      );
    });
}
