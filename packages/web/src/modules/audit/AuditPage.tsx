import { Card, DatePicker, Flex, Input, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@zhili/contracts';
import { ErrorAlert, PageHeader, tablePagination, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useListState } from '../../lib/useListState.ts';
import { JsonDiff } from './JsonDiff.tsx';
import { VerifyChain } from './VerifyChain.tsx';
import { useAuditLog } from './auditApi.ts';

interface Filters {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  range: [Dayjs, Dayjs] | null;
}

/** The audit log: who did what to which record, when; filters, before/after diffs, chain check. */
export default function AuditPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const list = useListState<Filters>({ actor: '', action: '', entity: '', entityId: '', range: null }, 50);
  const { filters } = list;
  const query = useAuditLog({
    actor: filters.actor || undefined,
    action: filters.action || undefined,
    entity: filters.entity || undefined,
    entityId: filters.entityId || undefined,
    // Whole days in the user's time zone; dayjs' default format carries the offset.
    from: filters.range ? filters.range[0].startOf('day').format() : undefined,
    to: filters.range ? filters.range[1].endOf('day').format() : undefined,
    page: list.page,
    pageSize: list.pageSize,
  });
  const width = isPhone ? '100%' : 170;

  const text = (key: 'actor' | 'action' | 'entity' | 'entityId', placeholder: string) => (
    <Input.Search
      allowClear
      placeholder={placeholder}
      onSearch={(v) => list.setFilter(key, v.trim())}
      style={{ width }}
      data-testid={`audit-filter-${key}`}
    />
  );

  return (
    <>
      <PageHeader title={t('nav.audit')} />
      <Card size="small">
        <VerifyChain />
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {text('actor', t('audit.actor'))}
          {text('action', t('audit.action'))}
          {text('entity', t('audit.entity'))}
          {text('entityId', t('audit.entityId'))}
          <DatePicker.RangePicker
            value={filters.range}
            onChange={(v) => list.setFilter('range', v && v[0] && v[1] ? [v[0], v[1]] : null)}
            style={{ width: isPhone ? '100%' : 260 }}
            data-testid="audit-filter-range"
          />
        </Flex>
        {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
        <Table<AuditEntry>
          rowKey="id"
          size="small"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="audit-table"
          onRow={(e) => ({ ...testId(`audit-row-${e.id}`) })}
          pagination={tablePagination(list.page, list.pageSize, query.data?.total, list.onPageChange)}
          expandable={{
            expandedRowRender: (e) => <JsonDiff before={e.before} after={e.after} />,
            rowExpandable: (e) => e.before !== null || e.after !== null,
          }}
          columns={[
            { title: '#', dataIndex: 'seq', render: (s: number | null) => s ?? <Tag>{t('audit.unsealed')}</Tag> },
            { title: t('audit.at'), dataIndex: 'at', render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
            { title: t('audit.actor'), dataIndex: 'actorName', render: (n: string | null) => n ?? t('audit.system') },
            { title: t('audit.action'), dataIndex: 'action', render: (a: string) => <Tag color="blue">{a}</Tag> },
            { title: t('audit.entity'), dataIndex: 'entity' },
            {
              title: t('audit.entityId'),
              dataIndex: 'entityId',
              render: (id: string | null) =>
                id ? (
                  <Typography.Text copyable={{ text: id }}>
                    {id.length > 14 ? `${id.slice(0, 12)}…` : id}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            { title: 'IP', dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
          ]}
        />
      </Card>
    </>
  );
}
