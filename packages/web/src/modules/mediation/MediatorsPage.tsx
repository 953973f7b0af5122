import { useState } from 'react';
import { Button, Card, Empty, Flex, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import {
  AFFILIATIONS,
  CERTIFICATION_STATUSES,
  MEDIATION_TYPES,
  type CertificationStatus,
  type Mediator,
} from '@zhili/contracts';
import { useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, PageHeader, tablePagination, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useListState } from '../../lib/useListState.ts';
import { flag, id, oneOf, text } from '../../lib/listParams.ts';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { MediatorEditor } from './MediatorEditor.tsx';
import { useMediators, usePools } from './mediationApi.ts';
import { useMedNames } from './names.ts';
import { useMediatorColumns } from './mediatorColumns.tsx';
import { PROVINCES } from './provinces.ts';
import { SearchBox } from '../../lib/SearchBox.tsx';
import { usePlaceName } from '../../lib/placeName.ts';

/** URL parameters: `?q=…&hometown=34&dialect=…&expertise=…&affiliation=…&certification=…&poolId=…&hasCapacity=true&activeOnly=false`. */
const FILTERS = {
  q: text(),
  hometown: id(),
  dialect: text(),
  expertise: oneOf(MEDIATION_TYPES),
  affiliation: oneOf(AFFILIATIONS),
  certification: oneOf(CERTIFICATION_STATUSES),
  poolId: id(),
  hasCapacity: flag(),
  activeOnly: flag(true),
};

export const CERT_COLOR: Record<CertificationStatus, string> = {
  none: 'default',
  in_training: 'processing',
  certified: 'green',
  expired: 'orange',
  revoked: 'red',
};

/** The mediator registry: filters by hometown, dialect, expertise, affiliation, certification, capacity, pool. */
export default function MediatorsPage() {
  const { t } = useTranslation();
  const place = usePlaceName();
  const lang = useLanguage();
  const isPhone = useIsPhone();
  const names = useMedNames();
  const columns = useMediatorColumns();
  const canWrite = useCan('mediation.write');
  const { regionFilter } = useScope();
  const [editing, setEditing] = useState<Mediator | 'new' | null>(null);
  const list = useListState(FILTERS);
  const f = list.filters;
  const pools = usePools({ regionCode: regionFilter, pageSize: 100 });
  const query = useMediators({
    q: f.q,
    hometown: f.hometown,
    dialect: f.dialect,
    expertise: f.expertise,
    affiliation: f.affiliation,
    certification: f.certification,
    poolId: f.poolId,
    hasCapacity: f.hasCapacity ? 'true' : undefined,
    active: f.activeOnly ? 'true' : undefined,
    regionCode: regionFilter,
    page: list.page,
    pageSize: list.pageSize,
  });
  const w = isPhone ? '100%' : undefined;

  return (
    <>
      <PageHeader
        title={t('med.section.mediators')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="med-mediator-new"
            >
              {t('med.mediator.new')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          <SearchBox
            placeholder={t('med.mediator.search')}
            value={f.q}
            onSearch={(v) => list.setFilter('q', v)}
            width={220}
            testId="med-mediator-search"
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('med.mediator.hometownProvince')}
            value={f.hometown}
            onChange={(v) => list.setFilter('hometown', v)}
            options={PROVINCES.map((p) => ({ value: p.code, label: lang === 'en' ? p.en : p.zh }))}
            style={{ width: w ?? 150 }}
            data-testid="med-mediator-province-filter"
          />
          <SearchBox
            placeholder={t('med.mediator.dialect')}
            value={f.dialect}
            onSearch={(v) => list.setFilter('dialect', v)}
            width={140}
          />
          <Select
            allowClear
            placeholder={t('med.mediator.expertise')}
            value={f.expertise}
            onChange={(v) => list.setFilter('expertise', v)}
            options={names.options('type', MEDIATION_TYPES)}
            style={{ width: w ?? 150 }}
          />
          <Select
            allowClear
            placeholder={t('med.mediator.affiliation')}
            value={f.affiliation}
            onChange={(v) => list.setFilter('affiliation', v)}
            options={names.options('affiliation', AFFILIATIONS)}
            style={{ width: w ?? 150 }}
          />
          <Select
            allowClear
            placeholder={t('med.mediator.certification')}
            value={f.certification}
            onChange={(v) => list.setFilter('certification', v)}
            options={names.options('cert', CERTIFICATION_STATUSES)}
            style={{ width: w ?? 130 }}
          />
          <Select
            allowClear
            placeholder={t('med.mediator.pool')}
            value={f.poolId}
            onChange={(v) => list.setFilter('poolId', v)}
            options={(pools.data?.items ?? []).map((p) => ({
              value: p.id,
              label: p.regionName ? `${place(p.regionName)} · ${p.name}` : p.name,
            }))}
            style={{ width: w ?? 200 }}
          />
          <Space size={4}>
            <Switch size="small" checked={f.hasCapacity} onChange={(v) => list.setFilter('hasCapacity', v)} />
            <Typography.Text>{t('med.mediator.hasCapacity')}</Typography.Text>
          </Space>
          <Space size={4}>
            <Switch size="small" checked={f.activeOnly} onChange={(v) => list.setFilter('activeOnly', v)} />
            <Typography.Text>{t('med.mediator.activeOnly')}</Typography.Text>
          </Space>
        </Flex>
        {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
        <Table<Mediator>
          rowKey="id"
          size="small"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={tablePagination(list.page, list.pageSize, query.data?.total, list.onPageChange)}
          locale={{ emptyText: <Empty description={t('med.mediator.none')} /> }}
          data-testid="med-mediator-table"
          onRow={(m) => ({
            onClick: canWrite ? () => setEditing(m) : undefined,
            style: canWrite ? { cursor: 'pointer' } : undefined,
            ...testId(`med-mediator-row-${m.id}`),
          })}
          columns={[
            {
              title: t('med.mediator.name'),
              key: 'name',
              fixed: isPhone ? undefined : 'left',
              render: (_: unknown, m) => (
                <Flex vertical>
                  <Typography.Text strong>{m.name}</Typography.Text>
                  {!m.active ? <Tag>{t('common.inactive')}</Tag> : null}
                </Flex>
              ),
            },
            columns.hometown,
            columns.dialects,
            {
              title: t('med.mediator.expertise'),
              dataIndex: 'expertise',
              render: (es: string[]) => (
                <Flex wrap gap={2} style={{ maxWidth: 260 }}>
                  {es.map((e) => (
                    <Tag key={e} style={{ marginInlineEnd: 0 }}>
                      {names.name('type', e)}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
            {
              title: t('med.mediator.affiliation'),
              dataIndex: 'affiliations',
              render: (as: string[]) => as.map((a) => names.name('affiliation', a)).join('、') || '—',
            },
            {
              title: t('med.mediator.certification'),
              key: 'cert',
              render: (_: unknown, m) => (
                <Tag color={CERT_COLOR[m.certificationStatus]}>
                  {names.name('cert', m.certificationStatus)}
                  {m.certifiedUntil ? ` · ${dayjs(m.certifiedUntil).format('YYYY-MM')}` : ''}
                </Tag>
              ),
            },
            {
              title: t('med.mediator.load'),
              key: 'load',
              render: (_: unknown, m) => (
                <Typography.Text type={m.openCases >= m.capacity ? 'danger' : undefined}>
                  {m.openCases} / {m.capacity}
                </Typography.Text>
              ),
            },
            {
              title: t('med.mediator.success'),
              key: 'success',
              render: (_: unknown, m) => (m.totalCases > 0 ? `${m.settledCases} / ${m.totalCases}` : '—'),
            },
            {
              title: t('med.mediator.serviceArea'),
              dataIndex: 'serviceRegionName',
              render: (r: string | null, m) => (r ? place(r) : m.serviceRegionCode),
            },
          ]}
        />
      </Card>
      {editing ? (
        <MediatorEditor mediator={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}
