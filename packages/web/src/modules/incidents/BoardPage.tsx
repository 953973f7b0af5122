import { useMemo, useState } from 'react';
import { Badge, Button, Card, Empty, Flex, Select, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import dayjs from 'dayjs';
import {
  INCIDENT_STATUSES,
  PRIORITIES,
  type IncidentStatus,
  type IncidentSummary,
  type Priority,
} from '@zhili/contracts';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, PageHeader, tablePagination, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useListState } from '../../lib/useListState.ts';
import { BOARD_FILTERS } from './boardParams.ts';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { Countdown } from './Countdown.tsx';
import { IncidentMap } from './IncidentMap.tsx';
import { useCategories, useIncidents, type IncidentFilters } from './incidentsApi.ts';
import { handlerLabel } from './handler.ts';
import { PRIORITY_TAG, STATUS_TAG, useIncidentNames } from './names.ts';
import { useIncidentStream } from './stream.ts';
import { SearchBox } from '../../lib/SearchBox.tsx';
import { ONLY_PLACES, usePlaceName } from '../../lib/placeName.ts';

/** The dispatcher's live board: filters, a table with ticking countdowns, and a map. */
export function BoardPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const canReport = useCan('incident.report');
  const { scope } = useScope();
  const names = useIncidentNames();
  const list = useListState(BOARD_FILTERS, { pageSize: 20 });
  const { filters } = list;
  const [tab, setTab] = useState('list');
  const stream = useIncidentStream();
  const categories = useCategories();

  const query: IncidentFilters = {
    q: filters.q || undefined,
    status: filters.status,
    categoryCode: filters.categoryCode,
    regionCode: filters.regionCode ?? undefined,
    priority: filters.priority,
    overdue: filters.overdue,
    page: list.page,
    pageSize: list.pageSize,
  };
  const incidents = useIncidents(query);
  // The map shows up to 500 of the filtered incidents, not only the table's page.
  const mapIncidents = useIncidents({ ...query, page: 1, pageSize: 500 }, { enabled: tab === 'map' });
  const within = filters.regionCode ?? scope?.regionCode ?? null;

  const categoryOptions = useMemo(
    () => (categories.data ?? []).map((c) => ({ value: c.code, label: pick(lang, c.nameZh, c.nameEn) })),
    [categories.data, lang],
  );

  const filterBar = (
    <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
      <SearchBox
        placeholder={t('inc.search')}
        value={filters.q}
        onSearch={(v) => list.setFilter('q', v)}
        width={240}
        testId="inc-filter-q"
      />
      <RegionSelect
        value={filters.regionCode}
        onChange={(c) => list.setFilter('regionCode', c)}
        placeholder={t('inc.region')}
        testId="inc-filter-region"
        style={{ width: isPhone ? '100%' : 200 }}
      />
      <Select
        allowClear
        placeholder={t('inc.category')}
        value={filters.categoryCode}
        onChange={(v: string | undefined) => list.setFilter('categoryCode', v)}
        options={categoryOptions}
        style={{ width: isPhone ? '100%' : 160 }}
        data-testid="inc-filter-category"
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('inc.status')}
        value={filters.status}
        onChange={(v: IncidentStatus[]) => list.setFilter('status', v)}
        options={INCIDENT_STATUSES.map((s) => ({ value: s, label: names.statusName(s) }))}
        style={{ width: isPhone ? '100%' : 200 }}
        data-testid="inc-filter-status"
      />
      <Select
        allowClear
        placeholder={t('inc.priority')}
        value={filters.priority}
        onChange={(v: Priority | undefined) => list.setFilter('priority', v)}
        options={PRIORITIES.map((p) => ({ value: p, label: names.priorityName(p) }))}
        style={{ width: isPhone ? '100%' : 110 }}
        data-testid="inc-filter-priority"
      />
      <Flex gap={6} align="center">
        <Switch
          size="small"
          checked={filters.overdue}
          onChange={(v) => list.setFilter('overdue', v)}
          data-testid="inc-filter-overdue"
        />
        <Typography.Text>{t('inc.overdue')}</Typography.Text>
      </Flex>
    </Flex>
  );

  return (
    <>
      <PageHeader
        title={
          <Flex gap={12} align="center">
            {t('inc.board')}
            <Badge
              status={stream === 'live' ? 'success' : 'warning'}
              text={
                <span style={{ fontSize: 13, fontWeight: 400 }}>
                  {stream === 'live' ? t('inc.live') : t('inc.reconnecting')}
                </span>
              }
              data-testid="inc-stream-state"
              data-state={stream}
            />
          </Flex>
        }
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void incidents.refetch()} data-testid="inc-refresh">
              {t('inc.refresh')}
            </Button>
            {canReport ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/incidents/hotline')}>
                {t('inc.hotline')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card size="small">
        {filterBar}
        {incidents.isError ? <ErrorAlert error={incidents.error} onRetry={() => void incidents.refetch()} /> : null}
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'list',
              label: <span data-testid="inc-tab-list">{t('inc.list')}</span>,
              children: (
                <IncidentTable
                  rows={incidents.data?.items ?? []}
                  loading={incidents.isFetching && !incidents.data}
                  pagination={tablePagination(list.page, list.pageSize, incidents.data?.total, list.onPageChange)}
                />
              ),
            },
            {
              key: 'map',
              label: <span data-testid="inc-tab-map">{t('inc.map')}</span>,
              children: <IncidentMap incidents={mapIncidents.data?.items ?? []} within={within} />,
            },
          ]}
        />
      </Card>
    </>
  );
}

