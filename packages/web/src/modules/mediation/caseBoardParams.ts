import { CASE_STATUSES, MEDIATION_TYPES, URGENCIES } from '@zhili/contracts';
import { choice, flag, listHref, oneOf, someOf, text, type FiltersOf } from '../../lib/listParams.ts';

/** The case board's sort orders. */
export const CASE_SORTS = ['registered_desc', 'deadline_asc'] as const;

/**
 * The mediation case board's filters and their URL parameters
 * (`/mediation?q=…&status=registered&status=matched&type=…&urgency=…&overdue=true&crossProvince=true&sort=deadline_asc`).
 * Shared by the board and the links that open it filtered (the home page's figures).
 */
export const CASE_BOARD_FILTERS = {
  q: text(),
  status: someOf(CASE_STATUSES),
  type: oneOf(MEDIATION_TYPES),
  urgency: oneOf(URGENCIES),
  overdue: flag(),
  crossProvince: flag(),
  sort: choice(CASE_SORTS, 'registered_desc'),
};

/** The case board's filters. */
export type CaseBoardFilters = FiltersOf<typeof CASE_BOARD_FILTERS>;

/** A link to the case board showing `filters`. */
export const caseBoardHref = (filters: Partial<CaseBoardFilters>): string =>
  listHref('/mediation', CASE_BOARD_FILTERS, filters);
