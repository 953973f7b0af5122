import { useMemo } from 'react';
import { Card, Col, Empty, Row, Skeleton, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EChartsCoreOption } from 'echarts/core';
import type { MediationStats } from '@zhili/contracts';
import { EChart } from '../../lib/EChart.tsx';
import { ErrorAlert, PageHeader } from '../../lib/ui.tsx';
import { useScope } from '../layout/scope.tsx';
import { antiFraudOption } from './charts.ts';
import { useStats } from './mediationApi.ts';
import { useMedNames } from './names.ts';

const grid = { left: 8, right: 8, top: 36, bottom: 8, containLabel: true };
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** Cases by type, success rate, average duration, by mediator hometown, monthly flow, anti-fraud trend. */
export default function StatsPage() {
  const { t } = useTranslation();
  const names = useMedNames();
  const { regionFilter } = useScope();
  const query = useStats(regionFilter);
  const s = query.data;
  const charts = useMemo(() => (s ? buildCharts(s, t, names) : null), [s, t, names]);

  return (
    <>
      <PageHeader title={t('med.section.stats')} />
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <Skeleton active /> : null}
      {s && charts ? (
        <Row gutter={[12, 12]}>
          {(
            [
              ['total', s.total],
              ['open', s.open],
              ['settled', s.settled],
              ['successRate', s.successRate === null ? '—' : `${pct(s.successRate)}%`],
              ['averageDays', s.averageDays === null ? '—' : s.averageDays.toFixed(1)],
              ['overdue', s.overdue],
            ] as const
          ).map(([key, value]) => (
            <Col key={key} xs={12} md={8} xl={4}>
              <Card size="small" data-testid={`med-stat-${key}`}>
                <Statistic
                  title={t(`med.stats.${key}`)}
                  value={value}
                  valueStyle={key === 'overdue' && s.overdue > 0 ? { color: '#cf1322' } : undefined}
                />
              </Card>
            </Col>
          ))}
          <Col xs={24} lg={12}>
            <Card size="small" title={t('med.stats.byType')}>
              {s.byType.length ? <EChart option={charts.byType} height={300} testId="med-chart-type" /> : <Empty />}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('med.stats.rateAndDuration')}>
              {s.byType.length ? <EChart option={charts.rate} height={300} testId="med-chart-rate" /> : <Empty />}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('med.stats.byProvince')}>
              {s.byMediatorProvince.length ? (
                <EChart option={charts.province} height={300} testId="med-chart-province" />
              ) : (
                <Empty />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('med.stats.monthly')}>
              {s.monthly.length ? (
                <EChart option={charts.monthly} height={300} testId="med-chart-monthly" />
              ) : (
                <Empty />
              )}
            </Card>
          </Col>
          {s.antiFraud.length ? (
            <Col xs={24}>
              <Card size="small" title={t('med.stats.antiFraud')}>
                <EChart option={charts.antiFraud} height={300} testId="med-chart-antifraud" />
              </Card>
            </Col>
          ) : null}
        </Row>
      ) : null}
    </>
  );
}

function buildCharts(
  s: MediationStats,
  t: (k: string) => string,
  names: ReturnType<typeof useMedNames>,
): Record<'byType' | 'rate' | 'province' | 'monthly' | 'antiFraud', EChartsCoreOption> {
  const typeNames = s.byType.map((r) => names.name('type', r.type));
  // Axis labels: '广西', not '广西壮族自治区', so every province fits under its bars.
  const provinces = s.byMediatorProvince.map((p) =>
    names
      .province(p.provinceCode, p.provinceName)
      .replace(/(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$/, ''),
  );
  return {
    byType: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: typeNames, axisLabel: { interval: 0, rotate: typeNames.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('med.stats.total'),
          type: 'bar',
          data: s.byType.map((r) => r.total),
          itemStyle: { color: '#1677ff' },
        },
        {
          name: t('med.stats.settled'),
          type: 'bar',
          data: s.byType.map((r) => r.settled),
          itemStyle: { color: '#52c41a' },
        },
      ],
    },
    rate: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: typeNames, axisLabel: { interval: 0, rotate: typeNames.length > 5 ? 30 : 0 } },
      yAxis: [
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', splitLine: { show: false } },
      ],
      series: [
        {
          name: t('med.stats.successRate'),
          type: 'bar',
          data: s.byType.map((r) => pct(r.successRate)),
          itemStyle: { color: '#13c2c2' },
        },
        {
          name: t('med.stats.averageDays'),
          type: 'line',
          yAxisIndex: 1,
          data: s.byType.map((r) => (r.averageDays === null ? null : Math.round(r.averageDays * 10) / 10)),
          itemStyle: { color: '#722ed1' },
        },
      ],
    },
    province: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: provinces, axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('med.stats.mediators'),
          type: 'bar',
          data: s.byMediatorProvince.map((p) => p.mediators),
          itemStyle: { color: '#fa8c16' },
        },
        {
          name: t('med.stats.cases'),
          type: 'bar',
          data: s.byMediatorProvince.map((p) => p.cases),
          itemStyle: { color: '#1677ff' },
        },
        {
          name: t('med.stats.settled'),
          type: 'bar',
          data: s.byMediatorProvince.map((p) => p.settled),
          itemStyle: { color: '#52c41a' },
        },
      ],
    },
    monthly: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: s.monthly.map((m) => m.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('med.stats.registered'),
          type: 'line',
          data: s.monthly.map((m) => m.registered),
          itemStyle: { color: '#1677ff' },
        },
        {
          name: t('med.stats.settled'),
          type: 'line',
          data: s.monthly.map((m) => m.settled),
          itemStyle: { color: '#52c41a' },
        },
      ],
    },
    antiFraud: antiFraudOption(s.antiFraud, {
      alerts: t('med.antifraud.alerts'),
      cases: t('med.antifraud.cases'),
      alertsYoY: t('med.antifraud.alertsYoY'),
      casesYoY: t('med.antifraud.casesYoY'),
    }),
  };
}
