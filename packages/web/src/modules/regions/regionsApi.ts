import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportResult, Page, Region, RegionCreate, RegionDetail, RegionLevel } from '@zhili/contracts';
import { REGION_LEVELS } from '@zhili/contracts';
import { api, apiRequest } from '../../lib/api.ts';

export const REGIONS_KEY = ['regions'] as const;
/** The server's page-size ceiling; a level rarely has more children than this. */
export const MAX_PAGE = 500;

export interface RegionListParams {
  parent?: string;
  q?: string;
  level?: RegionLevel;
  page?: number;
  pageSize?: number;
}

export const listRegions = (p: RegionListParams) => api.get<Page<Region>>('/api/regions', { ...p });

export const regionListKey = (p: RegionListParams) => [...REGIONS_KEY, 'list', p] as const;

/** Paginated region list (children of `parent`, or a `q` search). */
export function useRegionList(p: RegionListParams, enabled = true) {
  return useQuery({ queryKey: regionListKey(p), queryFn: () => listRegions(p), enabled });
}

/** `GET /api/regions/:code`: a region with its ancestors, root first. */
export function useRegion(code: string | null) {
  return useQuery({
    queryKey: [...REGIONS_KEY, 'detail', code],
    queryFn: () => api.get<RegionDetail>(`/api/regions/${encodeURIComponent(code ?? '')}`),
    enabled: !!code,
  });
}

/**
 * The top of the tree for an unlimited scope: without `parent`, `q` or `level` the server
 * returns the roots of the caller's scope (the province, or a county-only installation's county).
 */
export async function loadTopRegions(): Promise<Region[]> {
  return (await listRegions({ pageSize: MAX_PAGE })).items;
}

/** The level a child of `level` normally has. */
export function childLevelOf(level: RegionLevel): RegionLevel {
  const i = REGION_LEVELS.indexOf(level);
  return REGION_LEVELS[Math.min(i + 1, REGION_LEVELS.length - 1)] ?? 'grid';
}

export function useCreateRegion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegionCreate) => api.post<Region>('/api/regions', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: REGIONS_KEY }),
  });
}

export function useUpdateRegion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...body }: { code: string; name?: string; illustrative?: boolean }) =>
      api.patch<Region>(`/api/regions/${encodeURIComponent(code)}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: REGIONS_KEY }),
  });
}

/** `POST /api/regions/import` with the CSV as the raw body: every row lands, or none. */
export function useImportRegions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) =>
      apiRequest<ImportResult>('/api/regions/import', { method: 'POST', body: csv, contentType: 'text/csv' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: REGIONS_KEY }),
  });
}
