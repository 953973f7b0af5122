import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Organization, OrganizationCreate, OrganizationType, Page } from '@zhili/contracts';
import { api } from '../../lib/api.ts';

export const ORGS_KEY = ['organizations'] as const;

export interface OrganizationListParams {
  q?: string;
  type?: OrganizationType;
  region?: string;
  page: number;
  pageSize: number;
}

/** `GET /api/organizations`, keeping the previous page on screen while the next loads. */
export function useOrganizations(p: OrganizationListParams, enabled = true) {
  return useQuery({
    queryKey: [...ORGS_KEY, 'list', p],
    queryFn: () => api.get<Page<Organization>>('/api/organizations', { ...p }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface OrganizationPatch {
  name?: string;
  active?: boolean;
  creditCode?: string | null;
}

export function useSaveOrganization() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; patch: OrganizationPatch } | { create: OrganizationCreate }) =>
      'create' in input
        ? api.post<Organization>('/api/organizations', input.create)
        : api.patch<Organization>(`/api/organizations/${input.id}`, input.patch),
    onSuccess: () => qc.invalidateQueries({ queryKey: ORGS_KEY }),
  });
}
