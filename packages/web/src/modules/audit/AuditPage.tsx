import { Card, DatePicker, Flex, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@zhili/contracts';
import { ErrorAlert, PageHeader, tablePagination, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useListState } from '../../lib/useListState.ts';
import { dayRange, text } from '../../lib/listParams.ts';
import { SearchBox } from '../../lib/SearchBox.tsx';
import { JsonDiff } from './JsonDiff.tsx';
import { VerifyChain } from './VerifyChain.tsx';
import { useAuditLog } from './auditApi.ts';

/** URL parameters: `?actor=…&action=…&entity=…&entityId=…&range=2026-01-01&range=2026-01-31`. */
const FILTERS = { actor: text(), action: text(), entity: text(), entityId: text(), range: dayRange() };

/** The audit log: who did what to which record, when; filters, before/after diffs, chain check. */
export default function AuditPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const list = useListState(FILTERS, { pageSize: 50 });
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

  const text = (key: 'actor' | 'action' | 'entity' | 'entityId', placeholder: string) => (
    <SearchBox
      placeholder={placeholder}
      value={filters[key]}
      onSearch={(v) => list.setFilter(key, v)}
      width={170}
      testId={`audit-filter-${key}`}
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
