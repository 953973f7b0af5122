import { useEffect, useState } from 'react';
import { Select, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Region } from '@zhili/contracts';
import { useNames } from '../../lib/names.ts';
import { usePlaceName } from '../../lib/placeName.ts';
import { useRegionList } from './regionsApi.ts';

/** Debounces a fast-changing value (typing) so the server sees one search per pause. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

export interface RegionSelectProps {
  value?: string | null;
  onChange?: (code: string | null, region: Region | null) => void;
  /** Label of the current value when it is not among the search results (editing). */
  initialLabel?: string | null;
  placeholder?: string;
  allowClear?: boolean;
  testId?: string;
  style?: React.CSSProperties;
}

/**
 * Picks a region by typing part of its name or code (`GET /api/regions?q=`). The server only
 * returns regions inside the caller's scope, so nothing out of reach can be chosen.
 */
export function RegionSelect({
  value,
  onChange,
  initialLabel,
  placeholder,
  allowClear = true,
  testId = 'region-select',
  style,
}: RegionSelectProps) {
  const { t } = useTranslation();
  const { levelName } = useNames();
  const place = usePlaceName();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const list = useRegionList({ q, pageSize: 20 }, q.length > 0);
  const [picked, setPicked] = useState<Region | null>(null);

  const regions = list.data?.items ?? [];
  const options = regions.map((r) => ({
    value: r.code,
    label: (
      <span data-testid={`region-option-${r.code}`}>
        {place(r.name)} <Tag style={{ marginInlineStart: 4 }}>{levelName(r.level)}</Tag>
        <span style={{ color: '#999', fontSize: 12 }}>{r.code}</span>
      </span>
    ),
    display: place(r.name),
    region: r,
  }));
  // Keep the chosen value labelled after the search results move on.
  if (value && !options.some((o) => o.value === value)) {
    const label = picked?.code === value ? place(picked.name) : initialLabel ? place(initialLabel) : value;
    options.unshift({
      value,
      label: <span>{label}</span>,
      display: label,
      region: picked ?? ({ code: value } as Region),
    });
  }

  return (
    <Select
      showSearch
      value={value ?? undefined}
      placeholder={placeholder ?? t('region.searchPlaceholder')}
      filterOption={false}
      onSearch={setSearch}
      allowClear={allowClear}
      data-testid={testId}
      style={{ minWidth: 180, ...style }}
      notFoundContent={list.isFetching ? <Spin size="small" /> : q ? t('common.noMatch') : t('region.typeToSearch')}
      options={options}
      optionLabelProp="display"
      onChange={(code: string | undefined, option) => {
        const r = Array.isArray(option) ? null : ((option as { region?: Region } | undefined)?.region ?? null);
        setPicked(r);
        onChange?.(code ?? null, r);
      }}
    />
  );
}
