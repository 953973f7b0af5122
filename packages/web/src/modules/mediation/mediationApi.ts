import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AntiFraudTrend,
  Attachment,
  AssignmentApplied,
  AssignmentPlan,
  CaseDetail,
  CaseSummary,
  CaseUpdate,
  Corps,
  CorpsDetail,
  CorpsMember,
  ErrorDetail,
  MatchPanel,
  MediationImportResult,
  MediationStats,
  Mediator,
  MediatorCreate,
  MediatorUpdate,
  Outreach,
  Page,
  Pool,
  PoolCreate,
  PoolDetail,
  PoolHealthList,
  PoolMembersInput,
  PoolUpdate,
  TeamLeader,
  TimeLimitList,
  TimeLimitsInput,
  TrainingBatch,
} from '@zhili/contracts';
import { ApiError, NetworkError, api, apiRequest, type QueryValue } from '../../lib/api.ts';
import { listUrl } from '../incidents/incidentsApi.ts';

/** Every mediation query key starts here, so one invalidation refreshes the module after a write. */
export const MED_KEY = ['mediation'] as const;
const BASE = '/api/mediation';

/** A list query; a list value repeats its parameter (`status=a&status=b`). */
type Query = Record<string, QueryValue | readonly string[]>;

function useList<T>(name: string, path: string, query: Query, enabled = true) {
  return useQuery({
    queryKey: [...MED_KEY, name, query],
    queryFn: ({ signal }) => apiRequest<Page<T>>(listUrl(`${BASE}/${path}`, query), { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A write that refreshes every mediation screen when it succeeds. */
function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: MED_KEY }),
  });
}

// ── mediators and pools ──────────────────────────────────────────────────────────────────────

export const useMediators = (query: Query) => useList<Mediator>('mediators', 'mediators', query);

export function useSaveMediator() {
  return useWrite((p: { id: string | null; body: MediatorCreate | MediatorUpdate }) =>
    p.id ? api.patch<Mediator>(`${BASE}/mediators/${p.id}`, p.body) : api.post<Mediator>(`${BASE}/mediators`, p.body),
  );
}

export function usePoolHealth(regionCode: string | undefined, threshold: number) {
  return useQuery({
    queryKey: [...MED_KEY, 'pool-health', regionCode, threshold],
    queryFn: () => api.get<PoolHealthList>(`${BASE}/pool-health`, { regionCode, threshold }),
    placeholderData: keepPreviousData,
  });
}

export const usePools = (query: Query) => useList<Pool>('pools', 'pools', query);

export function usePool(id: string | undefined) {
  return useQuery({
    queryKey: [...MED_KEY, 'pool', id],
    queryFn: () => api.get<PoolDetail>(`${BASE}/pools/${id ?? ''}`),
    enabled: !!id,
  });
}

/** Creates (no id) or edits a pool; the community of a pool is fixed once created. */
export function useSavePool() {
  return useWrite((p: { id: string | null; body: PoolCreate | PoolUpdate }) =>
    p.id ? api.patch<Pool>(`${BASE}/pools/${p.id}`, p.body) : api.post<Pool>(`${BASE}/pools`, p.body),
  );
}

/** Adds and removes members in one call; answers with the pool and its members. */
export function usePoolMembers(id: string) {
  return useWrite((body: PoolMembersInput) => api.post<PoolDetail>(`${BASE}/pools/${id}/members`, body));
}

/** Uploads a CSV (resident origins, anti-fraud months) as `text/csv`; bad rows come back as details. */
export function useImportCsv(path: 'resident-origins/import' | 'anti-fraud/import') {
  return useWrite((text: string) =>
    apiRequest<MediationImportResult>(`${BASE}/${path}`, {
      method: 'POST',
      body: text.replace(/^\uFEFF/, ''),
      contentType: 'text/csv',
    }),
  );
}

// ── cases ────────────────────────────────────────────────────────────────────────────────────

export const useCases = (query: Query) => useList<CaseSummary>('cases', 'cases', query);

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: [...MED_KEY, 'case', id],
    queryFn: () => api.get<CaseDetail>(`${BASE}/cases/${id ?? ''}`),
    enabled: !!id,
  });
}

export function useCreateCase() {
  return useWrite((body: unknown) => api.post<CaseDetail>(`${BASE}/cases`, body));
}

/** transitions, sessions, assign: each answers with the new CaseDetail. */
export function useCaseCommand(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: { command: 'transitions' | 'sessions' | 'assign'; body: unknown }) =>
      api.post<CaseDetail>(`${BASE}/cases/${id}/${p.command}`, p.body),
    onSuccess: (detail) => {
      qc.setQueryData([...MED_KEY, 'case', id], detail);
      return qc.invalidateQueries({ queryKey: MED_KEY });
    },
  });
}

