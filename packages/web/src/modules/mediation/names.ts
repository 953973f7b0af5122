import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AFFILIATION_NAMES_ZH,
  CASE_ACTION_NAMES_ZH,
  CASE_STATUS_NAMES_ZH,
  CERTIFICATION_STATUS_NAMES_ZH,
  CORPS_KIND_NAMES_ZH,
  MEDIATION_TYPE_NAMES_ZH,
  OUTREACH_MEDIUM_NAMES_ZH,
  PARTY_ROLE_NAMES_ZH,
  REFERRAL_TARGET_NAMES_ZH,
  type Hometown,
} from '@zhili/contracts';
import { useLanguage } from '../../lib/i18n.ts';
import { provinceOf } from './provinces.ts';

/** The enum groups whose Chinese names come from contracts and English ones from ./i18n.ts. */
const ZH = {
  type: MEDIATION_TYPE_NAMES_ZH,
  status: CASE_STATUS_NAMES_ZH,
  action: CASE_ACTION_NAMES_ZH,
  affiliation: AFFILIATION_NAMES_ZH,
  cert: CERTIFICATION_STATUS_NAMES_ZH,
  corpsKind: CORPS_KIND_NAMES_ZH,
  medium: OUTREACH_MEDIUM_NAMES_ZH,
  role: PARTY_ROLE_NAMES_ZH,
  referral: REFERRAL_TARGET_NAMES_ZH,
} as const;
export type NameGroup = keyof typeof ZH | 'urgency' | 'leaderStatus' | 'memberRole' | 'side';

/**
 * Display names of the mediation vocabularies in the current language. A value the web app does not
 * know yet is shown as it is.
 */
export function useMedNames() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const name = useCallback(
    (group: NameGroup, value: string) => {
      const zh = group in ZH ? (ZH[group as keyof typeof ZH] as Record<string, string | undefined>)[value] : undefined;
      if (lang === 'zh-CN' && zh) return zh;
      return t(`med.enum.${group}.${value}`, { defaultValue: zh ?? value });
    },
    [lang, t],
  );
  /** '安徽省阜阳市临泉县' (or the English province plus the code when no finer name is known). */
  const hometown = useCallback(
    (h: Hometown | null | undefined) => {
      if (!h) return '—';
      const p = provinceOf(h.provinceCode);
      if (lang === 'en') return p ? (h.code.length > 2 ? `${p.en} (${h.code})` : p.en) : h.code;
      return h.name ?? h.provinceName ?? p?.zh ?? h.code;
    },
    [lang],
  );
  const province = useCallback(
    (code: string | null | undefined, zhName?: string | null) => {
      const p = provinceOf(code);
      if (!p) return zhName ?? code ?? '—';
      return lang === 'en' ? p.en : p.zh;
    },
    [lang],
  );
  /** Select options of one vocabulary. */
  const options = useCallback(
    (group: NameGroup, values: readonly string[]) => values.map((v) => ({ value: v, label: name(group, v) })),
    [name],
  );
  return useMemo(() => ({ name, hometown, province, options }), [name, hometown, province, options]);
}
