import { INCIDENT_STATUSES, PRIORITIES } from '@zhili/contracts';
import { flag, id, listHref, oneOf, someOf, text, type FiltersOf } from '../../lib/listParams.ts';

/**
 * The incident board's filters and their URL parameters
 * (`/incidents?q=…&status=reported&status=dispatched&categoryCode=…&regionCode=…&priority=…&overdue=true`).
 * Shared by the board and the links that open it filtered (the home page's figures).
 */
export const BOARD_FILTERS = {
  q: text(),
  status: someOf(INCIDENT_STATUSES),
  categoryCode: id(),
  regionCode: id(null),
  priority: oneOf(PRIORITIES),
  overdue: flag(),
};

/** The incident board's filters. */
export type BoardFilters = FiltersOf<typeof BOARD_FILTERS>;

/** A link to the incident board showing `filters`. */
export const boardHref = (filters: Partial<BoardFilters>): string => listHref('/incidents', BOARD_FILTERS, filters);
