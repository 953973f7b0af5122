import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalOf, scaleExactly } from './assign-exact.engine.ts';
import {
  AssignProblemError,
  parseAssignmentProblem,
  solveAssignment,
  initialCandidates,
  solveAssignmentLarge,
  type AssignmentProblem,
  type AssignmentResult,
} from './assign.engine.ts';

/** Every assignment, enumerated: the lexicographically best (count, total) with exact bigint sums. */
function bruteForce(p: AssignmentProblem): { count: number; gain: bigint; scale: number } {
  const { gains, scale } = scaleExactly(p.scores);
  const left = p.mediators.map((m) => m.capacity);
  let best = { count: -1, gain: 0n };
  const walk = (i: number, count: number, gain: bigint) => {
    if (i === p.cases.length) {
      if (count > best.count || (count === best.count && gain > best.gain)) best = { count, gain };
      return;
    }
    walk(i + 1, count, gain);
    gains[i]!.forEach((g, j) => {
      if (g === null || left[j] === 0) return;
      left[j]!--;
      walk(i + 1, count + 1, gain + g);
      left[j]!++;
    });
  };
  walk(0, 0, 0n);
  return { ...best, scale };
}

/** The result is a valid assignment and its total is the sum of its scores. */
function checkValid(p: AssignmentProblem, r: AssignmentResult): void {
  const used = new Map<string, number>();
  const caseIndex = new Map(p.cases.map((c, i) => [c, i]));
  const medIndex = new Map(p.mediators.map((m, j) => [m.id, j]));
  for (const a of r.assignments) {
    const s = p.scores[caseIndex.get(a.case)!]![medIndex.get(a.mediator)!];
    expect(s).not.toBeNull();
    used.set(a.mediator, (used.get(a.mediator) ?? 0) + 1);
  }
  for (const m of p.mediators) expect(used.get(m.id) ?? 0).toBeLessThanOrEqual(m.capacity);
  expect(r.assignments.length + r.unassigned.length).toBe(p.cases.length);
  expect(new Set([...r.assignments.map((a) => a.case), ...r.unassigned]).size).toBe(p.cases.length);
}

const problem = (score: fc.Arbitrary<number | null>, maxCases = 6, maxMediators = 4) =>
  fc
    .record({
      n: fc.integer({ min: 0, max: maxCases }),
      caps: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: maxMediators }),
    })
    .chain(({ n, caps }) =>
      fc
        .array(fc.array(score, { minLength: caps.length, maxLength: caps.length }), { minLength: n, maxLength: n })
        .map((scores): AssignmentProblem => ({
          cases: scores.map((_, i) => `c${i}`),
          mediators: caps.map((capacity, j) => ({ id: `m${j}`, capacity })),
          scores,
        })),
    );

// Small integers make ties common; quarters and decimals are fractions; negatives must still be taken.
const smallScore = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }),
  fc.integer({ min: -40, max: 40 }).map((x) => x / 4),
  fc.integer({ min: -999, max: 999 }).map((x) => x / 100),
);

