import { useState } from 'react';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Region } from '@zhili/contracts';
import { useNames } from '../../lib/names.ts';
import { ErrorAlert, tablePagination, testId } from '../../lib/ui.tsx';
import { useRegionList } from './regionsApi.ts';
import { usePlaceName } from '../../lib/placeName.ts';

/** Regions matching `q` (name or code), within the caller's scope; a click selects one. */
export function RegionSearchResults({ q, onSelect }: { q: string; onSelect: (code: string) => void }) {
  const { t } = useTranslation();
  const { levelName } = useNames();
  const place = usePlaceName();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useRegionList({ q, page, pageSize });

  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Table<Region>
      rowKey="code"
      size="small"
      loading={list.isFetching}
      dataSource={list.data?.items ?? []}
      scroll={{ x: 'max-content' }}
      data-testid="region-search-results"
      locale={{ emptyText: t('common.noMatch') }}
      onRow={(r) => ({
        onClick: () => onSelect(r.code),
        style: { cursor: 'pointer' },
        ...testId(`region-row-${r.code}`),
      })}
      pagination={tablePagination(page, pageSize, list.data?.total, (p, s) => {
        setPage(p);
        setPageSize(s);
      })}
      columns={[
        { title: t('region.name'), dataIndex: 'name', render: (n: string) => place(n) },
        { title: t('region.level'), dataIndex: 'level', render: (l: string) => <Tag>{levelName(l)}</Tag> },
        { title: t('region.code'), dataIndex: 'code' },
      ]}
    />
  );
}
