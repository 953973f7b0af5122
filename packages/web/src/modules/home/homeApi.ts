import { useQuery } from '@tanstack/react-query';
import type { CaseStatus, CaseSummary, Page } from '@zhili/contracts';
import { apiRequest } from '../../lib/api.ts';
import { listUrl } from '../incidents/incidentsApi.ts';
import { MED_KEY } from '../mediation/mediationApi.ts';

/**
 * How many mediation cases match (`GET /api/mediation/cases?pageSize=1`, its `total`). The
 * module's own `useCases` cannot repeat `status=`, hence this count; it lives under the
 * mediation key so every mediation write refreshes it too.
 */
export function useCaseCount(f: { status: readonly CaseStatus[]; overdue?: boolean; regionCode?: string }) {
  return useQuery({
    queryKey: [...MED_KEY, 'cases', 'home-count', f],
    queryFn: async ({ signal }) => {
      const url = listUrl('/api/mediation/cases', {
        status: f.status,
        overdue: f.overdue ? 'true' : undefined,
        regionCode: f.regionCode,
        page: 1,
        pageSize: 1,
      });
      return (await apiRequest<Page<CaseSummary>>(url, { signal })).total;
    },
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
}
