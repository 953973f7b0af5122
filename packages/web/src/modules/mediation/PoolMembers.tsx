import { useState } from 'react';
import { Button, Drawer, Empty, Flex, Popconfirm, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Mediator } from '@zhili/contracts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useCan } from '../auth/me.ts';
import { useMediators, usePool, usePoolMembers } from './mediationApi.ts';
import { useMedNames } from './names.ts';
import { useHometownName, useMediatorColumns } from './mediatorColumns.tsx';

/**
 * A pool's members with their hometowns; writers add mediators found by name, dialect or hometown
 * and remove members (the mediator stays in the registry).
 */
export function PoolMembers({ poolId, onClose }: { poolId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const names = useMedNames();
  const hometownName = useHometownName();
  const columns = useMediatorColumns();
  const canWrite = useCan('mediation.write');
  const pool = usePool(poolId);
  const change = usePoolMembers(poolId);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const candidates = useMediators({ q: search.trim(), active: 'true', pageSize: 20 });
  const members = pool.data?.members ?? [];
  const memberIds = new Set(members.map((m) => m.id));
  const options = (candidates.data?.items ?? [])
    .filter((m) => !memberIds.has(m.id))
    .map((m) => ({
      value: m.id,
      label: (
        <span data-testid={`med-pool-candidate-${m.id}`}>
          {m.name} · {hometownName(m.hometown)}
          {m.dialects.length > 0 ? ` · ${m.dialects.join('、')}` : ''}
        </span>
      ),
    }));

  const add = () => change.mutate({ add: picked, remove: [] }, { onSuccess: () => setPicked([]) });

  return (
    <Drawer
      open
      title={pool.data ? t('med.poolEdit.membersOf', { name: pool.data.name }) : t('med.poolEdit.members')}
      width={isPhone ? '100%' : 640}
      onClose={onClose}
      destroyOnHidden
    >
      {pool.isError ? <ErrorAlert error={pool.error} onRetry={() => void pool.refetch()} /> : null}
      {pool.isPending ? <Skeleton active /> : null}
      {pool.data ? (
        <Flex vertical gap={12}>
          <Typography.Text data-testid="med-pool-member-count">
            {t('med.poolEdit.size', { count: pool.data.memberCount, min: pool.data.minSize })}
            {pool.data.memberCount < pool.data.minSize ? (
              <Tag color="red" style={{ marginInlineStart: 8 }}>
                {t('med.pool.underSize')}
              </Tag>
            ) : null}
          </Typography.Text>
          {canWrite ? (
            <Flex gap={8} wrap>
              <Select
                mode="multiple"
                showSearch
                filterOption={false}
                onSearch={setSearch}
                value={picked}
                onChange={setPicked}
                options={options}
                loading={candidates.isFetching}
                placeholder={t('med.poolEdit.addPlaceholder')}
                style={{ flex: 1, minWidth: 220 }}
                data-testid="med-pool-add-select"
              />
              <Button
                type="primary"
                icon={<UserAddOutlined />}
                disabled={picked.length === 0}
                loading={change.isPending}
                onClick={add}
                data-testid="med-pool-add"
              >
                {t('med.poolEdit.add')}
              </Button>
            </Flex>
          ) : null}
          {change.error ? <ErrorAlert error={change.error} testId="med-pool-members-error" /> : null}
          {members.length === 0 ? (
            <Empty description={t('med.poolEdit.noMembers')} />
          ) : (
            <Table<Mediator>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={members}
              scroll={{ x: 'max-content' }}
              data-testid="med-pool-members"
              onRow={(m) => ({ ...testId(`med-pool-member-${m.id}`) })}
              columns={[
                { title: t('med.mediator.name'), dataIndex: 'name' },
                columns.hometown,
                columns.dialects,
                {
                  title: t('med.mediator.certification'),
                  dataIndex: 'certificationStatus',
                  render: (c: string) => names.name('cert', c),
                },
                ...(canWrite
                  ? [
                      {
                        title: '',
                        key: 'remove',
                        render: (_: unknown, m: Mediator) => (
                          <Popconfirm
                            title={t('med.poolEdit.removeConfirm', { name: m.name })}
                            onConfirm={() => change.mutate({ add: [], remove: [m.id] })}
                            okButtonProps={{ ...testId(`med-pool-remove-confirm-${m.id}`) }}
                          >
                            <Button
                              size="small"
                              danger
                              icon={<DeleteOutlined />}
                              data-testid={`med-pool-remove-${m.id}`}
                            >
                              {t('med.poolEdit.remove')}
                            </Button>
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </Flex>
      ) : null}
    </Drawer>
  );
}
