import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Account, AccountCreate, Page, Role, RoleAssignmentInput } from '@zhili/contracts';
import { api } from '../../lib/api.ts';

export const ACCOUNTS_KEY = ['accounts'] as const;

export interface AccountListParams {
  q?: string;
  role?: Role;
  region?: string;
  disabled?: 'true' | 'false';
  page: number;
  pageSize: number;
}

export function useAccounts(p: AccountListParams) {
  return useQuery({
    queryKey: [...ACCOUNTS_KEY, 'list', p],
    queryFn: () => api.get<Page<Account>>('/api/accounts', { ...p }),
    placeholderData: keepPreviousData,
  });
}

export function useAccount(id: string | null) {
  return useQuery({
    queryKey: [...ACCOUNTS_KEY, 'detail', id],
    queryFn: () => api.get<Account>(`/api/accounts/${id ?? ''}`),
    enabled: !!id,
  });
}

/** Every account write refreshes both the list and the detail, which show the same rows. */
function useAccountMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ACCOUNTS_KEY }) });
}

export const useCreateAccount = () =>
  useAccountMutation((body: AccountCreate) => api.post<Account>('/api/accounts', body));

export const useUpdateAccount = () =>
  useAccountMutation(({ id, ...body }: { id: string; displayName?: string; disabled?: boolean }) =>
    api.patch<Account>(`/api/accounts/${id}`, body),
  );

/** Returns the temporary password, shown once; the account must change it at next login. */
export const useResetPassword = () =>
  useAccountMutation((id: string) => api.post<{ temporaryPassword: string }>(`/api/accounts/${id}/password-reset`));

export const useAddRole = () =>
  useAccountMutation(({ id, role }: { id: string; role: RoleAssignmentInput }) =>
    api.post<unknown>(`/api/accounts/${id}/roles`, role),
  );

export const useRemoveRole = () =>
  useAccountMutation(({ id, assignmentId }: { id: string; assignmentId: string }) =>
    api.delete<unknown>(`/api/accounts/${id}/roles/${assignmentId}`),
  );
