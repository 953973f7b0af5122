import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_NAMES_ZH, type OrganizationType, type RegionLevel, type Role } from '@zhili/contracts';
import { useLanguage } from './i18n.ts';

/** Display names of the domain enums in the current language (zh from contracts, en from locales). */
export function useNames() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const roleName = useCallback(
    (role: Role | string) => {
      const zh = (ROLE_NAMES_ZH as Record<string, string | undefined>)[role];
      if (lang === 'zh-CN') return zh ?? role;
      return t(`role.${role}`, { defaultValue: zh ?? role });
    },
    [lang, t],
  );
  const levelName = useCallback(
    (level: RegionLevel | string) => t(`level.${level}`, { defaultValue: level }),
    [t],
  );
  const orgTypeName = useCallback(
    (type: OrganizationType | string) => t(`orgType.${type}`, { defaultValue: type }),
    [t],
  );
  return { roleName, levelName, orgTypeName };
}
