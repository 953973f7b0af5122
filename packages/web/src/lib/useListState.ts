import { useCallback, useState } from 'react';

/**
 * Page, page size and filters of a list screen. Changing a filter goes back to page 1, so a
 * narrower search never lands on an empty page 7.
 */
export function useListState<F extends object>(initialFilters: F, initialPageSize = 20) {
  const [filters, setFiltersState] = useState<F>(initialFilters);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);

  const setFilter = useCallback(<K extends keyof F>(key: K, value: F[K]) => {
    setFiltersState((prev) => ({ ...prev, [key]: value }));
    setPage(1);
  }, []);
  const resetFilters = useCallback(() => {
    setFiltersState(initialFilters);
    setPage(1);
  }, []);
  const onPageChange = useCallback(
    (p: number, size: number) => {
      setPage(size === pageSize ? p : 1);
      setPageSize(size);
    },
    [pageSize],
  );

  return { filters, setFilter, resetFilters, page, pageSize, onPageChange };
}
