import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import type { AntiFraudMonth } from '@zhili/contracts';

// The shared EChart registers bars only; the mediation charts add lines and legends here, so they
// come down with the mediation chunk.
echarts.use([BarChart, LineChart, LegendComponent]);

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** Monthly alerts and cases as bars, their year-on-year change as lines on a percent axis. */
export function antiFraudOption(
  months: AntiFraudMonth[],
  labels: { alerts: string; cases: string; alertsYoY: string; casesYoY: string },
): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: labels.alerts, type: 'bar', data: months.map((m) => m.alerts), itemStyle: { color: '#fa8c16' } },
      { name: labels.cases, type: 'bar', data: months.map((m) => m.cases), itemStyle: { color: '#cf1322' } },
      {
        name: labels.alertsYoY,
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        data: months.map((m) => pct(m.alertsYoY)),
        itemStyle: { color: '#ad6800' },
      },
      {
        name: labels.casesYoY,
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        data: months.map((m) => pct(m.casesYoY)),
        itemStyle: { color: '#820014' },
      },
    ],
  };
}

/** Formats a year-on-year change: '+12.5%', '−3.0%', or a dash without last year's month. */
export function fmtYoY(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const p = v * 100;
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${Math.abs(p).toFixed(1)}%`;
}
