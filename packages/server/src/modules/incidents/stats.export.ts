import ExcelJS from 'exceljs';
import { INCIDENT_STATUS_NAMES_ZH, type ClockKind, type IncidentStats, type IncidentStatus } from '@zhili/contracts';
import type { ListRow } from './stats.repo.ts';

/** What the workbook shows besides the figures: the period and filters, for the cover sheet. */
export interface StatsWorkbookInput {
  stats: IncidentStats;
  list: ListRow[];
  truncated: boolean;
  from: Date;
  to: Date;
  regionCode: string | null;
  categoryCode: string | null;
  generatedBy: string;
}

const CLOCK_NAMES_ZH: Record<ClockKind, string> = {
  respond: '响应',
  dispatch: '派单',
  on_site: '到场',
  resolve: '办结',
  report_in: '部门报到',
};
const LEVEL_NAMES_ZH: Record<string, string> = {
  grid: '网格',
  community: '社区',
  township: '乡镇(街道)',
  department: '部门',
  county: '县级中心',
};
const PRIORITY_NAMES_ZH: Record<string, string> = { urgent: '紧急', high: '高', normal: '一般', low: '低' };
const CHANNEL_NAMES_ZH: Record<string, string> = {
  resident: '群众上报',
  grid: '网格员上报',
  hotline: '热线',
  open311: 'Open311',
  api: '接口',
  sensor: '感知设备',
  mediation: '矛盾调解',
};

/** Excel shows local wall time; the centre works in China Standard Time (UTC+8, no DST). */
function cst(d: Date | null): string {
  return d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ') : '';
}

function percent(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

function minutes(seconds: number | null): number | string {
  return seconds === null ? '—' : Math.round((seconds / 60) * 10) / 10;
}

function sheet(book: ExcelJS.Workbook, name: string, columns: Partial<ExcelJS.Column>[]): ExcelJS.Worksheet {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  return ws;
}

/**
 * The statistics workbook: 概览 (period, totals, local share, averages, satisfaction), 按状态,
 * 按类别, 按区域, 趋势, 时限达标 and 事件清单 (the period's incidents, no reporter data).
 */
export async function buildStatsWorkbook(input: StatsWorkbookInput): Promise<Buffer> {
  const { stats } = input;
  const book = new ExcelJS.Workbook();
  book.creator = 'zhili';
  book.created = new Date();

  const summary = sheet(book, '概览', [
    { header: '项目', key: 'k', width: 28 },
    { header: '数值', key: 'v', width: 36 },
  ]);
  summary.addRows([
    { k: '统计期间（北京时间）', v: `${cst(input.from)} 至 ${cst(input.to)}` },
    { k: '区域', v: input.regionCode ?? '全部（本人管辖范围）' },
    { k: '类别', v: input.categoryCode ?? '全部' },
    { k: '事件总数', v: stats.total },
    { k: '未办结', v: stats.open },
    { k: '超时', v: stats.overdue },
    { k: '网格及社区办结占比', v: percent(stats.localShare) },
    { k: '平均响应用时（分钟，自受理）', v: minutes(stats.averageSeconds.respond) },
    { k: '平均派单用时（分钟，自受理）', v: minutes(stats.averageSeconds.dispatch) },
    { k: '平均到场用时（分钟，自派单）', v: minutes(stats.averageSeconds.onSite) },
    { k: '平均办结用时（分钟，自受理）', v: minutes(stats.averageSeconds.resolve) },
    { k: '平均满意度（1-5）', v: stats.satisfaction.average === null ? '—' : stats.satisfaction.average.toFixed(2) },
    { k: '评价数', v: stats.satisfaction.count },
    { k: '导出人', v: input.generatedBy },
    { k: '导出时间（北京时间）', v: cst(new Date()) },
  ]);
  if (input.truncated) summary.addRow({ k: '说明', v: `事件清单仅含前 ${input.list.length} 条` });

  const counts = (name: string, keyHeader: string, rows: IncidentStats['byStatus']) => {
    const ws = sheet(book, name, [
      { header: keyHeader, key: 'name', width: 24 },
      { header: '代码', key: 'key', width: 28 },
      { header: '事件数', key: 'count', width: 10 },
      { header: '占比', key: 'share', width: 10 },
    ]);
    for (const r of rows) ws.addRow({ ...r, share: percent(stats.total === 0 ? null : r.count / stats.total) });
  };
  counts('按状态', '状态', stats.byStatus);
  counts('按类别', '类别', stats.byCategory);
  counts('按区域', '区域', stats.byRegion);

  const trend = sheet(book, '趋势', [
    { header: '时段', key: 'bucket', width: 14 },
    { header: '受理数', key: 'received', width: 10 },
    { header: '办结数', key: 'resolved', width: 10 },
  ]);
  trend.addRows(stats.trend);

  const compliance = sheet(book, '时限达标', [
    { header: '时限', key: 'name', width: 12 },
    { header: '按时', key: 'met', width: 10 },
    { header: '超时', key: 'breached', width: 10 },
    { header: '达标率', key: 'rate', width: 10 },
  ]);
  for (const c of stats.compliance) {
    compliance.addRow({ name: CLOCK_NAMES_ZH[c.kind], met: c.met, breached: c.breached, rate: percent(c.rate) });
  }

  const list = sheet(book, '事件清单', [
    { header: '编号', key: 'number', width: 18 },
    { header: '类别', key: 'category', width: 16 },
    { header: '状态', key: 'status', width: 10 },
    { header: '优先级', key: 'priority', width: 8 },
    { header: '渠道', key: 'channel', width: 12 },
    { header: '地址', key: 'address', width: 30 },
    { header: '所属区域', key: 'region', width: 16 },
    { header: '处置层级', key: 'level', width: 12 },
    { header: '承办单位', key: 'organization', width: 20 },
    { header: '受理时间', key: 'received', width: 20 },
    { header: '派单时间', key: 'dispatched', width: 20 },
    { header: '到场时间', key: 'onSite', width: 20 },
    { header: '办结时间', key: 'resolved', width: 20 },
    { header: '办结层级', key: 'resolvedLevel', width: 12 },
    { header: '是否超时', key: 'overdue', width: 10 },
    { header: '满意度', key: 'satisfaction', width: 8 },
  ]);
  for (const r of input.list) {
    list.addRow({
      number: r.number,
      category: r.categoryName ?? '',
      status: INCIDENT_STATUS_NAMES_ZH[r.status as IncidentStatus] ?? r.status,
      priority: PRIORITY_NAMES_ZH[r.priority] ?? r.priority,
      channel: CHANNEL_NAMES_ZH[r.channel] ?? r.channel,
      address: r.address ?? '',
      region: r.regionName ?? '',
      level: LEVEL_NAMES_ZH[r.handlingLevel] ?? r.handlingLevel,
      organization: r.organizationName ?? '',
      received: cst(r.receivedAt),
      dispatched: cst(r.dispatchedAt),
      onSite: cst(r.onSiteAt),
      resolved: cst(r.resolvedAt),
      resolvedLevel: r.resolvedLevel ? (LEVEL_NAMES_ZH[r.resolvedLevel] ?? r.resolvedLevel) : '',
      overdue: r.overdue ? '是' : '否',
      satisfaction: r.satisfaction ?? '',
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
