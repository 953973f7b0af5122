/**
 * Mediation engines (`npm run bench -- mediation`), each against a baseline measured in the same
 * run (median of ZHILI_BENCH_RUNS ≥ 7 runs, wall time):
 *  1. Rank one case against 100,000 mediators (realistic profiles: hometowns in six provinces,
 *     dialects, expertise, locations around Datang, loads, histories, availability) — target
 *     ≤ 50 ms. Baseline: an object per mediator scored with `scoreMediator`, filtered and fully
 *     sorted (checked to give the same top 20).
 *  2. Assign 5,000 cases to 20,000 mediators with capacities 1–5 — target ≤ 5 s, exactly optimal:
 *     candidate rounds, cases deepened, time per phase and the optimality certificate are
 *     reported. ZHILI_BENCH_ONLY=assign skips part 1. Baseline:
 *     the dense solver (every eligible pair an edge) on 500 × 2,000, scaled by the pair count
 *     (×100, a lower bound: the dense solver grows faster than linearly).
 */
import { parseHometown } from '../packages/server/src/modules/mediation/hometown.engine.ts';
import {
  compileMediators,
  rankMediators,
  scoreAllMediators,
  scoreMediator,
  topCandidates,
  type CaseProfile,
  type MediatorProfile,
} from '../packages/server/src/modules/mediation/matching.engine.ts';
import { solveAssignment, solveAssignmentLarge } from '../packages/server/src/modules/mediation/assign.engine.ts';

const RUNS = Math.max(7, Number(process.env.ZHILI_BENCH_RUNS ?? 9));
let seed = 7;
// Math.imul keeps the product exact (a plain multiply passes 2^53 and falls into a short cycle).
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

// Datang's migrant workers come mostly from these provinces; a county code is province + city + county.
const PROVINCES = [
  { code: '34', dialects: ['皖北话', '江淮官话'], share: 0.3 },
  { code: '36', dialects: ['赣语'], share: 0.2 },
  { code: '41', dialects: ['中原官话'], share: 0.2 },
  { code: '45', dialects: ['桂柳话', '粤语'], share: 0.1 },
  { code: '52', dialects: ['贵州话'], share: 0.1 },
  { code: '42', dialects: ['武汉话'], share: 0.1 },
];
const TYPES = ['labour_injury', 'wage_arrears', 'neighbour', 'family', 'traffic', 'contract', 'tenancy', 'consumer'];
function hometownCode(): string {
  let r = rand();
  const p = PROVINCES.find((x) => (r -= x.share) < 0) ?? PROVINCES[0]!;
  const city = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
  const county = String(1 + Math.floor(rand() * 9)).padStart(2, '0');
  return `${p.code}${city}${county}`;
}
const dialectsOf = (code: string) => PROVINCES.find((p) => p.code === code.slice(0, 2))!.dialects;
const near = (x: number, spread: number) => x + (rand() - 0.5) * spread;

function mediator(i: number): MediatorProfile {
  const code = hometownCode();
  const capacity = 1 + Math.floor(rand() * 8);
  const history: MediatorProfile['history'] = {};
  for (const t of TYPES) {
    if (rand() < 0.4) {
      const total = Math.floor(rand() * 60);
      history[t] = { settled: Math.floor(total * (0.5 + rand() * 0.5)), total };
    }
  }
  return {
    id: `m${i}`,
    hometown: parseHometown(code),
    dialects: [...dialectsOf(code).filter(() => rand() < 0.8), ...(rand() < 0.7 ? ['普通话'] : [])],
    expertise: TYPES.filter(() => rand() < 0.3),
    lat: near(30.2, 0.4),
    lng: near(120.25, 0.4),
    openCases: Math.floor(rand() * capacity),
    capacity,
    history,
    availableInDays: rand() < 0.1 ? null : Math.floor(rand() * 14),
    active: rand() < 0.95,
    certified: rand() < 0.8,
  };
}
function dispute(i: number): CaseProfile {
  const parties = Array.from({ length: rand() < 0.6 ? 2 : 1 }, () => {
    const code = hometownCode();
    return { hometown: parseHometown(code), dialects: [pick(dialectsOf(code))] };
  });
  return { id: `k${i}`, type: pick(TYPES), parties, lat: near(30.2, 0.3), lng: near(120.25, 0.3) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Median wall and CPU time of `runs` calls (the machine is shared: CPU time is the steadier figure). */
function time(fn: () => void, runs = RUNS): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    fn();
    cpu.push(cpuMs() - c0);
    wall.push(performance.now() - t0);
  }
  return { wall: median(wall), cpu: median(cpu) };
}
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const fmt = (t: { wall: number; cpu: number }) => `${ms(t.wall)} wall, ${ms(t.cpu)} CPU`;
const ratio = (slow: { cpu: number }, fast: { cpu: number }) => (slow.cpu / fast.cpu).toFixed(1);

