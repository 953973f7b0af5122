import { CommentOutlined, FieldTimeOutlined, NodeIndexOutlined, SolutionOutlined } from '@ant-design/icons';
import i18n from 'i18next';
import type { NavItem } from '../layout/nav.tsx';

// Menu labels load with the menu (the screens' own strings come with their chunk, in i18n.ts).
// The shared i18next instance may not be initialised yet (tests import the menu alone).
function addLabels() {
  i18n.addResourceBundle(
    'zh-CN',
    'translation',
    {
      nav: {
        mediationCases: '老乡调解',
        mediationMediators: '调解员库',
        mediationAssign: '调解批量分派',
        mediationLimits: '调解法定时限',
      },
    },
    true,
    false,
  );
  i18n.addResourceBundle(
    'en',
    'translation',
    {
      nav: {
        mediationCases: 'Hometown mediation',
        mediationMediators: 'Mediators',
        mediationAssign: 'Batch assignment',
        mediationLimits: 'Mediation time limits',
      },
    },
    true,
    false,
  );
}
if (i18n.isInitialized || (i18n as { store?: unknown }).store) addLabels();
else i18n.on('initialized', addLabels);

/**
 * The mediation entries of the side menu: the case board (with the module's own tabs for pools,
 * corps, outreach, statistics …), the registry, batch assignment for managers, and the statutory
 * time limits (read by all, edited by county-wide managers).
 */
export const MEDIATION_NAV_ITEMS: NavItem[] = [
  {
    key: 'mediation',
    path: '/mediation',
    icon: <CommentOutlined />,
    labelKey: 'nav.mediationCases',
    permission: 'mediation.read',
  },
  {
    key: 'mediation-mediators',
    path: '/mediation/mediators',
    icon: <SolutionOutlined />,
    labelKey: 'nav.mediationMediators',
    permission: 'mediation.read',
  },
  {
    key: 'mediation-assign',
    path: '/mediation/assign',
    icon: <NodeIndexOutlined />,
    labelKey: 'nav.mediationAssign',
    permission: 'mediation.manage',
  },
  {
    key: 'mediation-limits',
    path: '/mediation/time-limits',
    icon: <FieldTimeOutlined />,
    labelKey: 'nav.mediationLimits',
    permission: 'mediation.read',
  },
];