export function useMatches(
  id: string | undefined,
  opts: { withinDays: number; requireCertified: boolean },
  enabled: boolean,
) {
  return useQuery({
    queryKey: [...MED_KEY, 'matches', id, opts],
    queryFn: () =>
      api.get<MatchPanel>(`${BASE}/cases/${id ?? ''}/matches`, {
        limit: 20,
        withinDays: opts.withinDays,
        requireCertified: opts.requireCertified,
      }),
    enabled: !!id && enabled,
    placeholderData: keepPreviousData,
  });
}

/** Edits a case's descriptive fields or its attachment list (`version` guards against overwrites). */
export function useUpdateCase(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseUpdate) => api.patch<CaseDetail>(`${BASE}/cases/${id}`, body),
    onSuccess: (detail) => {
      qc.setQueryData([...MED_KEY, 'case', id], detail);
      return qc.invalidateQueries({ queryKey: MED_KEY });
    },
  });
}

/**
 * Stores one file through the files module (`POST /api/attachments`, multipart field `file`); the
 * case then lists its id. The JSON client cannot send multipart, hence this small fetch.
 */
export async function uploadCaseFile(file: File, csrfToken: string): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch('/api/attachments', {
      method: 'POST',
      headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
      body: form,
      credentials: 'same-origin',
    });
  } catch {
    throw new NetworkError(null);
  }
  const parsed: unknown = await res.json().catch(() => undefined);
  if (res.ok) return parsed as Attachment;
  const body = parsed as { code?: unknown; message?: unknown; messageEn?: string; details?: unknown } | undefined;
  if (body && typeof body.code === 'string' && typeof body.message === 'string')
    throw new ApiError(res.status, {
      code: body.code,
      message: body.message,
      messageEn: body.messageEn ?? body.message,
      details: Array.isArray(body.details) ? (body.details as ErrorDetail[]) : [],
    });
  throw new NetworkError(res.status);
}

export const attachmentUrl = (id: string) => `/api/attachments/${id}`;

// ── time limits ──────────────────────────────────────────────────────────────────────────────

export function useTimeLimits() {
  return useQuery({
    queryKey: [...MED_KEY, 'time-limits'],
    queryFn: () => api.get<TimeLimitList>(`${BASE}/time-limits`),
  });
}

export function useSaveTimeLimits() {
  return useWrite((body: TimeLimitsInput) => apiRequest<TimeLimitList>(`${BASE}/time-limits`, { method: 'PUT', body }));
}

export const caseDocumentUrl = (id: string, doc: 'agreement' | 'judicial_confirmation') =>
  `${BASE}/cases/${id}/documents/${doc === 'agreement' ? 'agreement' : 'judicial-confirmation'}.pdf`;

// ── batch assignment ─────────────────────────────────────────────────────────────────────────

export function usePlanAssignments() {
  return useMutation({
    mutationFn: (body: { regionCode: string; withinDays: number; requireCertified: boolean }) =>
      api.post<AssignmentPlan>(`${BASE}/assignments/plan`, body),
  });
}

export function useApplyAssignments() {
  return useWrite((body: { assignments: { caseId: string; mediatorId: string }[] }) =>
    api.post<AssignmentApplied>(`${BASE}/assignments/apply`, body),
  );
}

// ── corps, outreach, anti-fraud, training, statistics ───────────────────────────────────────

export const useCorpsList = (query: Query) => useList<Corps>('corps', 'corps', query);

export function useCorps(id: string | undefined) {
  return useQuery({
    queryKey: [...MED_KEY, 'corps-detail', id],
    queryFn: () => api.get<CorpsDetail>(`${BASE}/corps/${id ?? ''}`),
    enabled: !!id,
  });
}

export function useAddCorpsMember(corpsId: string) {
  return useWrite((body: unknown) => api.post<CorpsMember>(`${BASE}/corps/${corpsId}/members`, body));
}

export const useOutreach = (query: Query) => useList<Outreach>('outreach', 'outreach', query);

export function useCreateOutreach() {
  return useWrite((body: unknown) => api.post<Outreach>(`${BASE}/outreach`, body));
}

export function useAntiFraud(regionCode: string | undefined) {
  return useQuery({
    queryKey: [...MED_KEY, 'anti-fraud', regionCode],
    queryFn: () => api.get<AntiFraudTrend>(`${BASE}/anti-fraud`, { regionCode }),
    enabled: !!regionCode,
  });
}

export const useTrainingBatches = (query: Query) =>
  useList<TrainingBatch>('training-batches', 'training-batches', query);

export function useTeamLeaders(batchId: string | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...MED_KEY, 'leaders', batchId, page, pageSize],
    queryFn: () => api.get<Page<TeamLeader>>(`${BASE}/training-batches/${batchId ?? ''}/leaders`, { page, pageSize }),
    enabled: !!batchId,
    placeholderData: keepPreviousData,
  });
}

export function useStats(regionCode: string | undefined) {
  return useQuery({
    queryKey: [...MED_KEY, 'stats', regionCode],
    queryFn: () => api.get<MediationStats>(`${BASE}/stats`, { regionCode }),
  });
}
