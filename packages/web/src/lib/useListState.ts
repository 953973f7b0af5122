import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  decodeFilters,
  decodePosition,
  emptyFilters,
  encodeList,
  ownPart,
  type FiltersOf,
  type ListPosition,
  type ListSchema,
} from './listParams.ts';

type ListState<S extends ListSchema> = ListPosition & { filters: FiltersOf<S> };

/** Options of {@link useListState}. */
export interface ListStateOptions {
  /** Page size of a clean URL. */
  pageSize?: number;
  /** Prefix of this list's URL parameters, so two lists on one screen (tabs) do not clash. */
  prefix?: string;
}

/**
 * Page, page size and filters of a list screen, kept in the URL's search parameters so a
 * filtered view can be bookmarked, shared, linked to (the home page's figures) and survives a
 * reload or Back from a detail page. `schema` (see `listParams.ts`) says how each filter is
 * written and read; declare it at module level so it stays the same object across renders.
 *
 * Every change REPLACES the history entry rather than pushing one: Back leaves the screen
 * instead of stepping through each filter tweak or page, and typing searches does not flood
 * the history. Changing a filter goes back to page 1, so a narrower search never lands on an
 * empty page 7.
 */
export function useListState<S extends ListSchema>(schema: S, options: ListStateOptions = {}) {
  const { pageSize: defaultPageSize = 20, prefix = '' } = options;
  const [params, setParams] = useSearchParams();

  // Only this list's parameters decide the result, so another list's change keeps it stable.
  const committed = ownPart(schema, params, prefix);
  // The router commits a navigation in a React transition, so for a moment after a change the
  // URL is ahead of `params`: show the change at once (a switch flips when clicked) until then.
  const [optimistic, setOptimistic] = useState<{ base: string; next: string } | null>(null);
  if (optimistic && optimistic.base !== committed) setOptimistic(null);
  const own = optimistic && optimistic.base === committed ? optimistic.next : committed;

  const state = useMemo(() => {
    const current = new URLSearchParams(own);
    return {
      filters: decodeFilters(schema, current, prefix),
      ...decodePosition(current, defaultPageSize, prefix),
    };
  }, [own, schema, prefix, defaultPageSize]);

  const write = useCallback(
    (change: (s: ListState<S>) => ListState<S>) => {
      // The address bar, not `params`: two quick changes (a switch, then Enter in the search box)
      // come before the router re-renders, and the second must not undo the first.
      const latest = new URLSearchParams(window.location.search);
      const s = change({
        filters: decodeFilters(schema, latest, prefix),
        ...decodePosition(latest, defaultPageSize, prefix),
      });
      const next = encodeList(schema, latest, s.filters, s, defaultPageSize, prefix);
      setOptimistic({ base: committed, next: ownPart(schema, next, prefix) });
      setParams(next, { replace: true });
    },
    [setParams, schema, prefix, defaultPageSize, committed],
  );

  const setFilter = useCallback(
    <K extends keyof FiltersOf<S>>(key: K, value: FiltersOf<S>[K]) =>
      write((s) => ({ ...s, filters: { ...s.filters, [key]: value }, page: 1 })),
    [write],
  );
  const resetFilters = useCallback(
    () => write((s) => ({ ...s, filters: emptyFilters(schema), page: 1 })),
    [write, schema],
  );
  const onPageChange = useCallback(
    (p: number, size: number) => write((s) => ({ ...s, page: size === s.pageSize ? p : 1, pageSize: size })),
    [write],
  );

  return {
    filters: state.filters,
    setFilter,
    resetFilters,
    page: state.page,
    pageSize: state.pageSize,
    onPageChange,
  };
}
