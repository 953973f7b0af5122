import { Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../auth/me.ts';
import { navKeyOf, visibleNav } from './nav.tsx';

/** The role-aware navigation: entries the caller lacks the permission for are not rendered. */
export function SideMenu({ onNavigate, theme = 'dark' }: { onNavigate?: () => void; theme?: 'dark' | 'light' }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items = visibleNav(me);
  const selected = navKeyOf(pathname, items);

  return (
    <Menu
      theme={theme}
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      data-testid="side-menu"
      items={items.map((item) => ({
        key: item.key,
        icon: item.icon,
        label: <span data-testid={`menu-${item.key}`}>{t(item.labelKey)}</span>,
        onClick: () => {
          void navigate(item.path);
          onNavigate?.();
        },
      }))}
    />
  );
}
