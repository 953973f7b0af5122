import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  FundOutlined,
  HomeOutlined,
  KeyOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { Me, Permission } from '@zhili/contracts';
import { can } from '../auth/me.ts';
import { INCIDENT_NAV_ITEMS } from '../incidents/navItems.tsx';
import { MEDIATION_NAV_ITEMS } from '../mediation/navItems.tsx';

/** One entry of the side menu; shown only when the caller holds `permission`. */
export interface NavItem {
  key: string;
  path: string;
  icon: ReactNode;
  labelKey: string;
  permission?: Permission;
  /** Hidden from callers who hold this permission (a resident's entry that staff do not need). */
  hiddenWith?: Permission;
  /**
   * Needs a role not limited to one organization: the region screens list regions, which an
   * organization-limited grant (a department's staff) may not do.
   */
  regionWide?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { key: 'home', path: '/', icon: <HomeOutlined />, labelKey: 'nav.home' },
  ...INCIDENT_NAV_ITEMS,
  ...MEDIATION_NAV_ITEMS,
  {
    key: 'regions',
    path: '/regions',
    icon: <ApartmentOutlined />,
    labelKey: 'nav.regions',
    permission: 'region.read',
    regionWide: true,
  },
  {
    key: 'region-import',
    path: '/regions/import',
    icon: <UploadOutlined />,
    labelKey: 'nav.regionImport',
    permission: 'region.write',
    regionWide: true,
  },
  {
    key: 'organizations',
    path: '/organizations',
    icon: <BankOutlined />,
    labelKey: 'nav.organizations',
    permission: 'organization.read',
  },
  {
    key: 'evaluation',
    path: '/evaluation',
    icon: <FundOutlined />,
    labelKey: 'nav.evaluation',
    permission: 'evaluation.read',
  },
  { key: 'accounts', path: '/accounts', icon: <TeamOutlined />, labelKey: 'nav.accounts', permission: 'account.read' },
  { key: 'apikeys', path: '/apikeys', icon: <KeyOutlined />, labelKey: 'nav.apikeys', permission: 'apikey.manage' },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, labelKey: 'nav.audit', permission: 'audit.read' },
];

/** The menu entries this caller may open. */
export function visibleNav(me: Me): NavItem[] {
  const organizationOnly = me.roles.length > 0 && me.roles.every((r) => r.organizationId !== null);
  return NAV_ITEMS.filter(
    (item) =>
      (!item.permission || can(me, item.permission)) &&
      !(item.hiddenWith && can(me, item.hiddenWith)) &&
      !(item.regionWide && organizationOnly),
  );
}

/** The entry a path belongs to: the longest matching prefix (`/regions/import` beats `/regions`). */
export function navKeyOf(pathname: string, items: NavItem[]): string | undefined {
  let best: NavItem | undefined;
  for (const item of items) {
    const match = item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`);
    if (match && (!best || item.path.length > best.path.length)) best = item;
  }
  return best?.key;
}
