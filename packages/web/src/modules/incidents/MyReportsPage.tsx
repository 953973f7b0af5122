import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, PageHeader, tablePagination } from '../../lib/ui.tsx';
import { useListState } from '../../lib/useListState.ts';
import type { ListSchema } from '../../lib/listParams.ts';
import { IncidentTable } from './BoardPage.tsx';
import { useIncidents } from './incidentsApi.ts';

/** No filters, only `?page=…&pageSize=…`. */
const FILTERS: ListSchema = {};

/** A resident's own reports (`mine=true`), each opening its detail and follow-up. */
export function MyReportsPage() {
  const { t } = useTranslation();
  const list = useListState(FILTERS, { pageSize: 20 });
  const query = useIncidents({ mine: true, page: list.page, pageSize: list.pageSize });
  return (
    <>
      <PageHeader title={t('inc.myReports')} />
      <Card size="small">
        {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
        <IncidentTable
          rows={query.data?.items ?? []}
          loading={query.isFetching && !query.data}
          pagination={tablePagination(list.page, list.pageSize, query.data?.total, list.onPageChange)}
        />
      </Card>
    </>
  );
}
