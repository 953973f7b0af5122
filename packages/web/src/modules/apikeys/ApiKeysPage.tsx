import { useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '@zhili/contracts';
import { errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { useNames } from '../../lib/names.ts';
import { ErrorAlert, PageHeader, tablePagination, testId } from '../../lib/ui.tsx';
import { useListState } from '../../lib/useListState.ts';
import { flag, text } from '../../lib/listParams.ts';
import { ApiKeyCreateModal } from './ApiKeyCreateModal.tsx';
import { useApiKeys, useRevokeApiKey } from './apikeysApi.ts';
import { SearchBox } from '../../lib/SearchBox.tsx';

/** URL parameters: `?q=…&showRevoked=true`. */
const FILTERS = { q: text(), showRevoked: flag() };

const fmt = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** API keys for machine clients (CLI, Open311, devices): list, create (shown once), revoke. */
export default function ApiKeysPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const { roleName } = useNames();
  const list = useListState(FILTERS);
  const keys = useApiKeys({
    q: list.filters.q || undefined,
    revoked: list.filters.showRevoked ? undefined : 'false',
    page: list.page,
    pageSize: list.pageSize,
  });
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title={t('nav.apikeys')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="apikey-create">
            {t('apikey.create')}
          </Button>
        }
      />
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('apikey.intro')}</Typography.Paragraph>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <SearchBox
            placeholder={t('apikey.searchPlaceholder')}
            value={list.filters.q}
            onSearch={(v) => list.setFilter('q', v)}
            width={240}
            testId="apikey-search"
          />
          <span>
            <Switch
              size="small"
              checked={list.filters.showRevoked}
              onChange={(v) => list.setFilter('showRevoked', v)}
              data-testid="apikey-show-revoked"
            />{' '}
            {t('apikey.showRevoked')}
          </span>
        </Flex>
        {keys.isError ? <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} /> : null}
        <Table<ApiKey>
          rowKey="id"
          size="small"
          loading={keys.isFetching}
          dataSource={keys.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="apikey-table"
          onRow={(k) => ({ ...testId(`apikey-row-${k.id}`) })}
          pagination={tablePagination(list.page, list.pageSize, keys.data?.total, list.onPageChange)}
          locale={{ emptyText: t('apikey.empty') }}
          columns={[
            { title: t('apikey.name'), dataIndex: 'name' },
            {
              title: t('apikey.prefix'),
              dataIndex: 'prefix',
              render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
            },
            { title: t('account.role'), dataIndex: 'role', render: (r: string) => roleName(r) },
            {
              title: t('account.scopeRegion'),
              dataIndex: 'regionCode',
              render: (c: string | null) => c ?? t('scope.all'),
            },
            { title: t('account.createdAt'), dataIndex: 'createdAt', render: fmt },
            { title: t('apikey.lastUsed'), dataIndex: 'lastUsedAt', render: fmt },
            {
              title: t('common.status'),
              dataIndex: 'revokedAt',
              render: (r: string | null) =>
                r ? <Tag>{t('apikey.revokedAt', { at: fmt(r) })}</Tag> : <Tag color="green">{t('common.active')}</Tag>,
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, k) =>
                k.revokedAt ? null : (
                  <Popconfirm
                    title={t('apikey.revokeConfirm')}
                    onConfirm={() =>
                      revoke.mutate(k.id, { onError: (err) => void message.error(errorText(err, lang, t)) })
                    }
                  >
                    <Button size="small" danger data-testid={`apikey-revoke-${k.id}`}>
                      {t('apikey.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <ApiKeyCreateModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
