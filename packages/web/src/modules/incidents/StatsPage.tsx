import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Flex, Progress, Row, Segmented, Select, Statistic, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import type { IncidentStats, IncidentStatsQuery } from '@zhili/contracts';
import { EChart } from '../../lib/EChart.tsx';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, PageHeader } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { formatRemaining } from './clock.ts';
import { statsExportUrl, useCategories, useStats } from './incidentsApi.ts';
import { useIncidentNames } from './names.ts';
import './i18n.ts';
import { usePlaceName } from '../../lib/placeName.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent]);

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function barOption(rows: { name: string; count: number }[]): EChartsCoreOption {
  const top = [...rows]
    .sort((a, b) => b.count - a.count)
    .slice(0, 15)
    .reverse();
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: top.map((r) => r.name) },
    series: [{ type: 'bar', data: top.map((r) => r.count), itemStyle: { color: '#1677ff' } }],
  };
}

/** Counts, trends, clock compliance, local share, average times and satisfaction, with XLSX export. */
export default function StatsPage() {
  const { t } = useTranslation();
  const place = usePlaceName();
  const lang = useLanguage();
  const isPhone = useIsPhone();
  const { scope } = useScope();
  const names = useIncidentNames();
  const categories = useCategories();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    dayjs().subtract(29, 'day').startOf('day'),
    dayjs().endOf('day'),
  ]);
  const [interval, setStep] = useState<'day' | 'week' | 'month'>('day');
  const [regionCode, setRegionCode] = useState<string | null>(null);
  const [categoryCode, setCategoryCode] = useState<string | undefined>();

  const q: Partial<IncidentStatsQuery> = {
    from: range[0].toISOString(),
    to: range[1].toISOString(),
    interval,
    regionCode: regionCode ?? scope?.regionCode ?? undefined,
    categoryCode,
  };
  const stats = useStats(q);
  const s = stats.data;

  const trend = useMemo<EChartsCoreOption | null>(
    () =>
      s
        ? {
            tooltip: { trigger: 'axis' },
            legend: { top: 0, data: [t('inc.received'), t('inc.resolved')] },
            grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
            xAxis: {
              type: 'category',
              data: s.trend.map((b) => dayjs(b.bucket).format(interval === 'month' ? 'YYYY-MM' : 'MM-DD')),
            },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              { name: t('inc.received'), type: 'line', data: s.trend.map((b) => b.received) },
              { name: t('inc.resolved'), type: 'line', data: s.trend.map((b) => b.resolved) },
            ],
          }
        : null,
    [s, t, interval],
  );
  const byCategory = useMemo(
    () => (s ? barOption(s.byCategory.map((c) => ({ name: pick(lang, c.name, c.nameEn), count: c.count }))) : null),
    [s, lang],
  );
  const byRegion = useMemo(
    () => (s ? barOption(s.byRegion.map((r) => ({ ...r, name: place(r.name) }))) : null),
    [s, place],
  );

  return (
    <>
      <PageHeader
        title={t('inc.stats')}
        extra={
          <Button icon={<DownloadOutlined />} href={statsExportUrl(q)} data-testid="inc-stats-export">
            {t('inc.exportXlsx')}
          </Button>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap align="center">
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v && v[0] && v[1] && setRange([v[0].startOf('day'), v[1].endOf('day')])}
            style={{ width: isPhone ? '100%' : 260 }}
            data-testid="inc-stats-range"
          />
          <Segmented
            value={interval}
            onChange={(v) => setStep(v as 'day' | 'week' | 'month')}
            options={[
              { value: 'day', label: t('inc.dayI') },
              { value: 'week', label: t('inc.weekI') },
              { value: 'month', label: t('inc.monthI') },
            ]}
          />
          <RegionSelect
            value={regionCode}
            onChange={setRegionCode}
            placeholder={t('inc.region')}
            style={{ width: 200 }}
            testId="inc-stats-region"
          />
          <Select
            allowClear
            placeholder={t('inc.category')}
            value={categoryCode}
            onChange={setCategoryCode}
            style={{ width: 160 }}
            options={(categories.data ?? []).map((c) => ({ value: c.code, label: pick(lang, c.nameZh, c.nameEn) }))}
          />
        </Flex>
      </Card>
      {stats.isError ? <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {s ? (
        <StatsBody s={s} trend={trend} byCategory={byCategory} byRegion={byRegion} names={names} />
      ) : (
        <Card loading />
      )}
    </>
  );
}

