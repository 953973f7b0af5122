import {
  AlertOutlined,
  BarChartOutlined,
  FileSearchOutlined,
  FormOutlined,
  PhoneOutlined,
  ScheduleOutlined,
  SettingOutlined,
} from '@ant-design/icons';
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
        incidentBoard: '调度台',
        incidentTasks: '我的任务',
        incidentReport: '事件上报',
        incidentHotline: '热线受理',
        incidentMine: '我的上报',
        incidentStats: '事件统计',
        incidentConfig: '事件配置',
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
        incidentBoard: 'Dispatch board',
        incidentTasks: 'My tasks',
        incidentReport: 'Report',
        incidentHotline: 'Hotline intake',
        incidentMine: 'My reports',
        incidentStats: 'Incident statistics',
        incidentConfig: 'Incident settings',
      },
    },
    true,
    false,
  );
}
if (i18n.isInitialized || (i18n as { store?: unknown }).store) addLabels();
else i18n.on('initialized', addLabels);

/**
 * The incident entries of the side menu. Staff who read incidents work from the board and
 * "my tasks"; "my reports" is for residents, who only report (hence `hiddenWith`).
 */
export const INCIDENT_NAV_ITEMS: NavItem[] = [
  {
    key: 'incidents',
    path: '/incidents',
    icon: <AlertOutlined />,
    labelKey: 'nav.incidentBoard',
    permission: 'incident.read',
  },
  {
    key: 'incident-tasks',
    path: '/incidents/tasks',
    icon: <ScheduleOutlined />,
    labelKey: 'nav.incidentTasks',
    permission: 'incident.handle',
  },
  {
    key: 'incident-report',
    path: '/incidents/report',
    icon: <FormOutlined />,
    labelKey: 'nav.incidentReport',
    permission: 'incident.report',
  },
  {
    key: 'incident-hotline',
    path: '/incidents/hotline',
    icon: <PhoneOutlined />,
    labelKey: 'nav.incidentHotline',
    permission: 'incident.dispatch',
  },
  {
    key: 'incident-mine',
    path: '/incidents/mine',
    icon: <FileSearchOutlined />,
    labelKey: 'nav.incidentMine',
    permission: 'incident.report',
    hiddenWith: 'incident.read',
  },
  {
    key: 'incident-stats',
    path: '/incidents/stats',
    icon: <BarChartOutlined />,
    labelKey: 'nav.incidentStats',
    permission: 'incident.read',
  },
  {
    key: 'incident-config',
    path: '/incidents/config',
    icon: <SettingOutlined />,
    labelKey: 'nav.incidentConfig',
    permission: 'incident.configure',
  },
];
