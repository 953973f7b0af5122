import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiKey, Page, Role } from '@zhili/contracts';
import { api } from '../../lib/api.ts';

const KEY = ['apikeys'] as const;

export interface ApiKeyListParams {
  q?: string;
  /** Revoked keys are listed only when asked for. */
  revoked?: 'true' | 'false';
  page: number;
  pageSize: number;
}

/** `GET /api/apikeys`: the keys the caller manages, by name or prefix. */
export function useApiKeys(p: ApiKeyListParams) {
  return useQuery({
    queryKey: [...KEY, p],
    queryFn: () => api.get<Page<ApiKey>>('/api/apikeys', { ...p }),
    placeholderData: keepPreviousData,
  });
}

export interface ApiKeyInput {
  name: string;
  role: Role;
  regionCode: string | null;
  organizationId: string | null;
}

/** Creates a key; the response carries `key` — the only time the secret is ever shown. */
export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyInput) => api.post<ApiKey & { key: string }>('/api/apikeys', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/api/apikeys/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
