import { useState } from 'react';
import { Avatar, Button, Dropdown } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ChangePasswordDialog } from '../auth/ChangePasswordDialog.tsx';
import { useLogout, useMe } from '../auth/me.ts';

/** The header user menu: who is logged in, change password, log out. */
export function UserMenu({ isPhone }: { isPhone: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const [pwOpen, setPwOpen] = useState(false);

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'who', label: `${me.displayName} (${me.username})`, disabled: true },
            { type: 'divider' },
            {
              key: 'password',
              icon: <KeyOutlined />,
              label: <span data-testid="user-change-password">{t('user.changePassword')}</span>,
              onClick: () => setPwOpen(true),
            },
            {
              key: 'logout',
              icon: <LogoutOutlined />,
              label: <span data-testid="user-logout">{t('user.logout')}</span>,
              onClick: () => logout.mutate(undefined, { onSuccess: () => void navigate('/login', { replace: true }) }),
            },
          ],
        }}
      >
        <Button type="text" data-testid="user-menu" style={{ paddingInline: 4 }}>
          <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#1677ff' }} />
          {isPhone ? null : <span style={{ marginInlineStart: 6 }}>{me.displayName}</span>}
        </Button>
      </Dropdown>
      <ChangePasswordDialog open={pwOpen} onClose={() => setPwOpen(false)} />
    </>
  );
}
