import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { AuditEntry, AuditVerifyResult, Page } from '@zhili/contracts';
import { api } from '../../lib/api.ts';

export interface AuditListParams {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  /** ISO 8601 with offset, as the server requires. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export function useAuditLog(p: AuditListParams) {
  return useQuery({
    queryKey: ['audit', 'list', p],
    queryFn: () => api.get<Page<AuditEntry>>('/api/audit', { ...p }),
    placeholderData: keepPreviousData,
  });
}

/** Re-walks the hash chain on demand; a mutation because the user asks for it, it is not data. */
export function useVerifyChain() {
  return useMutation({ mutationFn: () => api.get<AuditVerifyResult>('/api/audit/verify') });
}
