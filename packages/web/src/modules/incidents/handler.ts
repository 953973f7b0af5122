import type { IncidentSummary } from '@zhili/contracts';

type Assignee = Pick<IncidentSummary, 'assigneeUnitName' | 'assigneeOrganizationName' | 'assigneeRegionCode'>;

/**
 * "Level · unit" for the handler column: the unit's name (a place romanised by `place`), or the
 * level alone while nobody is assigned yet — never a dangling "· —" nor a bare region code when
 * the unit's name is known.
 */
export function handlerLabel(level: string, i: Assignee, place: (name: string) => string): string {
  const unit = i.assigneeUnitName ?? i.assigneeOrganizationName ?? i.assigneeRegionCode;
  return unit ? `${level} · ${place(unit)}` : level;
}
