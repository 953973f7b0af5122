import { createContext, useContext } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, Permission } from '@zhili/contracts';
import { api, isUnauthenticated, setCsrfToken } from '../../lib/api.ts';

export const ME_QUERY_KEY = ['auth', 'me'] as const;

/** `GET /api/auth/me`: the caller, or null when nobody is logged in (401). */
export function useMeQuery() {
  return useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api.get<Me>('/api/auth/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (err) {
        if (isUnauthenticated(err)) {
          setCsrfToken(null);
          return null;
        }
        throw err;
      }
    },
    staleTime: 5 * 60_000,
    retry: (count, err) => !isUnauthenticated(err) && count < 2,
  });
}

export const MeContext = createContext<Me | null>(null);

/** The logged-in caller. Only valid below `RequireAuth`, which provides it. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() used outside RequireAuth');
  return me;
}

/** True when the caller holds `permission` in at least one of their role assignments. */
export function can(me: Me | null, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

/** Shorthand: does the logged-in caller hold `permission`? */
export function useCan(permission: Permission): boolean {
  return can(useMe(), permission);
}

/** `POST /api/auth/login`; on success the Me query is filled so the app renders at once. */
export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api.post<Me>('/api/auth/login', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.setQueryData(ME_QUERY_KEY, me);
    },
  });
}

/** `POST /api/auth/logout`; drops every cached query so nothing of the last user lingers. */
export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.post<unknown>('/api/auth/logout');
      } catch (err) {
        // An expired session is as logged out as it gets.
        if (!isUnauthenticated(err)) throw err;
      }
    },
    onSuccess: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(ME_QUERY_KEY, null);
    },
  });
}

/**
 * `POST /api/auth/password`; the answer is the new Me (mustChangePassword false, and a fresh
 * CSRF token when the server rotated the session).
 */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<Me>('/api/auth/password', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.setQueryData(ME_QUERY_KEY, me);
    },
  });
}
