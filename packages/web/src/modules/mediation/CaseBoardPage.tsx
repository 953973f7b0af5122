import { useState } from 'react';
import { Button, Card, Empty, Flex, List, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import dayjs from 'dayjs';
import { CASE_STATUSES, MEDIATION_TYPES, URGENCIES, type CaseStatus, type CaseSummary } from '@zhili/contracts';
import { ErrorAlert, PageHeader, tablePagination, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useListState } from '../../lib/useListState.ts';
import { CASE_BOARD_FILTERS } from './caseBoardParams.ts';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { CaseForm } from './CaseForm.tsx';
import { ClockTag } from './ClockTag.tsx';
import { useCases } from './mediationApi.ts';
import { useMedNames } from './names.ts';
import { SearchBox } from '../../lib/SearchBox.tsx';
import { usePlaceName } from '../../lib/placeName.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { joinNames, localPartyNames } from './partyNames.ts';

/** antd Tag colours of the case statuses: open work blue, outcomes green/red/purple, done grey. */
export const STATUS_COLOR: Record<CaseStatus, string> = {
  registered: 'blue',
  matched: 'cyan',
  in_session: 'geekblue',
  agreement: 'green',
  failed: 'red',
  referred: 'purple',
  follow_up: 'gold',
  closed: 'default',
};
export const URGENCY_COLOR: Record<string, string> = {
  urgent: 'red',
  high: 'orange',
  normal: 'default',
  low: 'default',
};

/** The case board: every case in scope with its status and statutory clock; filters; register. */
export function CaseBoardPage() {
  const { t } = useTranslation();
  const place = usePlaceName();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const names = useMedNames();
  const canWrite = useCan('mediation.write');
  const { regionFilter } = useScope();
  const [creating, setCreating] = useState(false);
  const list = useListState(CASE_BOARD_FILTERS);
  const f = list.filters;
  const query = useCases({
    q: f.q,
    status: f.status.length > 0 ? f.status : undefined,
    type: f.type,
    urgency: f.urgency,
    overdue: f.overdue ? 'true' : undefined,
    crossProvince: f.crossProvince ? 'true' : undefined,
    sort: f.sort,
    regionCode: regionFilter,
    page: list.page,
    pageSize: list.pageSize,
  });
  const open = (c: CaseSummary) => void navigate(`/mediation/cases/${c.id}`);
  const lang = useLanguage();
  const mediatorNames = (c: CaseSummary) =>
    joinNames(
      c.mediators.map((m) => m.name),
      lang,
    ) || '—';

  return (
    <>
      <PageHeader
        title={t('med.section.cases')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="med-case-new">
              {t('med.case.register')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          <SearchBox
            placeholder={t('med.case.search')}
            value={f.q}
            onSearch={(v) => list.setFilter('q', v)}
            width={240}
            testId="med-case-search"
          />
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('med.case.status')}
            value={f.status}
            onChange={(v) => list.setFilter('status', v)}
            options={names.options('status', CASE_STATUSES)}
            style={{ width: 180 }}
            data-testid="med-case-status-filter"
          />
          <Select
            allowClear
            placeholder={t('med.case.type')}
            value={f.type}
            onChange={(v) => list.setFilter('type', v)}
            options={names.options('type', MEDIATION_TYPES)}
            style={{ width: 150 }}
          />
          <Select
            allowClear
            placeholder={t('med.case.urgency')}
            value={f.urgency}
            onChange={(v) => list.setFilter('urgency', v)}
            options={names.options('urgency', URGENCIES)}
            style={{ width: 110 }}
          />
          <Select
            value={f.sort}
            onChange={(v) => list.setFilter('sort', v)}
            options={[
              { value: 'registered_desc', label: t('med.case.sortNewest') },
              { value: 'deadline_asc', label: t('med.case.sortDeadline') },
            ]}
            style={{ width: 140 }}
          />
          <Space size={4}>
            <Switch size="small" checked={f.overdue} onChange={(v) => list.setFilter('overdue', v)} />
            <Typography.Text>{t('med.case.overdueOnly')}</Typography.Text>
          </Space>
          <Space size={4}>
            <Switch
              size="small"
              checked={f.crossProvince}
              onChange={(v) => list.setFilter('crossProvince', v)}
              data-testid="med-case-cross-filter"
            />
            <Typography.Text>{t('med.case.crossOnly')}</Typography.Text>
          </Space>
        </Flex>
        {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
        {isPhone ? (
          <List<CaseSummary>
            loading={query.isFetching}
            dataSource={query.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('med.case.none')} /> }}
            pagination={{
              ...tablePagination(list.page, list.pageSize, query.data?.total, list.onPageChange),
              showSizeChanger: false,
            }}
            data-testid="med-case-list"
            renderItem={(c) => (
              <List.Item
                onClick={() => open(c)}
                style={{ cursor: 'pointer', display: 'block' }}
                {...testId(`med-case-${c.number}`)}
              >
                <Flex justify="space-between" gap={8} align="start">
                  <Typography.Text strong ellipsis style={{ flex: 1 }}>
                    {c.title}
                  </Typography.Text>
                  <ClockTag clock={c.clock} />
                </Flex>
                <Flex wrap gap={4} style={{ marginTop: 4 }}>
                  <Tag color={STATUS_COLOR[c.status]}>{names.name('status', c.status)}</Tag>
                  <Tag>{names.name('type', c.type)}</Tag>
                  {c.crossProvince ? <Tag color="magenta">{t('med.case.cross')}</Tag> : null}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.number} · {localPartyNames(c.partyNames, lang)}
                  {c.mediators.length > 0 ? ` · ${mediatorNames(c)}` : ''}
                </Typography.Text>
              </List.Item>
            )}
          />
        ) : (
          <Table<CaseSummary>
            rowKey="id"
            size="small"
            loading={query.isFetching}
            dataSource={query.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            pagination={tablePagination(list.page, list.pageSize, query.data?.total, list.onPageChange)}
            locale={{ emptyText: <Empty description={t('med.case.none')} /> }}
            data-testid="med-case-table"
            onRow={(c) => ({ onClick: () => open(c), style: { cursor: 'pointer' }, ...testId(`med-case-${c.number}`) })}
            columns={[
              { title: t('med.case.number'), dataIndex: 'number', width: 150 },
              {
                title: t('med.case.title'),
                key: 'title',
                render: (_: unknown, c) => (
                  <Flex vertical>
                    <Typography.Text strong>{c.title}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {localPartyNames(c.partyNames, lang)}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('med.case.type'),
                key: 'type',
                render: (_: unknown, c) => (
                  <Flex wrap gap={4}>
                    <Tag>{names.name('type', c.type)}</Tag>
                    {c.crossProvince ? <Tag color="magenta">{t('med.case.cross')}</Tag> : null}
                  </Flex>
                ),
              },
              {
                title: t('med.case.status'),
                dataIndex: 'status',
                render: (s: CaseStatus) => <Tag color={STATUS_COLOR[s]}>{names.name('status', s)}</Tag>,
              },
              { title: t('med.case.clock'), key: 'clock', render: (_: unknown, c) => <ClockTag clock={c.clock} /> },
              {
                title: t('med.case.urgency'),
                dataIndex: 'urgency',
                render: (u: string) => <Tag color={URGENCY_COLOR[u]}>{names.name('urgency', u)}</Tag>,
              },
              { title: t('med.case.mediators'), key: 'mediators', render: (_: unknown, c) => mediatorNames(c) },
              {
                title: t('med.case.region'),
                dataIndex: 'regionName',
                render: (r: string | null) => (r ? place(r) : '—'),
              },
              {
                title: t('med.case.registeredAt'),
                dataIndex: 'registeredAt',
                render: (d: string) => dayjs(d).format('YYYY-MM-DD'),
              },
            ]}
          />
        )}
      </Card>
      {creating ? (
        <CaseForm
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void navigate(`/mediation/cases/${id}`);
          }}
        />
      ) : null}
    </>
  );
}
