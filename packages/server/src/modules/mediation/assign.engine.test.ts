import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalOf, scaleExactly } from './assign-exact.engine.ts';
import {
  AssignProblemError,
  parseAssignmentProblem,
  solveAssignment,
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
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
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
