import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ALL_SCOPE_KEY, useScope, type ScopeOption } from './scope.tsx';
import { usePlaceName } from '../../lib/placeName.ts';

/**
 * The region-scope picker of the header: one entry per region the caller's roles cover. Lists
 * across the app filter by the chosen region (`region=`).
 */
export function ScopePicker({ width }: { width: number }) {
  const { t } = useTranslation();
  const { scope, options, setScopeKey } = useScope();
  const place = usePlaceName();
  if (options.length === 0) return null;

  const labelOf = (o: ScopeOption) =>
    o.key === ALL_SCOPE_KEY
      ? (o.organizationName ?? t('scope.all'))
      : o.regionName
        ? place(o.regionName)
        : (o.regionCode ?? o.key);

  return (
    <Select
      value={scope?.key}
      onChange={setScopeKey}
      style={{ width }}
      popupMatchSelectWidth={false}
      data-testid="scope-picker"
      aria-label={t('scope.label')}
      options={options.map((o) => ({ value: o.key, label: labelOf(o) }))}
      title={t('scope.label')}
    />
  );
}
