import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Attachment,
  Category,
  CategoryInput,
  DispatchRule,
  DispatchRuleInput,
  ErrorBody,
  FeedbackInput,
  IncidentDetail,
  IncidentIntake,
  IncidentStats,
  IncidentStatsQuery,
  IncidentStatus,
  IncidentSummary,
  IntakeReceipt,
  Page,
  Priority,
  TransitionInput,
  WhistleInput,
  WorkingCalendarInput,
} from '@zhili/contracts';
import { ApiError, NetworkError, api, apiRequest, withQuery, type QueryValue } from '../../lib/api.ts';

export const INCIDENTS_KEY = ['incidents'] as const;
const BASE = '/api/incidents';

/** A list may come paginated or as a bare array; the screens want the items. */
export function itemsOf<T>(data: Page<T> | T[] | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items;
}

/** Who handles it, by name: the department, or the grid/community/township/county (its code if unnamed). */
export function assigneeLabel(
  i: Pick<IncidentSummary, 'assigneeUnitName' | 'assigneeOrganizationName' | 'assigneeRegionCode'>,
): string {
  return i.assigneeUnitName ?? i.assigneeOrganizationName ?? i.assigneeRegionCode ?? '—';
}

/** The board's filters, as the list endpoint takes them (`status` may repeat). */
export interface IncidentFilters {
  q?: string;
  status?: IncidentStatus[];
  categoryCode?: string;
  regionCode?: string;
  priority?: Priority;
  overdue?: boolean;
  mine?: boolean;
  sort?: 'received_desc' | 'received_asc' | 'deadline_asc';
  page: number;
  pageSize: number;
}

/** `path?query` where an array value repeats its key (`status=a&status=b`). */
export function listUrl(path: string, query: Record<string, QueryValue | readonly string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const v of value as string[]) params.append(key, v);
    else if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function incidentListUrl(f: IncidentFilters): string {
  return listUrl(BASE, {
    q: f.q,
    status: f.status && f.status.length > 0 ? f.status : undefined,
    categoryCode: f.categoryCode,
    regionCode: f.regionCode,
    priority: f.priority,
    overdue: f.overdue ? 'true' : undefined,
    mine: f.mine ? 'true' : undefined,
    sort: f.sort,
    page: f.page,
    pageSize: f.pageSize,
  });
}

/** `GET /api/incidents`; the previous page stays on screen while the next one loads. */
export function useIncidents(f: IncidentFilters, opts: { enabled?: boolean; refetchMs?: number } = {}) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'list', f],
    queryFn: ({ signal }) => apiRequest<Page<IncidentSummary>>(incidentListUrl(f), { signal }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
    refetchInterval: opts.refetchMs,
    staleTime: 5_000,
  });
}

export function useIncident(id: string | undefined) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'detail', id],
    queryFn: () => api.get<IncidentDetail>(`${BASE}/${id ?? ''}`),
    enabled: !!id,
    staleTime: 5_000,
  });
}

/** Puts a fresh detail into the cache and marks the lists stale. */
function useAfterChange() {
  const qc = useQueryClient();
  return (d: IncidentDetail) => {
    qc.setQueryData([...INCIDENTS_KEY, 'detail', d.id], d);
    void qc.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'list'] });
  };
}

export function useTransition(id: string) {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (input: Partial<TransitionInput> & Pick<TransitionInput, 'action' | 'version'>) =>
      api.post<IncidentDetail>(`${BASE}/${id}/transitions`, input),
    onSuccess: after,
  });
}

export function useWhistle(id: string) {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (input: WhistleInput) => api.post<IncidentDetail>(`${BASE}/${id}/whistle`, input),
    onSuccess: after,
  });
}

export function useReportIn(id: string) {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (input: { organizationId: string; note: string | null }) =>
      api.post<IncidentDetail>(`${BASE}/${id}/report-in`, input),
    onSuccess: after,
  });
}

/** Errors of a fetch we make ourselves (headers or bodies `apiRequest` cannot send). */
async function parseResponse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
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
  return parsed as T;
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch {
    throw new NetworkError(null);
  }
  return parseResponse<T>(res);
}

/**
 * Files an incident. The Idempotency-Key is made once per form submission by the caller, so a
 * double click or a retry after a lost answer never files twice.
 */
export function submitIncident(input: IncidentIntake, idempotencyKey: string, csrfToken: string) {
  return send<IntakeReceipt>(BASE, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
      'x-csrf-token': csrfToken,
    },
    body: JSON.stringify(input),
  });
}

/** Uploads one photo (`POST /api/attachments`, multipart field `file`). */
export function uploadAttachment(file: File, csrfToken: string) {
  const form = new FormData();
  form.append('file', file, file.name);
  return send<Attachment>('/api/attachments', {
    method: 'POST',
    headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
    body: form,
  });
}

export const attachmentUrl = (id: string) => `/api/attachments/${id}`;