// ---- 1. ranking ---------------------------------------------------------------------------------
if (process.env.ZHILI_BENCH_ONLY !== 'assign') {
  const list = Array.from({ length: 100_000 }, (_, i) => mediator(i));
  const cases = Array.from({ length: RUNS }, (_, i) => dispute(i));
  const t0 = performance.now();
  const table = compileMediators(list);
  const compileMs = performance.now() - t0;
  let r = 0;
  const naive = (c: CaseProfile) =>
    list
      .map((m) => scoreMediator(c, m))
      .filter((s) => s.eligible)
      .sort((a, b) => b.total - a.total)
      .slice(0, 20);
  for (const c of cases.slice(0, 2)) {
    const a = rankMediators(c, table, { limit: 20 }).map((s) => s.total);
    const b = naive(c).map((s) => s.total);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('columnar and naive ranking disagree');
  }
  const fast = time(() => void rankMediators(cases[r++ % cases.length]!, table, { limit: 20 }));
  const slow = time(() => void naive(cases[r++ % cases.length]!), 7);
  process.stdout.write(
    `rank 1 case × 100,000 mediators (top 20, explained): ${fmt(fast)} median (target ≤ 50 ms)\n` +
      `  baseline object-per-mediator + full sort: ${fmt(slow)}   ratio ${ratio(slow, fast)}× (CPU)\n` +
      `  compileMediators (once per mediator list): ${ms(compileMs)} wall\n`,
  );
}

// ---- 2. batch assignment ------------------------------------------------------------------------
{
  const N = 5_000;
  const M = 20_000;
  const list = Array.from({ length: M }, (_, i) => {
    const m = mediator(i);
    // Capacities 1–5 for this batch; the mediator is eligible as far as load goes.
    const free = 1 + Math.floor(rand() * 5);
    return { ...m, openCases: 0, capacity: free };
  });
  const cases = Array.from({ length: N }, (_, i) => dispute(i));
  const table = compileMediators(list);
  const capacities = Int32Array.from(list, (m) => m.capacity);
  const scoreRow = (i: number, out: Float64Array) => void scoreAllMediators(cases[i]!, table, {}, out);
  const scratch = new Float64Array(M);
  const candidateRow = (i: number, k: number) => topCandidates(cases[i]!, table, k, {}, scratch);
  const row = new Float64Array(M);
  let cached = -1;
  const score = (i: number, j: number) => {
    if (cached !== i) scoreRow((cached = i), row);
    const v = row[j]!;
    return v === v ? v : null;
  };
  const runs = Number(process.env.ZHILI_BENCH_ASSIGN_RUNS ?? 1);
  let result = solveAssignmentLarge(N, capacities, score, { scoreRow, candidateRow });
  const large = time(
    () => void (result = solveAssignmentLarge(N, capacities, score, { scoreRow, candidateRow })),
    runs,
  );
  const assigned = Array.from(result.mediatorOf).filter((j) => j >= 0).length;

  // Dense baseline on a 500 × 2,000 slice of the same profiles, with the large solver checked against it.
  const n = 500;
  const m = 2_000;
  const small = compileMediators(list.slice(0, m));
  const scores = cases.slice(0, n).map((c) => Array.from(scoreAllMediators(c, small), (v) => (v === v ? v : null)));
  const problem = {
    cases: cases.slice(0, n).map((c) => c.id),
    mediators: list.slice(0, m).map((x) => ({ id: x.id, capacity: x.capacity })),
    scores,
  };
  let dense = solveAssignment(problem);
  const denseMs = time(() => void (dense = solveAssignment(problem)), runs);
  const check = solveAssignmentLarge(n, capacities.slice(0, m), (i, j) => scores[i]![j]!);
  if (check.total !== dense.total) throw new Error(`large ${check.total} ≠ dense ${dense.total} on 500 × 2,000`);
  const scaled = { wall: denseMs.wall * ((N * M) / (n * m)), cpu: denseMs.cpu * ((N * M) / (n * m)) };
  process.stdout.write(
    `assign 5,000 cases × 20,000 mediators (capacities 1–5): ${fmt(large)} median of ${runs} (target ≤ 5 s)\n` +
      `  ${assigned} assigned, total ${result.total}; ${result.rounds} candidate round(s), ` +
      `${result.candidatePairs} candidate pairs; ${result.casesChecked} case(s) failed the bound and were deepened ` +
      `(${result.deepened} candidate lists fetched, ${result.pairsAdded} pair(s) added, no row scored in full); ` +
      `optimality certificate holds on all 100 M pairs\n` +
      `  phases (last run): candidates ${ms(result.phases.candidatesMs)}, sparse solves ${ms(result.phases.solveMs)}, ` +
      `checks ${ms(result.phases.checkMs)} (wall)\n` +
      `  baseline dense solver 500 × 2,000: ${fmt(denseMs)} (same total as the large solver), ` +
      `scaled ×${(N * M) / (n * m)} by pairs ≥ ${fmt(scaled)}   ratio ≥ ${ratio(scaled, large)}× (CPU)\n`,
  );
}