function StatsBody({
  s,
  trend,
  byCategory,
  byRegion,
  names,
}: {
  s: IncidentStats;
  trend: EChartsCoreOption | null;
  byCategory: EChartsCoreOption | null;
  byRegion: EChartsCoreOption | null;
  names: ReturnType<typeof useIncidentNames>;
}) {
  const { t } = useTranslation();
  const dur = (v: number | null) => (v === null ? '—' : formatRemaining(v * 1000, t('inc.day'), t('inc.hour')));
  const kpis = [
    { key: 'total', title: t('inc.total'), value: s.total },
    { key: 'open', title: t('inc.openCount'), value: s.open },
    { key: 'overdue', title: t('inc.overdueCount'), value: s.overdue, color: s.overdue > 0 ? '#cf1322' : undefined },
    { key: 'local', title: t('inc.localShare'), value: pct(s.localShare) },
    {
      key: 'sat',
      title: t('inc.avgSatisfaction'),
      value:
        s.satisfaction.average === null ? '—' : `${s.satisfaction.average.toFixed(2)} / 5 (${s.satisfaction.count})`,
    },
  ];
  return (
    <Flex vertical gap={12} data-testid="inc-stats">
      <Row gutter={[12, 12]}>
        {kpis.map((k) => (
          <Col key={k.key} xs={12} md={8} xl={4} flex="1">
            <Card size="small">
              <Statistic
                title={k.title}
                value={k.value}
                valueStyle={k.color ? { color: k.color } : undefined}
                data-testid={`inc-kpi-${k.key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('inc.trend')}>
            {trend && s.trend.length > 0 ? (
              <EChart option={trend} height={280} testId="inc-stats-trend" />
            ) : (
              <Empty description={t('inc.noData')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('inc.compliance')}>
            <Flex vertical gap={8}>
              {s.compliance.map((c) => (
                <Flex key={c.kind} align="center" gap={8}>
                  <span style={{ width: 48 }}>{names.clockName(c.kind)}</span>
                  <Progress
                    percent={c.rate === null ? 0 : Math.round(c.rate * 1000) / 10}
                    status={c.rate !== null && c.rate < 0.8 ? 'exception' : 'normal'}
                    format={() => pct(c.rate)}
                    style={{ flex: 1, margin: 0 }}
                  />
                  <span style={{ color: '#8c8c8c', fontSize: 12, whiteSpace: 'nowrap' }}>
                    {t('inc.met')} {c.met} / {t('inc.breached')} {c.breached}
                  </span>
                </Flex>
              ))}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('inc.byCategory')}>
            {byCategory && s.byCategory.length > 0 ? (
              <EChart option={byCategory} height={300} />
            ) : (
              <Empty description={t('inc.noData')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('inc.byRegion')}>
            {byRegion && s.byRegion.length > 0 ? (
              <EChart option={byRegion} height={300} />
            ) : (
              <Empty description={t('inc.noData')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('inc.averageTimes')}>
            <Table
              size="small"
              pagination={false}
              rowKey="k"
              dataSource={[
                { k: 'respond', v: s.averageSeconds.respond },
                { k: 'dispatch', v: s.averageSeconds.dispatch },
                { k: 'on_site', v: s.averageSeconds.onSite },
                { k: 'resolve', v: s.averageSeconds.resolve },
              ]}
              columns={[
                { dataIndex: 'k', render: (k: string) => names.clockName(k) },
                { dataIndex: 'v', align: 'right', render: dur },
              ]}
              showHeader={false}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('inc.byStatus')}>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              showHeader={false}
              dataSource={s.byStatus}
              columns={[
                { dataIndex: 'key', render: (k: string) => names.statusName(k) },
                { dataIndex: 'count', align: 'right' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
