import { useCallback } from 'react';
import { Tag } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Hometown, Mediator } from '@zhili/contracts';
import { useLanguage } from '../../lib/i18n.ts';
import { usePlaceName } from '../../lib/placeName.ts';
import { useMedNames } from './names.ts';

/**
 * A hometown as shown: in English its place name romanised ('Linquan County, Fuyang City, Anhui
 * Province') when the server named it, else the province and code as `useMedNames().hometown` gives.
 */
export function useHometownName(): (h: Hometown | null | undefined) => string {
  const names = useMedNames();
  const place = usePlaceName();
  const lang = useLanguage();
  return useCallback(
    (h: Hometown | null | undefined) => (lang === 'en' && h?.name ? place(h.name) : names.hometown(h)),
    [lang, names, place],
  );
}

/** The columns every mediator table shows alike: hometown as a tag, dialects as a list. */
export function useMediatorColumns(): { hometown: ColumnType<Mediator>; dialects: ColumnType<Mediator> } {
  const { t } = useTranslation();
  const hometownName = useHometownName();
  return {
    hometown: {
      title: t('med.hometown.label'),
      key: 'hometown',
      render: (_: unknown, m) => <Tag color="volcano">{hometownName(m.hometown)}</Tag>,
    },
    dialects: {
      title: t('med.mediator.dialects'),
      dataIndex: 'dialects',
      render: (ds: string[]) => ds.join('、') || '—',
    },
  };
}
