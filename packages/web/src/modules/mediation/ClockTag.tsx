import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { CaseClock } from '@zhili/contracts';
import { CLOCK_TAG, clockView } from './clock.ts';
import { useNow } from '../../lib/useNow.ts';

// Statutory limits run in days: a minute tick is fine-grained enough.
const useMinuteNow = () => useNow(60_000);

/** The statutory clock of a case: "剩 12 天 3 小时" in green/amber, "超期 2 天" in red, grey once met. */
export function ClockTag({ clock, testId }: { clock: CaseClock; testId?: string }) {
  const { t } = useTranslation();
  const now = useMinuteNow();
  const v = clockView(clock, now);
  const text =
    v.days === null
      ? t('med.clock.met')
      : t(v.overdue ? 'med.clock.overdue' : 'med.clock.left', { days: v.days, hours: v.hours });
  return (
    <Tooltip
      title={t('med.clock.tooltip', {
        limit: clock.limitDays,
        due: dayjs(clock.dueAt).format('YYYY-MM-DD HH:mm'),
      })}
    >
      <Tag
        color={CLOCK_TAG[v.colour]}
        data-testid={testId}
        data-colour={v.colour}
        style={{ fontVariantNumeric: 'tabular-nums', marginInlineEnd: 0 }}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}