/** The incidents table, shared by the board and "my reports". */
export function IncidentTable({
  rows,
  loading,
  pagination,
}: {
  rows: IncidentSummary[];
  loading: boolean;
  pagination: ReturnType<typeof tablePagination> | false;
}) {
  const { t } = useTranslation();
  const place = usePlaceName();
  const navigate = useNavigate();
  const names = useIncidentNames();
  return (
    <Table<IncidentSummary>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      pagination={pagination}
      data-testid="inc-table"
      locale={{ emptyText: <Empty description={t('inc.empty')} /> }}
      onRow={(r) => ({
        onClick: () => void navigate(`/incidents/${r.id}`),
        style: { cursor: 'pointer' },
        ...testId(`inc-row-${r.number}`),
      })}
      columns={[
        {
          title: t('inc.number'),
          dataIndex: 'number',
          render: (n: string, r) => (
            <Link to={`/incidents/${r.id}`} onClick={(e) => e.stopPropagation()}>
              {n}
            </Link>
          ),
        },
        { title: t('inc.category'), key: 'category', render: (_: unknown, r) => names.categoryName(r) },
        {
          title: t('inc.status'),
          dataIndex: 'status',
          render: (s: IncidentStatus, r) => (
            <Tag color={STATUS_TAG[s]} {...testId(`inc-status-${r.number}`)}>
              {names.statusName(s)}
            </Tag>
          ),
        },
        {
          title: t('inc.countdown'),
          key: 'clock',
          render: (_: unknown, r) => <Countdown clock={r.nextClock} testId={`inc-clock-${r.number}`} />,
        },
        {
          title: t('inc.priority'),
          dataIndex: 'priority',
          render: (p: Priority) => <Tag color={PRIORITY_TAG[p]}>{names.priorityName(p)}</Tag>,
        },
        {
          title: t('inc.description'),
          dataIndex: 'description',
          render: (d: string) => (
            <Typography.Text ellipsis={{ tooltip: d }} style={{ maxWidth: 260 }}>
              {d}
            </Typography.Text>
          ),
        },
        { title: t('inc.region'), dataIndex: 'regionName', render: (n: string | null) => (n ? place(n) : '—') },
        {
          title: t('inc.assignee'),
          key: 'assignee',
          render: (_: unknown, r) => handlerLabel(names.levelName(r.handlingLevel), r, (n) => place(n, ONLY_PLACES)),
        },
        {
          title: t('inc.receivedAt'),
          dataIndex: 'receivedAt',
          render: (d: string) => dayjs(d).format('MM-DD HH:mm'),
        },
      ]}
    />
  );
}
