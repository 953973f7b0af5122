import { Tag } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Mediator } from '@zhili/contracts';
import { useMedNames } from './names.ts';

/** The columns every mediator table shows alike: hometown as a tag, dialects as a list. */
export function useMediatorColumns(): { hometown: ColumnType<Mediator>; dialects: ColumnType<Mediator> } {
  const { t } = useTranslation();
  const names = useMedNames();
  return {
    hometown: {
      title: t('med.hometown.label'),
      key: 'hometown',
      render: (_: unknown, m) => <Tag color="volcano">{names.hometown(m.hometown)}</Tag>,
    },
    dialects: {
      title: t('med.mediator.dialects'),
      dataIndex: 'dialects',
      render: (ds: string[]) => ds.join('、') || '—',
    },
  };
}
