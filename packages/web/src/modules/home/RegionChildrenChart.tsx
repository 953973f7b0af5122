import { useMemo } from 'react';
import { Card, Empty, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Region } from '@zhili/contracts';
import { EChart } from '../../lib/EChart.tsx';
import { useNames } from '../../lib/names.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { MAX_PAGE, REGIONS_KEY, listRegions, loadTopRegions } from '../regions/regionsApi.ts';
import { usePlaceName } from '../../lib/placeName.ts';
import { useMe } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { canChartRegions } from './regionChart.ts';

/**
 * The regions directly under the chosen scope, each bar the number of its own children
 * (e.g. a county's townships, each with its communities). Real counts from `?parent=`.
 */
export function RegionChildrenChart({ scopeCode, scopeName }: { scopeCode: string | null; scopeName: string }) {
  const { t } = useTranslation();
  const { levelName } = useNames();
  const place = usePlaceName();
  const me = useMe();
  const { scope } = useScope();
  // Department staff (organization-limited) may not list regions: no chart, rather than an error.
  const visible = canChartRegions(me, scope?.regionPath ?? null);
  const children = useQuery({
    enabled: visible,
    queryKey: [...REGIONS_KEY, 'chart', scopeCode],
    queryFn: async (): Promise<{ parentName: string | null; items: Region[] }> => {
      if (scopeCode)
        return { parentName: null, items: (await listRegions({ parent: scopeCode, pageSize: MAX_PAGE })).items };
      // An unlimited scope with a single root (the province) charts that root's children.
      const roots = await loadTopRegions();
      const only = roots.length === 1 ? roots[0] : undefined;
      if (!only) return { parentName: null, items: roots };
      return { parentName: only.name, items: (await listRegions({ parent: only.code, pageSize: MAX_PAGE })).items };
    },
  });
  const items = children.data?.items;

  const option = useMemo(() => {
    const bars = items ?? [];
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: bars.length > 8 ? 90 : 40 },
      xAxis: {
        type: 'category',
        data: bars.map((r) => place(r.name)),
        axisLabel: { rotate: bars.length > 8 ? 45 : 0, interval: 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('home.childCount'),
          data: bars.map((r) => r.childCount ?? 0),
          itemStyle: { color: '#1677ff', borderRadius: [4, 4, 0, 0] },
        },
      ],
    };
  }, [items, t, place]);

  const first = items?.[0];
  if (!visible) return null;
  return (
    <Card
      title={t('home.chartTitle', { name: children.data?.parentName ? place(children.data.parentName) : scopeName })}
      extra={first ? t('home.chartLevels', { level: levelName(first.level) }) : null}
      data-testid="home-chart"
    >
      {children.isPending ? <Skeleton active /> : null}
      {children.isError ? <ErrorAlert error={children.error} onRetry={() => void children.refetch()} /> : null}
      {items && items.length === 0 ? <Empty description={t('home.noChildren')} /> : null}
      {items && items.length > 0 ? (
        <EChart option={option} height={items.length > 8 ? 360 : 280} testId="home-chart-canvas" />
      ) : null}
    </Card>
  );
}
