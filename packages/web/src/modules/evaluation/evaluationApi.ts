import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ErrorBody, Page } from '@zhili/contracts';
import { ApiError, NetworkError, api, apiRequest, withQuery } from '../../lib/api.ts';
import type {
  ChampionEntry,
  DatasetAvailability,
  DatasetSummary,
  FrameworkDetail,
  FrameworkSummary,
  FrameworkVersionInfo,
  Run,
  RunCreate,
  RunPublished,
  RunSummary,
  SensitivityAssumptions,
  SensitivityJob,
  UnitProfile,
} from './types.ts';

export const EVAL_KEY = ['evaluation'] as const;
const BASE = '/api/evaluation';

/** Lists come paginated (`{ items, … }`); a bare array from an older server is accepted too. */
function itemsOf<T>(data: Page<T> | T[] | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items;
}

export function useFrameworks(q: string) {
  return useQuery({
    queryKey: [...EVAL_KEY, 'frameworks', q],
    queryFn: async () =>
      itemsOf(await api.get<Page<FrameworkSummary> | FrameworkSummary[]>(`${BASE}/frameworks`, { q, pageSize: 100 })),
    placeholderData: keepPreviousData,
  });
}

export function useFramework(code: string | undefined, version?: number) {
  return useQuery({
    queryKey: [...EVAL_KEY, 'framework', code, version ?? 'latest'],
    queryFn: () =>
      api.get<FrameworkDetail>(
        version ? `${BASE}/frameworks/${code ?? ''}/versions/${version}` : `${BASE}/frameworks/${code ?? ''}`,
      ),
    enabled: !!code,
  });
}

export function useFrameworkVersions(code: string | undefined) {
  return useQuery({
    queryKey: [...EVAL_KEY, 'framework-versions', code],
    queryFn: async () =>
      itemsOf(
        await api.get<Page<FrameworkVersionInfo> | FrameworkVersionInfo[]>(`${BASE}/frameworks/${code ?? ''}/versions`),
      ),
    enabled: !!code,
  });
}

/** Saving always makes a new version (or a new framework when the code is new). */
export function useSaveFramework() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { regionCode: string; yaml: string }) =>
      api.post<{ code: string; version: number }>(`${BASE}/frameworks`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: EVAL_KEY }),
  });
}

export function useDatasets(framework: string | undefined) {
  return useQuery({
    queryKey: [...EVAL_KEY, 'datasets', framework],
    queryFn: async () =>
      itemsOf(await api.get<Page<DatasetSummary> | DatasetSummary[]>(`${BASE}/datasets`, { framework, pageSize: 100 })),
    enabled: !!framework,
  });
}

/** Availability of a dataset, for one year (or all years when `year` is undefined). */
export function availabilityQuery(datasetId: string, year: number | undefined) {
  return {
    queryKey: [...EVAL_KEY, 'availability', datasetId, year ?? 'all'],
    queryFn: () => api.get<DatasetAvailability>(`${BASE}/datasets/${datasetId}/availability`, { year }),
  };
}

/**
 * Uploads a CSV or XLSX file as multipart `file`. `apiRequest` only sends JSON or text, so this
 * one call does its own fetch; errors come back as the same {@link ApiError} the screens show.
 */
export async function uploadDataset(
  framework: string,
  name: string,
  file: File,
  csrfToken: string,
): Promise<DatasetSummary> {
  if (/\.csv$/i.test(file.name)) {
    const text = (await file.text()).replace(/^\uFEFF/, '');
    return apiRequest<DatasetSummary>(`${BASE}/datasets`, {
      method: 'POST',
      query: { framework, name },
      body: text,
      contentType: 'text/csv',
    });
  }
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(withQuery(`${BASE}/datasets`, { framework, name }), {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
      credentials: 'same-origin',
    });
  } catch {
    throw new NetworkError(null);
  }
  const parsed: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const b = parsed as Partial<ErrorBody> | undefined;
    if (b && typeof b.code === 'string' && typeof b.message === 'string') {
      throw new ApiError(res.status, {
        ...(b as ErrorBody),
        messageEn: b.messageEn ?? b.message,
        details: Array.isArray(b.details) ? b.details : [],
      });
    }
    throw new NetworkError(res.status);
  }
  return parsed as DatasetSummary;
}

export function useUploadDataset(csrfToken: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: { framework: string; name: string; file: File }) =>
      uploadDataset(p.framework, p.name, p.file, csrfToken),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...EVAL_KEY, 'datasets'] }),
  });
}

export function useRuns(framework: string | undefined, year?: number) {
  return useQuery({
    queryKey: [...EVAL_KEY, 'runs', framework, year],
    queryFn: async () =>
      itemsOf(await api.get<Page<RunSummary> | RunSummary[]>(`${BASE}/runs`, { framework, year, pageSize: 100 })),
    enabled: !!framework,
  });
}

export function useRun(id: string | undefined) {
  return useQuery({
    queryKey: [...EVAL_KEY, 'run', id],
    queryFn: () => api.get<Run>(`${BASE}/runs/${id ?? ''}`),
    enabled: !!id,
    staleTime: 60_000,
  });
}

export function useCreateRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RunCreate) => api.post<Run>(`${BASE}/runs`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...EVAL_KEY, 'runs'] }),
  });
}

export function usePublishRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<RunPublished>(`${BASE}/runs/${id}/publish`),
    onSuccess: () => qc.invalidateQueries({ queryKey: EVAL_KEY }),
  });
}

export function useUnitProfile(runId: string | undefined, unit: string | undefined, targetRank?: number) {
  return useQuery({
    queryKey: [...EVAL_KEY, 'profile', runId, unit, targetRank],
    queryFn: () =>
      api.get<UnitProfile>(`${BASE}/runs/${runId ?? ''}/units/${encodeURIComponent(unit ?? '')}`, { targetRank }),
    placeholderData: keepPreviousData,
    enabled: !!runId && !!unit,
  });
}

export function useChampions(framework: string | undefined) {
  return useQuery({
    queryKey: [...EVAL_KEY, 'champions', framework],
    queryFn: async () =>
      itemsOf(await api.get<Page<ChampionEntry> | ChampionEntry[]>(`${BASE}/champions`, { framework })),
    enabled: !!framework,
  });
}

export function useStartSensitivity() {
  return useMutation({
    mutationFn: (p: { runId: string; replications: number; assumptions: SensitivityAssumptions }) =>
      api.post<{ id: string }>(`${BASE}/runs/${p.runId}/sensitivity`, {
        replications: p.replications,
        assumptions: p.assumptions,
      }),
  });
}

/** Polls the job every second until it is done or failed. */
export function useSensitivityJob(id: string | undefined) {
  return useQuery({
    queryKey: [...EVAL_KEY, 'sensitivity', id],
    queryFn: () => api.get<SensitivityJob>(`${BASE}/sensitivity/${id ?? ''}`),
    enabled: !!id,
    refetchInterval: (q) => {
      const s = q.state.data?.status;
      // Done and failed are final; queued and running are polled.
      return s === 'done' || s === 'failed' ? false : 1000;
    },
  });
}

/** Links the browser opens directly (the session cookie authenticates them). */
export const evalLinks = {
  exportXlsx: (runId: string) => `${BASE}/runs/${runId}/export.xlsx`,
  unitReport: (runId: string, unit: string) => `${BASE}/runs/${runId}/units/${encodeURIComponent(unit)}/report.pdf`,
  certificates: (runId: string) => `${BASE}/runs/${runId}/certificates.pdf`,
};
