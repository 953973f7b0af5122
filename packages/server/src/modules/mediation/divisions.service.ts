import type { DivisionList, DivisionQuery } from '@zhili/contracts';
import { requireAccess } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { divisions } from './divisions.data.ts';

/**
 * The divisions under `q.parent` (provinces when absent), for picking a hometown by name. The
 * list is public knowledge, but it is served to those who register mediators and parties.
 */
export async function listDivisions(ctx: Ctx, q: DivisionQuery): Promise<DivisionList> {
  await requireAccess(ctx, 'mediation.read');
  const tree = divisions();
  if (q.parent === undefined) return tree.childrenOf(null);
  if (tree.divisionName(q.parent) === undefined)
    throw invalid('query.parent', `unknown GB/T 2260 code ${q.parent}`, 'unknown_division');
  return tree.childrenOf(q.parent);
}
