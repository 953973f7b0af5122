import { useState } from 'react';
import { App, Button, Descriptions, Divider, Drawer, Empty, Flex, Popconfirm, Skeleton, Tag, Typography } from 'antd';
import { LockOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { useCan, useMe } from '../auth/me.ts';
import { AddRoleForm } from './AddRoleForm.tsx';
import { RoleTag } from './RoleTag.tsx';
import { TemporaryPasswordModal } from './TemporaryPasswordModal.tsx';
import { useAccount, useRemoveRole, useResetPassword, useUpdateAccount } from './accountsApi.ts';

const fmt = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** One account: its fields, roles (add/remove), enable/disable and password reset. */
export function AccountDetailDrawer({
  id,
  isPhone,
  onClose,
}: {
  id: string | null;
  isPhone: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const me = useMe();
  const canWrite = useCan('account.write');
  const account = useAccount(id);
  const update = useUpdateAccount();
  const reset = useResetPassword();
  const removeRole = useRemoveRole();
  const [tempPassword, setTempPassword] = useState<string | null>(null);
  const onError = (err: unknown) => void message.error(errorText(err, lang, t));

  const a = account.data;
  const isSelf = a?.id === me.id;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={isPhone ? '100%' : 560}
      title={a?.displayName ?? t('account.detail')}
      destroyOnHidden
    >
      {account.isPending ? <Skeleton active /> : null}
      {account.isError ? <ErrorAlert error={account.error} onRetry={() => void account.refetch()} /> : null}
      {a ? (
        <div data-testid="account-detail">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('account.username')}>{a.username}</Descriptions.Item>
            <Descriptions.Item label={t('account.displayName')}>
              {canWrite ? (
                <Typography.Text
                  editable={{
                    onChange: (v) => {
                      if (v.trim() && v.trim() !== a.displayName)
                        update.mutate({ id: a.id, displayName: v.trim() }, { onError });
                    },
                  }}
                >
                  {a.displayName}
                </Typography.Text>
              ) : (
                a.displayName
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <AccountStatus
                disabled={a.disabled}
                lockedUntil={a.lockedUntil}
                mustChangePassword={a.mustChangePassword}
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('account.phone')}>{a.person?.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('account.lastLogin')}>{fmt(a.lastLoginAt)}</Descriptions.Item>
            <Descriptions.Item label={t('account.createdAt')}>{fmt(a.createdAt)}</Descriptions.Item>
          </Descriptions>

          {canWrite ? (
            <Flex gap={8} wrap style={{ marginTop: 12 }}>
              <Popconfirm
                title={a.disabled ? t('account.enableConfirm') : t('account.disableConfirm')}
                disabled={isSelf}
                onConfirm={() => update.mutate({ id: a.id, disabled: !a.disabled }, { onError })}
              >
                <Button
                  danger={!a.disabled}
                  disabled={isSelf}
                  icon={a.disabled ? <CheckCircleOutlined /> : <StopOutlined />}
                  loading={update.isPending}
                  data-testid="account-toggle-disabled"
                >
                  {a.disabled ? t('account.enable') : t('account.disable')}
                </Button>
              </Popconfirm>
              <Popconfirm
                title={t('account.resetConfirm')}
                onConfirm={() =>
                  reset.mutate(a.id, { onSuccess: (r) => setTempPassword(r.temporaryPassword), onError })
                }
              >
                <Button icon={<LockOutlined />} loading={reset.isPending} data-testid="account-reset-password">
                  {t('account.resetPassword')}
                </Button>
              </Popconfirm>
            </Flex>
          ) : null}

          <Divider orientation="left">{t('account.roles')}</Divider>
          {a.roles.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('account.noRoles')} />
          ) : null}
          <Flex wrap gap={4} data-testid="account-roles">
            {a.roles.map((r) =>
              canWrite ? (
                <Popconfirm
                  key={r.id}
                  title={t('account.removeRoleConfirm')}
                  onConfirm={() => removeRole.mutate({ id: a.id, assignmentId: r.id }, { onError })}
                >
                  <span>
                    <RoleTag role={r} closable />
                  </span>
                </Popconfirm>
              ) : (
                <RoleTag key={r.id} role={r} />
              ),
            )}
          </Flex>
          {canWrite ? (
            <>
              <Divider orientation="left">{t('account.addRole')}</Divider>
              <AddRoleForm accountId={a.id} />
            </>
          ) : null}
        </div>
      ) : null}
      <TemporaryPasswordModal password={tempPassword} onClose={() => setTempPassword(null)} />
    </Drawer>
  );
}

/** Status tags: disabled, locked (too many failed logins), must change password, or active. */
export function AccountStatus({
  disabled,
  lockedUntil,
  mustChangePassword,
}: {
  disabled: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
}) {
  const { t } = useTranslation();
  const locked = lockedUntil !== null && dayjs(lockedUntil).isAfter(dayjs());
  return (
    <Flex gap={4} wrap>
      {disabled ? <Tag color="red">{t('account.disabled')}</Tag> : <Tag color="green">{t('common.active')}</Tag>}
      {locked ? <Tag color="orange">{t('account.locked')}</Tag> : null}
      {mustChangePassword ? <Tag color="gold">{t('account.mustChange')}</Tag> : null}
    </Flex>
  );
}
