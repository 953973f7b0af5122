import * as echarts from 'echarts/core';
import { BarChart, BoxplotChart, RadarChart, ScatterChart } from 'echarts/charts';
import { LegendComponent, RadarComponent } from 'echarts/components';

// The shared EChart registers bars only; the evaluation screens add the radar, box plot and
// scatter here, so these series come down with the evaluation chunk and not on the home page.
echarts.use([BarChart, BoxplotChart, RadarChart, ScatterChart, LegendComponent, RadarComponent]);

/** Formats a score for tables and tooltips: 2 decimals, or a dash when there is none. */
export function fmt(v: number | null | undefined, digits = 2): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—';
}
