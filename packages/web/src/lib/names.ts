import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_NAMES_ZH } from '@zhili/contracts';
import { useLanguage } from './i18n.ts';

/**
 * Display names of the domain enums in the current language (zh from contracts, en from locales).
 * They take plain strings: a value the web app does not know yet is shown as it is.
 */
export function useNames() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const roleName = useCallback(
    (role: string) => {
      const zh = (ROLE_NAMES_ZH as Record<string, string | undefined>)[role];
      if (lang === 'zh-CN') return zh ?? role;
      return t(`role.${role}`, { defaultValue: zh ?? role });
    },
    [lang, t],
  );
  const levelName = useCallback((level: string) => t(`level.${level}`, { defaultValue: level }), [t]);
  const orgTypeName = useCallback((type: string) => t(`orgType.${type}`, { defaultValue: type }), [t]);
  return { roleName, levelName, orgTypeName };
}
