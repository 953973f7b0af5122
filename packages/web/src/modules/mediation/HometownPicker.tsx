import { useEffect, useMemo, useState } from 'react';
import { Cascader } from 'antd';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Division } from '@zhili/contracts';
import { api } from '../../lib/api.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { PROVINCES } from './provinces.ts';
import { usePlaceName } from '../../lib/placeName.ts';

/** One cascader option: a division, its loaded children, or a leaf. */
interface DivisionOption {
  value: string;
  label: string;
  isLeaf?: boolean;
  children?: DivisionOption[];
}

/** Divisions never change while the app runs: each parent is fetched once per session. */
function fetchDivisions(qc: QueryClient, parent: string): Promise<DivisionOption[]> {
  return qc
    .fetchQuery({
      queryKey: ['divisions', parent],
      queryFn: ({ signal }) => api.get<Division[]>('/api/mediation/divisions', { parent }, signal),
      staleTime: Infinity,
      gcTime: Infinity,
    })
    .then((list) => list.map((d) => ({ value: d.code, label: d.name, isLeaf: !d.hasChildren })));
}

/** The tree with `kids` set under the option at `path` (immutably). */
function withChildren(options: DivisionOption[], path: string[], kids: DivisionOption[]): DivisionOption[] {
  const [head, ...rest] = path;
  return options.map((o) => {
    if (o.value !== head) return o;
    if (rest.length === 0) return { ...o, children: kids, isLeaf: kids.length === 0 };
    return { ...o, children: withChildren(o.children ?? [], rest, kids) };
  });
}

/** '340000' and '341200' name 安徽 and 阜阳: trailing zero groups are "level not given". */
const trimCode = (code: string) => code.replace(/^(\d{2}(?:\d{2})?)(?:00)+$/, (_m, kept: string) => kept);

/**
 * The cascader path of a code. Counties of municipalities and directly administered counties
 * (110101 东城区, 419001 济源市) sit right under their province, as the server lists them; until
 * the province's list is loaded a county is placed under its city code.
 */
function pathOf(code: string, options: DivisionOption[]): string[] {
  const c = trimCode(code);
  const p = c.slice(0, 2);
  if (c.length <= 2) return [p];
  if (c.length === 4) return [p, c];
  const lifted = options.find((o) => o.value === p)?.children?.some((o) => o.value === c);
  return lifted ? [p, c] : [p, c.slice(0, 4), c];
}

const childrenAt = (options: DivisionOption[], path: string[]): DivisionOption[] | undefined => {
  let level: DivisionOption[] | undefined = options;
  let found: DivisionOption | undefined;
  for (const v of path) {
    found = level?.find((o) => o.value === v);
    level = found?.children;
  }
  return found?.children;
};

/**
 * A hometown code picked by name as province › city › county (GB/T 2260), any level allowed:
 * 安徽省 › 阜阳市 › 临泉县 gives '341221', 安徽省 alone '34'. Names are loaded level by level from
 * `/api/mediation/divisions`; in English the province shows its English name and cities and
 * counties their romanised names (`usePlaceName`).
 */
export function HometownPicker({
  value,
  onChange,
  testId = 'med-hometown',
}: {
  value?: string | null;
  onChange?: (code: string | null) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const place = usePlaceName();
  const qc = useQueryClient();
  const [options, setOptions] = useState<DivisionOption[]>(() =>
    PROVINCES.map((p) => ({ value: p.code, label: p.zh, isLeaf: false })),
  );
  const path = value ? pathOf(value, options) : [];

  // Editing a stored code: load the levels along its path so the cascader shows names, not codes.
  const pathKey = path.join('/');
  useEffect(() => {
    const parents = pathKey.split('/').filter(Boolean).slice(0, -1);
    for (let i = 0; i < parents.length; i++) {
      const at = parents.slice(0, i + 1);
      if (childrenAt(options, at) !== undefined) continue;
      fetchDivisions(qc, at.at(-1)!)
        .then((kids) => setOptions((prev) => withChildren(prev, at, kids)))
        .catch(() => undefined); // the code stays shown as digits; picking still works
      return; // one level at a time: the next depends on this one (lifted counties)
    }
  }, [pathKey, options, qc]);

  const shown = useMemo(() => {
    if (lang !== 'en') return options;
    const en = new Map(PROVINCES.map((p) => [p.code, p.en]));
    const inEnglish = (list: DivisionOption[]): DivisionOption[] =>
      list.map((o) => ({
        ...o,
        label: en.get(o.value) ?? place(o.label),
        ...(o.children ? { children: inEnglish(o.children) } : {}),
      }));
    return inEnglish(options);
  }, [options, lang, place]);

  const loadData = (selected: DivisionOption[]) => {
    const at = selected.map((o) => o.value);
    fetchDivisions(qc, at.at(-1)!)
      .then((kids) => setOptions((prev) => withChildren(prev, at, kids)))
      // Without the list (offline, no permission) the level is kept as a leaf: it can still be picked.
      .catch(() => setOptions((prev) => withChildren(prev, at, [])));
  };

  return (
    <Cascader<DivisionOption>
      options={shown}
      value={path}
      loadData={loadData}
      changeOnSelect
      allowClear
      showSearch={{
        filter: (input, opts) => opts.some((o) => o.label.toLowerCase().includes(input.trim().toLowerCase())),
      }}
      displayRender={(labels) => labels.join(lang === 'en' ? ' / ' : '')}
      onChange={(picked) => {
        const codes = picked ?? [];
        onChange?.(codes.length ? codes.at(-1)! : null);
      }}
      placeholder={t('med.hometown.placeholder')}
      style={{ width: '100%' }}
      classNames={{ popup: { root: `${testId}-popup` } }}
      data-testid={testId}
    />
  );
}
