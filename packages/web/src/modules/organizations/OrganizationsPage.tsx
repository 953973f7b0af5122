import { useState } from 'react';
import { Button, Card, Flex, Select, Table, Tag } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ORGANIZATION_TYPES, type Organization, type OrganizationType } from '@zhili/contracts';
import { id, oneOf, text } from '../../lib/listParams.ts';
import { useNames } from '../../lib/names.ts';
import { ErrorAlert, PageHeader, tablePagination, testId } from '../../lib/ui.tsx';
import { useListState } from '../../lib/useListState.ts';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { OrganizationDrawer } from './OrganizationDrawer.tsx';
import { useOrganizations } from './organizationsApi.ts';
import { SearchBox } from '../../lib/SearchBox.tsx';
import { usePlaceName } from '../../lib/placeName.ts';

/** URL parameters: `?q=…&type=company&region=330383`. */
const FILTERS = { q: text(), type: oneOf(ORGANIZATION_TYPES), region: id(null) };

/** Organizations of the chosen scope: search, type and region filters, create/edit drawer. */
export default function OrganizationsPage() {
  const { t } = useTranslation();
  const place = usePlaceName();
  const { orgTypeName } = useNames();
  const canWrite = useCan('organization.write');
  const isPhone = useIsPhone();
  const { regionFilter } = useScope();
  const list = useListState(FILTERS);
  const { filters } = list;
  const [drawer, setDrawer] = useState<{ open: boolean; editing: Organization | null }>({ open: false, editing: null });

  const query = useOrganizations({
    q: filters.q || undefined,
    type: filters.type,
    // A region picked here narrows further; otherwise the header's scope applies.
    region: filters.region ?? regionFilter,
    page: list.page,
    pageSize: list.pageSize,
  });

  return (
    <>
      <PageHeader
        title={t('nav.organizations')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDrawer({ open: true, editing: null })}
              data-testid="org-create"
            >
              {t('organization.create')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <SearchBox
            placeholder={t('organization.searchPlaceholder')}
            value={filters.q}
            onSearch={(v) => list.setFilter('q', v)}
            width={240}
            testId="org-search"
          />
          <Select
            allowClear
            placeholder={t('organization.type')}
            value={filters.type}
            onChange={(v: OrganizationType | undefined) => list.setFilter('type', v)}
            options={ORGANIZATION_TYPES.map((ty) => ({ value: ty, label: orgTypeName(ty) }))}
            style={{ width: isPhone ? '100%' : 180 }}
            data-testid="org-filter-type"
          />
          <RegionSelect
            value={filters.region}
            onChange={(code) => list.setFilter('region', code)}
            placeholder={t('organization.regionFilter')}
            testId="org-filter-region"
            style={{ width: isPhone ? '100%' : 220 }}
          />
        </Flex>
        {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
        <Table<Organization>
          rowKey="id"
          size="small"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="org-table"
          onRow={(o) => ({ ...testId(`org-row-${o.id}`) })}
          pagination={tablePagination(list.page, list.pageSize, query.data?.total, list.onPageChange)}
          columns={[
            { title: t('organization.name'), dataIndex: 'name' },
            { title: t('organization.type'), dataIndex: 'type', render: (ty: string) => <Tag>{orgTypeName(ty)}</Tag> },
            {
              title: t('organization.region'),
              dataIndex: 'regionCode',
              render: (code: string, o) => (o.regionName ? place(o.regionName) : code),
            },
            { title: t('organization.creditCode'), dataIndex: 'creditCode', render: (c: string | null) => c ?? '—' },
            {
              title: t('common.status'),
              dataIndex: 'active',
              render: (a: boolean) =>
                a ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
            },
            ...(canWrite
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, o: Organization) => (
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setDrawer({ open: true, editing: o })}
                        data-testid={`org-edit-${o.id}`}
                      >
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <OrganizationDrawer
        open={drawer.open}
        editing={drawer.editing}
        onClose={() => setDrawer({ open: false, editing: null })}
      />
    </>
  );
}
