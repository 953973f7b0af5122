import { Suspense, useState } from 'react';
import { Button, Drawer, Flex, Layout, Skeleton, theme } from 'antd';
import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { ScopePicker } from './ScopePicker.tsx';
import { SideMenu } from './SideMenu.tsx';
import { UserMenu } from './UserMenu.tsx';

function Brand({ collapsed }: { collapsed: boolean }) {
  return (
    <Link to="/" style={{ color: '#fff', display: 'block', padding: '16px 20px', whiteSpace: 'nowrap' }}>
      <span style={{ fontSize: 20, fontWeight: 600 }}>治理</span>
      {collapsed ? null : <span style={{ marginInlineStart: 8, opacity: 0.75 }}>zhili</span>}
    </Link>
  );
}

/** The app frame: role-aware side menu (a drawer on phones), header with scope, language, bell, user. */
export function AppLayout() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isPhone ? (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          width={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
          data-testid="nav-drawer"
        >
          <Brand collapsed={false} />
          <SideMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : (
        <Layout.Sider collapsible collapsed={collapsed} trigger={null} width={220} data-testid="nav-sider">
          <Brand collapsed={collapsed} />
          <SideMenu />
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            paddingInline: isPhone ? 8 : 16,
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            position: 'sticky',
            top: 0,
            zIndex: 10,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          {isPhone ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('nav.openMenu')}
              data-testid="nav-menu-button"
            />
          ) : (
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed((c) => !c)}
              aria-label={t('nav.toggleMenu')}
            />
          )}
          <ScopePicker width={isPhone ? 130 : 200} />
          <Flex flex={1} />
          <LanguageSwitch compact={isPhone} />
          <NotificationBell isPhone={isPhone} />
          <UserMenu isPhone={isPhone} />
        </Layout.Header>
        <Layout.Content style={{ padding: isPhone ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<Skeleton active />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
