import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Empty, Flex, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import type { ClockColour, IncidentSummary } from '@zhili/contracts';
import { CLOCK_COLOURS, clockView } from './clock.ts';
import { useNow } from './Countdown.tsx';
import { useOutlines, type OutlineCollection } from './incidentsApi.ts';
import { useIncidentNames } from './names.ts';
import { usePlaceName } from '../../lib/placeName.ts';

echarts.use([ScatterChart, GeoComponent, GridComponent, TooltipComponent, CanvasRenderer]);

interface Point {
  name: string;
  value: [number, number];
  id: string;
  colour: ClockColour;
  label: string;
}

let mapSeq = 0;

/** Registers the outlines as an ECharts map once per content and language; returns its name, or null. */
function useRegisteredMap(
  fc: OutlineCollection | undefined,
  key: string,
  place: ReturnType<typeof usePlaceName>,
): string | null {
  return useMemo(() => {
    if (!fc || !Array.isArray(fc.features) || fc.features.length === 0) return null;
    // A new name per registration: the labels change with the language under the same outlines.
    mapSeq += 1;
    const name = `zhili-outlines-${key || 'all'}-${mapSeq}`;
    // ECharts labels regions by properties.name; fall back to the code.
    const named = {
      ...fc,
      features: fc.features.map((f) => ({
        ...f,
        properties: { ...f.properties, name: f.properties.name ? place(f.properties.name) : f.properties.code },
      })),
    };
    echarts.registerMap(name, named as unknown as Parameters<typeof echarts.registerMap>[1]);
    return name;
  }, [fc, key, place]);
}

/**
 * Incidents by latitude/longitude, coloured like their countdowns; drawn over the region
 * outlines when some are loaded (GET /api/region-outlines), else on plain lng/lat axes.
 */
export function IncidentMap({ incidents, within }: { incidents: IncidentSummary[]; within: string | null }) {
  const { t } = useTranslation();
  const place = usePlaceName();
  const navigate = useNavigate();
  const names = useIncidentNames();
  const outlines = useOutlines(within);
  const mapName = useRegisteredMap(outlines.data, within ?? '', place);
  const now = useNow();
  // Colours move on every 10 s: often enough for a map, and it spares a redraw per second.
  const slowNow = Math.floor(now / 10_000) * 10_000;

  const points = useMemo<Point[]>(
    () =>
      incidents
        .filter((i) => i.lat !== null && i.lng !== null)
        .map((i) => ({
          name: i.number,
          value: [i.lng as number, i.lat as number],
          id: i.id,
          colour: i.nextClock ? clockView(i.nextClock, slowNow).colour : 'met',
          label: `${i.number} ${names.categoryName(i)} · ${names.statusName(i.status)}`,
        })),
    [incidents, slowNow, names],
  );

  const option = useMemo<EChartsCoreOption>(() => {
    const series = {
      type: 'scatter',
      coordinateSystem: mapName ? 'geo' : 'cartesian2d',
      symbolSize: 12,
      data: points.map((p) => ({ ...p, itemStyle: { color: CLOCK_COLOURS[p.colour] } })),
      emphasis: { scale: 1.6 },
    };
    const tooltip = {
      trigger: 'item',
      formatter: (p: { data?: Point }) => p.data?.label ?? '',
    };
    if (mapName) {
      return {
        tooltip,
        geo: {
          map: mapName,
          roam: true,
          itemStyle: { areaColor: '#f0f5ff', borderColor: '#91caff' },
          emphasis: { itemStyle: { areaColor: '#d6e4ff' }, label: { show: true, color: '#595959' } },
          label: { show: false },
        },
        series: [series],
      };
    }
    return {
      tooltip,
      grid: { left: 56, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'value', scale: true, name: 'lng', axisLabel: { formatter: (v: number) => v.toFixed(3) } },
      yAxis: { type: 'value', scale: true, name: 'lat', axisLabel: { formatter: (v: number) => v.toFixed(3) } },
      series: [series],
    };
  }, [points, mapName]);

  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current);
    chart.current = c;
    c.on('click', (p) => {
      const d = p.data as Point | undefined;
      if (d?.id) void navigate(`/incidents/${d.id}`);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    setReady(true);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [navigate]);
  useEffect(() => {
    if (ready) chart.current?.setOption(option, { notMerge: true });
  }, [option, ready]);

  return (
    <Flex vertical gap={8}>
      {!mapName && !outlines.isPending ? <Alert type="info" showIcon message={t('inc.outlinesMissing')} /> : null}
      <Flex gap={8} wrap>
        {(['ok', 'warning', 'breached', 'paused', 'met'] as const).map((c) => (
          <Tag key={c} color={CLOCK_COLOURS[c]}>
            {t(`inc.clock${c[0]?.toUpperCase() ?? ''}${c.slice(1)}`)}
          </Tag>
        ))}
      </Flex>
      {points.length === 0 ? <Empty description={t('inc.noLocation')} data-testid="inc-map-empty" /> : null}
      <div
        ref={ref}
        style={{ width: '100%', height: 520, display: points.length === 0 && !mapName ? 'none' : 'block' }}
        data-testid="inc-map"
      />
    </Flex>
  );
}
