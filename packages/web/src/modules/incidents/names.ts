import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import {
  INCIDENT_ACTION_NAMES_ZH,
  INCIDENT_STATUS_NAMES_ZH,
  type IncidentStatus,
  type Priority,
} from '@zhili/contracts';
import { pick, useLanguage } from '../../lib/i18n.ts';
import './i18n.ts';

/** antd Tag colour per status: open work blue/orange, finished green, parked grey. */
export const STATUS_TAG: Record<IncidentStatus, string> = {
  received: 'blue',
  responded: 'geekblue',
  dispatched: 'cyan',
  accepted: 'purple',
  on_site: 'orange',
  resolved: 'green',
  followed_up: 'green',
  closed: 'default',
  on_hold: 'default',
  merged: 'default',
};

export const PRIORITY_TAG: Record<Priority, string> = {
  urgent: 'red',
  high: 'volcano',
  normal: 'blue',
  low: 'default',
};

/** Names of statuses, actions, priorities … in the current language (zh from contracts). */
export function useIncidentNames() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const statusName = useCallback(
    (s: string) =>
      lang === 'zh-CN'
        ? ((INCIDENT_STATUS_NAMES_ZH as Record<string, string | undefined>)[s] ?? s)
        : t(`incStatus.${s}`, { defaultValue: s }),
    [lang, t],
  );
  const actionName = useCallback(
    (a: string) =>
      lang === 'zh-CN'
        ? ((INCIDENT_ACTION_NAMES_ZH as Record<string, string | undefined>)[a] ?? a)
        : t(`incAction.${a}`, { defaultValue: a }),
    [lang, t],
  );
  const priorityName = useCallback((p: string) => t(`incPriority.${p}`, { defaultValue: p }), [t]);
  const channelName = useCallback((c: string) => t(`incChannel.${c}`, { defaultValue: c }), [t]);
  const levelName = useCallback((l: string) => t(`incLevel.${l}`, { defaultValue: l }), [t]);
  const clockName = useCallback((k: string) => t(`incClock.${k}`, { defaultValue: k }), [t]);
  /** An incident's category in the current language (the Chinese name when no English one came). */
  const categoryName = useCallback(
    (i: { categoryName: string; categoryNameEn?: string | null }) => pick(lang, i.categoryName, i.categoryNameEn),
    [lang],
  );
  return { statusName, actionName, priorityName, channelName, levelName, clockName, categoryName };
}
