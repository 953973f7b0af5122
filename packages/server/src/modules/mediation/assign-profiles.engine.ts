import { solveAssignmentLarge } from './assign.engine.ts';
import { topCandidates, type MediatorTable } from './matching.engine.ts';
import { scoreMediator, type CaseProfile, type MatchOptions, type MediatorProfile } from './mediator-score.engine.ts';

/**
 * The batch assignment of cases to mediators by their explained scores: as many cases as the
 * free capacities (capacity − open cases) and eligibility allow, and among those the largest
 * total score — exact at any size (candidate lists grown until the dual certificate holds for
 * every pair, see docs/mediation-assign.md). The CLI and the server's plan share it.
 * `mediatorOf[i]` is the index of case i's mediator in `mediators`, or -1.
 */
export function assignByProfiles(
  cases: readonly CaseProfile[],
  mediators: readonly MediatorProfile[],
  table: MediatorTable,
  opts: MatchOptions,
): { mediatorOf: Int32Array; total: number } {
  const scratch = new Float64Array(mediators.length);
  const capacities = Int32Array.from(mediators, (m) => Math.max(0, m.capacity - m.openCases));
  const score = (i: number, j: number) => {
    const s = scoreMediator(cases[i]!, mediators[j]!, opts);
    return s.eligible ? s.total : null;
  };
  const sol = solveAssignmentLarge(cases.length, capacities, score, {
    candidateRow: (i, k) => topCandidates(cases[i]!, table, k, opts, scratch),
  });
  return { mediatorOf: sol.mediatorOf, total: sol.total };
}
