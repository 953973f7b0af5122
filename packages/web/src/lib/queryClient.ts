import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, isUnauthenticated, setCsrfToken } from './api.ts';

/**
 * One client for the app. A 401 from any query means the session ended (expired, logged out
 * elsewhere): clearing Me sends `RequireAuth` to the login page.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (err, query) => {
        if (isUnauthenticated(err) && query.queryKey[0] !== 'auth') {
          setCsrfToken(null);
          client.setQueryData(['auth', 'me'], null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // 4xx answers will not change by asking again; network and 5xx might.
        retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