describe('solveAssignment', () => {
  it('matches brute force on thousands of small instances (ties, nulls, zero capacity, negatives)', () => {
    fc.assert(
      fc.property(problem(smallScore), (p) => {
        const best = bruteForce(p);
        for (const arithmetic of ['auto', 'bigint'] as const) {
          const sut = solveAssignment(p, { arithmetic });
          checkValid(p, sut);
          expect(sut.assignments.length).toBe(best.count);
          expect(sut.total).toBe(Number(`${best.gain}e-${best.scale}`));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('is exact on scores beyond double precision sums (1e300 next to 1e-300)', () => {
    const wild = fc.constantFrom(null, 1e300, -1e300, 1e-300, 0.1, 3, -7.25, 1e17 + 2);
    fc.assert(
      fc.property(problem(wild, 5, 3), (p) => {
        const best = bruteForce(p);
        const sut = solveAssignment(p);
        checkValid(p, sut);
        expect(sut.assignments.length).toBe(best.count);
        expect(sut.total).toBe(Number(`${best.gain}e-${best.scale}`));
      }),
      { numRuns: 500 },
    );
  });

  it('assigns as many cases as possible before maximising the score', () => {
    // m1 alone would give c1 a score of 100; taking c2 too (negative) is still preferred.
    const sut = solveAssignment({
      cases: ['c1', 'c2'],
      mediators: [
        { id: 'm1', capacity: 1 },
        { id: 'm2', capacity: 1 },
      ],
      scores: [
        [100, 1],
        [-5, null],
      ],
    });
    expect(sut).toEqual({
      assignments: [
        { case: 'c1', mediator: 'm2' },
        { case: 'c2', mediator: 'm1' },
      ],
      unassigned: [],
      total: -4,
    });
  });

  it('reads decimal scores as decimals (0.1 + 0.2 totals 0.3)', () => {
    const sut = solveAssignment({
      cases: ['a', 'b'],
      mediators: [{ id: 'm', capacity: 2 }],
      scores: [[0.1], [0.2]],
    });
    expect(sut.total).toBe(0.3);
  });

  it('decimalOf gives the exact decimal of a double', () => {
    expect(decimalOf(0.1)).toEqual({ mantissa: 1n, exponent: -1 });
    expect(decimalOf(-1.5e-300)).toEqual({ mantissa: -15n, exponent: -301 });
    expect(decimalOf(1e21)).toEqual({ mantissa: 1n, exponent: 21 });
  });
});

/** A deterministic dense instance with 4-decimal scores, as the matching engine produces. */
function randomInstance(n: number, m: number, seed: number) {
  let s = seed;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 2147483648;
  const capacities = Int32Array.from({ length: m }, () => Math.floor(rand() * 3));
  const scores = Array.from({ length: n }, () =>
    Array.from({ length: m }, () => (rand() < 0.3 ? null : Math.round(rand() * 1e6 - 2e5) / 1e4)),
  );
  return { capacities, scores };
}

describe('solveAssignmentLarge', () => {
  it('equals the dense solver on 200 × 500 instances, proving optimality beyond the candidates', () => {
    for (const [seed, k] of [
      [1, 1],
      [2, 2],
      [3, 8],
    ] as const) {
      const { capacities, scores } = randomInstance(200, 500, seed);
      const sut = solveAssignmentLarge(200, capacities, (i, j) => scores[i]![j]!, { candidates: k });
      const dense = solveAssignment({
        cases: scores.map((_, i) => `c${i}`),
        mediators: Array.from(capacities, (capacity, j) => ({ id: `m${j}`, capacity })),
        scores,
      });
      expect(Array.from(sut.mediatorOf).filter((j) => j >= 0).length).toBe(dense.assignments.length);
      expect(sut.total).toBe(dense.total);
    }
  });

  it('equals the dense solver on small random instances with scarce capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 4 }), (seed, k) => {
        const { capacities, scores } = randomInstance(30, 12, seed);
        const sut = solveAssignmentLarge(30, capacities, (i, j) => scores[i]![j]!, { candidates: k });
        const dense = solveAssignment({
          cases: scores.map((_, i) => `c${i}`),
          mediators: Array.from(capacities, (capacity, j) => ({ id: `m${j}`, capacity })),
          scores,
        });
        expect(sut.total).toBe(dense.total);
        expect(Array.from(sut.mediatorOf).filter((j) => j >= 0).length).toBe(dense.assignments.length);
      }),
      { numRuns: 200 },
    );
  });
});

/** `candidateRow` over a score matrix: k best (ties: lower index), bound = the k-th when more exist. */
function candidateRowOf(scores: (number | null)[][]) {
  return (i: number, k: number) => {
    const order = scores[i]!.map((s, j) => [s, j] as const)
      .filter((x): x is readonly [number, number] => x[0] !== null)
      .sort((x, y) => y[0] - x[0] || x[1] - y[1]);
    const top = order.slice(0, k);
    return {
      mediators: top.map((x) => x[1]),
      scores: top.map((x) => x[0]),
      bound: order.length > k ? top[k - 1]![0] : -Infinity,
    };
  };
}

const denseOf = (capacities: Int32Array, scores: (number | null)[][]) =>
  solveAssignment({
    cases: scores.map((_, i) => `c${i}`),
    mediators: Array.from(capacities, (capacity, j) => ({ id: `m${j}`, capacity })),
    scores,
  });

describe('solveAssignmentLarge certificate', () => {
  const noRow = () => {
    throw new Error('a whole row was scored');
  };

  it('deepens candidates instead of scoring rows, and stays optimal on heavily tied scores', () => {
    // Scores 0–3 and many identical rows: the first candidates overlap, cases are pushed down
    // their lists and fail the bound, both on the score and on the count (unassigned in round 1).
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 3 }), (seed, k) => {
        let s = seed;
        const rand = () => (s = (s * 48271) % 2147483647) / 2147483647;
        const n = 1 + Math.floor(rand() * 25);
        const m = 1 + Math.floor(rand() * 15);
        const capacities = Int32Array.from({ length: m }, () => Math.floor(rand() * 3));
        const kinds = Array.from({ length: 3 }, () =>
          Array.from({ length: m }, () => (rand() < 0.2 ? null : Math.floor(rand() * 4))),
        );
        const scores = Array.from({ length: n }, () => kinds[Math.floor(rand() * kinds.length)]!);
        const sut = solveAssignmentLarge(n, capacities, noRow, { candidates: k, candidateRow: candidateRowOf(scores) });
        const dense = denseOf(capacities, scores);
        expect(Array.from(sut.mediatorOf).filter((j) => j >= 0).length).toBe(dense.assignments.length);
        expect(sut.total).toBe(dense.total);
        const used = new Int32Array(m);
        sut.mediatorOf.forEach((j, i) => {
          if (j < 0) return;
          expect(scores[i]![j]).not.toBeNull();
          used[j]!++;
        });
        used.forEach((u, j) => expect(u).toBeLessThanOrEqual(capacities[j]!));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts a reduced cost of exactly 0: mediators tied with the k-th best need not be candidates', () => {
    // One case, five mediators all scoring 5: with k = 1 the bound (5) equals what the case gets.
    const scores = [[5, 5, 5, 5, 5]];
    const sut = solveAssignmentLarge(1, Int32Array.from([1, 1, 1, 1, 1]), noRow, {
      candidates: 1,
      candidateRow: candidateRowOf(scores),
    });
    expect(sut).toMatchObject({ total: 5, rounds: 1, casesChecked: 0, deepened: 0, candidatePairs: 1 });
  });

  it('deepens count-priced cases: identical cases, one slot each', () => {
    const n = 12;
    const scores = Array.from({ length: n }, () => Array.from({ length: n }, (_, j) => 10 - (j % 3)));
    const sut = solveAssignmentLarge(n, new Int32Array(n).fill(1), noRow, {
      candidates: 1,
      candidateRow: candidateRowOf(scores),
    });
    expect(Array.from(sut.mediatorOf).filter((j) => j >= 0).length).toBe(n);
    expect(sut.total).toBe(denseOf(new Int32Array(n).fill(1), scores).total);
    expect(sut.rounds).toBeGreaterThan(1);
  });

  it('picks the first k from the capacities', () => {
    // The bench: 5,000 cases, 20,000 mediators with capacities 1–5 → 128 (m/128 caps it).
    const caps = Int32Array.from({ length: 20_000 }, (_, j) => 1 + (j % 5));
    expect(initialCandidates(5_000, caps)).toBe(128);
    // Plenty of slots for few cases: identical cases would need 1; at least 8.
    expect(initialCandidates(10, caps)).toBe(8);
    // Scarce: 200 cases, 500 mediators of capacity 1 → need 200, capped at 500/128 → 8.
    expect(initialCandidates(200, new Int32Array(500).fill(1))).toBe(8);
    expect(initialCandidates(3, new Int32Array(0))).toBe(8);
  });
});

describe('parseAssignmentProblem', () => {
  const issue = (json: unknown) => {
    try {
      parseAssignmentProblem(json);
    } catch (err) {
      if (err instanceof AssignProblemError) return `${err.path}: ${err.message}`;
      throw err;
    }
    return 'ok';
  };
  const ok = { cases: ['c1', 'c2'], mediators: [{ id: 'm1', capacity: 1 }], scores: [[1], [null]] };

  it('accepts a well-formed problem', () => {
    expect(parseAssignmentProblem(ok)).toEqual(ok);
  });

  it('names the JSON path of what is wrong', () => {
    expect(issue([])).toBe('(root): expected an object {cases, mediators, scores}');
    expect(issue({ ...ok, scores: [[1], ['x']] })).toBe('scores[1][0]: expected a number or null');
    expect(issue({ ...ok, scores: [[1], [1, 2]] })).toBe('scores[1]: expected 1 entries (one per mediator), got 2');
    expect(issue({ ...ok, scores: [[1]] })).toBe('scores: expected 2 rows (one per case), got 1');
    expect(issue({ ...ok, cases: ['c1', 'c1'] })).toBe('cases[1]: duplicate id "c1" (also cases[0])');
    expect(issue({ ...ok, mediators: [{ id: 'm1', capacity: -1 }] })).toBe(
      'mediators[0].capacity: expected a non-negative integer',
    );
    expect(issue({ ...ok, mediators: [{ id: 'm1', capacity: 1.5 }] })).toBe(
      'mediators[0].capacity: expected a non-negative integer',
    );
    expect(issue({ ...ok, mediators: [{ id: '', capacity: 1 }] })).toBe('mediators[0].id: expected a non-empty string');
    expect(issue({ ...ok, extra: 1 })).toBe('extra: unknown field');
    expect(issue({ ...ok, scores: [[Infinity], [null]] })).toBe('scores[0][0]: expected a number or null');
  });
});
