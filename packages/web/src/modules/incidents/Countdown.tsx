import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Clock } from '@zhili/contracts';
import { CLOCK_TAG, clockView, formatRemaining } from './clock.ts';
import { useIncidentNames } from './names.ts';
import { useNow as useNowEvery } from '../../lib/useNow.ts';

/** The current time, ticking every second (shared ticker). */
export const useNow = () => useNowEvery(1000);

/** A ticking countdown to a clock's deadline, coloured green / amber / red / grey. */
export function Countdown({
  clock,
  showKind = true,
  testId,
}: {
  clock: Clock | null;
  showKind?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { clockName } = useIncidentNames();
  const now = useNow();
  if (!clock) return <span data-testid={testId}>—</span>;
  const v = clockView(clock, now);
  const time =
    v.remainingMs === null
      ? t(v.colour === 'paused' ? 'inc.clockPaused' : 'inc.clockMet')
      : formatRemaining(v.remainingMs, t('inc.day'), t('inc.hour'));
  const label = `${showKind ? `${clockName(clock.kind)} ` : ''}${time}`;
  return (
    <Tooltip
      title={clock.dueAt ? `${t('inc.deadline')} ${dayjs(clock.dueAt).format('YYYY-MM-DD HH:mm:ss')}` : undefined}
    >
      <Tag
        color={CLOCK_TAG[v.colour]}
        data-testid={testId}
        data-colour={v.colour}
        style={{ fontVariantNumeric: 'tabular-nums', marginInlineEnd: 0 }}
      >
        {label}
      </Tag>
    </Tooltip>
  );
}