export interface DuplicateCandidate {
  id: string;
  number: string;
  distanceM: number | null;
  description: string;
  receivedAt: string;
  status: IncidentStatus;
}

export function useDuplicates(p: {
  categoryCode?: string;
  lat?: number | null;
  lng?: number | null;
  regionCode?: string | null;
}) {
  const enabled = !!p.categoryCode && ((p.lat != null && p.lng != null) || !!p.regionCode);
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'duplicates', p],
    queryFn: () =>
      api.get<DuplicateCandidate[]>(`${BASE}/duplicates`, {
        categoryCode: p.categoryCode,
        lat: p.lat,
        lng: p.lng,
        regionCode: p.regionCode,
      }),
    enabled,
    staleTime: 10_000,
  });
}

export function useCategories(opts: { all?: boolean } = {}) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'categories', opts.all ?? false],
    queryFn: async () =>
      itemsOf(
        await api.get<Page<Category> | Category[]>('/api/incident-categories', {
          includeInactive: opts.all ? 'true' : undefined,
          pageSize: 500,
        }),
      ),
    staleTime: 60_000,
  });
}

export function useSaveCategory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: { input: CategoryInput; isNew: boolean }) =>
      p.isNew
        ? api.post<Category>('/api/incident-categories', p.input)
        : apiRequest<Category>(`/api/incident-categories/${encodeURIComponent(p.input.code)}`, {
            method: 'PUT',
            body: p.input,
          }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'categories'] }),
  });
}

export function useDispatchRules() {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'rules'],
    queryFn: async () =>
      itemsOf(await api.get<Page<DispatchRule> | DispatchRule[]>('/api/dispatch-rules', { pageSize: 500 })),
  });
}

export function useSaveRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: { id: string | null; input: DispatchRuleInput } | { deleteId: string }) =>
      'deleteId' in p
        ? api.delete<unknown>(`/api/dispatch-rules/${p.deleteId}`)
        : p.id
          ? apiRequest<DispatchRule>(`/api/dispatch-rules/${p.id}`, { method: 'PUT', body: p.input })
          : api.post<DispatchRule>('/api/dispatch-rules', p.input),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'rules'] }),
  });
}

export function useCalendars() {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'calendars'],
    queryFn: async () =>
      itemsOf(await api.get<Page<WorkingCalendarInput> | WorkingCalendarInput[]>('/api/working-calendars')),
  });
}

export function useSaveCalendar() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: WorkingCalendarInput) =>
      apiRequest<WorkingCalendarInput>(`/api/working-calendars/${encodeURIComponent(input.code)}`, {
        method: 'PUT',
        body: input,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'calendars'] }),
  });
}

export interface PrefixRow {
  regionCode: string;
  prefix: string;
}

export function usePrefixes() {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'prefixes'],
    queryFn: async () => itemsOf(await api.get<Page<PrefixRow> | PrefixRow[]>('/api/incident-prefixes')),
  });
}

export function useSavePrefixes() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (rows: PrefixRow[]) => apiRequest<unknown>('/api/incident-prefixes', { method: 'PUT', body: rows }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'prefixes'] }),
  });
}

/** A GeoJSON FeatureCollection of region outlines (properties.code, properties.name). */
export interface OutlineCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { code: string; name?: string }; geometry: unknown }[];
}

export function useOutlines(within: string | null | undefined) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'outlines', within ?? ''],
    queryFn: () => api.get<OutlineCollection>('/api/region-outlines', { within: within ?? undefined }),
    staleTime: 10 * 60_000,
    retry: false,
  });
}

export function useUploadOutlines() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (fc: unknown) => apiRequest<unknown>('/api/region-outlines', { method: 'PUT', body: fc }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'outlines'] }),
  });
}

export function useStats(q: Partial<IncidentStatsQuery>) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'stats', q],
    queryFn: () => api.get<IncidentStats>(`${BASE}/stats`, { ...q }),
    placeholderData: keepPreviousData,
  });
}

export const statsExportUrl = (q: Partial<IncidentStatsQuery>) => withQuery(`${BASE}/stats/export`, { ...q });

/** The public tracking view (no login). */
export interface TrackView {
  number: string;
  status: IncidentStatus;
  categoryName: string;
  categoryNameEn: string;
  receivedAt: string;
  timeline: { at: string; action: string; toStatus: IncidentStatus | null }[];
}

export function useTrack(number: string | null, code: string | null) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'track', number, code],
    queryFn: () => api.get<TrackView>(`${BASE}/track/${encodeURIComponent(number ?? '')}`, { code }),
    enabled: !!number && !!code,
    retry: false,
  });
}

export function useFeedback() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: { idOrNumber: string; input: Partial<FeedbackInput> }) =>
      api.post<{ ok: true }>(`${BASE}/${encodeURIComponent(p.idOrNumber)}/feedback`, p.input),
    onSuccess: () => qc.invalidateQueries({ queryKey: INCIDENTS_KEY }),
  });
}
