import { useState } from 'react';
import { Button, Card, Flex, Select, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ROLES, type Account, type Role } from '@zhili/contracts';
import { oneOf, text } from '../../lib/listParams.ts';
import { useNames } from '../../lib/names.ts';
import { ErrorAlert, PageHeader, tablePagination, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useListState } from '../../lib/useListState.ts';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { AccountCreateDrawer } from './AccountCreateDrawer.tsx';
import { AccountDetailDrawer, AccountStatus } from './AccountDetailDrawer.tsx';
import { RoleTag } from './RoleTag.tsx';
import { useAccounts } from './accountsApi.ts';
import { SearchBox } from '../../lib/SearchBox.tsx';

/** URL parameters: `?q=…&role=mediator&disabled=true`. */
const FILTERS = { q: text(), role: oneOf(ROLES), disabled: oneOf(['true', 'false'] as const) };

/** Accounts in the chosen scope: search, role and status filters, create and manage. */
export default function AccountsPage() {
  const { t } = useTranslation();
  const { roleName } = useNames();
  const canWrite = useCan('account.write');
  const isPhone = useIsPhone();
  const { regionFilter } = useScope();
  const list = useListState(FILTERS);
  const { filters } = list;
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);

  const query = useAccounts({
    q: filters.q || undefined,
    role: filters.role,
    disabled: filters.disabled,
    region: regionFilter,
    page: list.page,
    pageSize: list.pageSize,
  });

  return (
    <>
      <PageHeader
        title={t('nav.accounts')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="account-create"
            >
              {t('account.create')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <SearchBox
            placeholder={t('account.searchPlaceholder')}
            value={filters.q}
            onSearch={(v) => list.setFilter('q', v)}
            width={240}
            testId="account-search"
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('account.role')}
            value={filters.role}
            onChange={(v: Role | undefined) => list.setFilter('role', v)}
            options={ROLES.map((r) => ({ value: r, label: roleName(r) }))}
            style={{ width: isPhone ? '100%' : 200 }}
            data-testid="account-filter-role"
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            value={filters.disabled}
            onChange={(v: 'true' | 'false' | undefined) => list.setFilter('disabled', v)}
            options={[
              { value: 'false', label: t('common.active') },
              { value: 'true', label: t('account.disabled') },
            ]}
            style={{ width: isPhone ? '100%' : 140 }}
            data-testid="account-filter-status"
          />
        </Flex>
        {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
        <Table<Account>
          rowKey="id"
          size="small"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="account-table"
          onRow={(a) => ({
            onClick: () => setOpenId(a.id),
            style: { cursor: 'pointer' },
            ...testId(`account-row-${a.username}`),
          })}
          pagination={tablePagination(list.page, list.pageSize, query.data?.total, list.onPageChange)}
          columns={[
            { title: t('account.username'), dataIndex: 'username' },
            { title: t('account.displayName'), dataIndex: 'displayName' },
            {
              title: t('account.roles'),
              dataIndex: 'roles',
              render: (_: unknown, a) => (
                <Flex wrap gap={2} style={{ maxWidth: 420 }}>
                  {a.roles.map((r) => (
                    <RoleTag key={r.id} role={r} />
                  ))}
                </Flex>
              ),
            },
            {
              title: t('common.status'),
              key: 'status',
              render: (_: unknown, a) => (
                <AccountStatus
                  disabled={a.disabled}
                  lockedUntil={a.lockedUntil}
                  mustChangePassword={a.mustChangePassword}
                />
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, a) => (
                <Button
                  size="small"
                  onClick={(e) => {
                    e.stopPropagation();
                    setOpenId(a.id);
                  }}
                  data-testid={`account-open-${a.username}`}
                >
                  {canWrite ? t('account.manage') : t('common.view')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <AccountCreateDrawer open={creating} onClose={() => setCreating(false)} />
      <AccountDetailDrawer id={openId} isPhone={isPhone} onClose={() => setOpenId(null)} />
    </>
  );
}
