import { useState } from 'react';
import { Button, Card, Empty, Flex, Input, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Pool } from '@zhili/contracts';
import { ErrorAlert, tablePagination, testId } from '../../lib/ui.tsx';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { usePools } from './mediationApi.ts';
import { useMedNames } from './names.ts';
import { PoolEditor } from './PoolEditor.tsx';
import { PoolMembers } from './PoolMembers.tsx';
import { usePlaceName } from '../../lib/placeName.ts';

/**
 * The reserve pools of the chosen scope, beside their health: managers create and edit pools,
 * writers open a pool to add or remove members, readers only look.
 */
export function PoolsPanel() {
  const { t } = useTranslation();
  const place = usePlaceName();
  const names = useMedNames();
  const canManage = useCan('mediation.manage');
  const { regionFilter } = useScope();
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const [editing, setEditing] = useState<Pool | 'new' | null>(null);
  const [membersOf, setMembersOf] = useState<string | null>(null);
  const query = usePools({ q: q.trim(), regionCode: regionFilter, ...page });
  const pools = query.data?.items ?? [];

  return (
    <Card size="small" title={t('med.poolEdit.list')} style={{ marginBottom: 16 }}>
      {/* Above the table rather than in the card's head, so a phone keeps the title readable. */}
      <Flex gap={8} wrap justify="end" style={{ marginBottom: 8 }}>
        <Input.Search
          allowClear
          placeholder={t('med.poolEdit.search')}
          onSearch={(v) => {
            setQ(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          style={{ width: 200 }}
          data-testid="med-pools-search"
        />
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="med-pool-new">
            {t('med.poolEdit.new')}
          </Button>
        ) : null}
      </Flex>
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {!query.isPending && pools.length === 0 ? (
        <Empty
          description={canManage && !q ? t('med.poolEdit.noneCanCreate') : t('med.poolEdit.none')}
          data-testid="med-pools-empty"
        />
      ) : (
        <Table<Pool>
          rowKey="id"
          size="small"
          loading={query.isPending}
          dataSource={pools}
          scroll={{ x: 'max-content' }}
          data-testid="med-pools-table"
          onRow={(p) => ({ ...testId(`med-pool-row-${p.name}`) })}
          pagination={tablePagination(page.page, page.pageSize, query.data?.total, (p, s) =>
            setPage({ page: p, pageSize: s }),
          )}
          columns={[
            { title: t('med.poolEdit.name'), dataIndex: 'name' },
            {
              title: t('med.poolEdit.region'),
              key: 'region',
              render: (_: unknown, p) => (p.regionName ? place(p.regionName) : p.regionCode),
            },
            {
              title: t('med.poolEdit.memberCount'),
              key: 'members',
              render: (_: unknown, p) => (
                <Typography.Text type={p.memberCount < p.minSize ? 'danger' : undefined} data-testid="med-pool-size">
                  {p.memberCount}/{p.minSize}
                </Typography.Text>
              ),
            },
            {
              title: t('med.poolEdit.targets'),
              key: 'targets',
              render: (_: unknown, p) =>
                p.targetProvinces.length === 0 ? (
                  '—'
                ) : (
                  <Flex gap={4} wrap style={{ maxWidth: 320 }}>
                    {p.targetProvinces.map((c) => (
                      <Tag key={c}>{names.province(c)}</Tag>
                    ))}
                  </Flex>
                ),
            },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, p) => (
                <Flex gap={6}>
                  <Button
                    size="small"
                    icon={<TeamOutlined />}
                    onClick={() => setMembersOf(p.id)}
                    data-testid="med-pool-members-open"
                  >
                    {t('med.poolEdit.members')}
                  </Button>
                  {canManage ? (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setEditing(p)}
                      data-testid="med-pool-edit"
                    >
                      {t('med.poolEdit.edit')}
                    </Button>
                  ) : null}
                </Flex>
              ),
            },
          ]}
        />
      )}
      {editing ? <PoolEditor pool={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      {membersOf ? <PoolMembers poolId={membersOf} onClose={() => setMembersOf(null)} /> : null}
    </Card>
  );
}
