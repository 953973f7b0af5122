import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Flex,
  Form,
  InputNumber,
  Progress,
  Row,
  Segmented,
  Switch,
  Table,
  Typography,
} from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EChartsCoreOption } from 'echarts/core';
import { EChart } from '../../lib/EChart.tsx';
import { ErrorAlert } from '../../lib/ui.tsx';
import { useCan } from '../auth/me.ts';
import { fmt } from './charts.ts';
import { useRun, useSensitivityJob, useStartSensitivity } from './evaluationApi.ts';
import { RunPicker } from './RunPicker.tsx';
import type { FrameworkDetail, SensitivityAssumptions, SensitivityUnit } from './types.ts';
import { ONLY_PLACES, usePlaceName } from '../../lib/placeName.ts';

const NORMS = ['framework', 'minmax', 'zscore', 'rank', 'percentile'] as const;
const AGGS = ['framework', 'arithmetic', 'geometric', 'harmonic'] as const;
const IMPS = ['framework', 'none', 'mean', 'median', 'previousYear', 'linear'] as const;

interface Values {
  replications: number;
  weightsOn: boolean;
  percent: number;
  normalisation: (typeof NORMS)[number][];
  aggregation: (typeof AGGS)[number][];
  imputation: (typeof IMPS)[number][];
  dropIndicator: boolean;
}

/** The form's choices as the API's assumptions; a list with one entry does not vary, so it is left out. */
function assumptionsOf(v: Values): SensitivityAssumptions {
  return {
    ...(v.weightsOn ? { weights: { percent: v.percent } } : {}),
    ...(v.normalisation.length > 1 ? { normalisation: v.normalisation } : {}),
    ...(v.aggregation.length > 1 ? { aggregation: v.aggregation } : {}),
    ...(v.imputation.length > 1 ? { imputation: v.imputation } : {}),
    ...(v.dropIndicator ? { dropIndicator: true } : {}),
  };
}

/** Rank intervals (5th–95th percentile) as floating bars with the median and the run's rank. */
function rankIntervalOption(units: SensitivityUnit[], medianLabel: string, baseLabel: string): EChartsCoreOption {
  const sorted = [...units].sort((a, b) => a.baseRank - b.baseRank);
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const u = sorted[ps[0]?.dataIndex ?? 0];
        return u
          ? `${u.name}<br/>P5–P95: ${u.rankInterval[0]}–${u.rankInterval[1]}<br/>${medianLabel}: ${u.medianRank}<br/>${baseLabel}: ${u.baseRank}`
          : '';
      },
    },
    legend: { bottom: 0, data: [medianLabel, baseLabel] },
    grid: { left: 8, right: 16, top: 8, bottom: 32, containLabel: true },
    yAxis: { type: 'category', inverse: true, data: sorted.map((u) => u.name) },
    xAxis: { type: 'value', min: 1, minInterval: 1 },
    series: [
      {
        type: 'bar',
        stack: 'r',
        silent: true,
        itemStyle: { color: 'transparent' },
        data: sorted.map((u) => u.rankInterval[0]),
      },
      {
        type: 'bar',
        stack: 'r',
        itemStyle: { color: 'rgba(22,119,255,0.35)', borderColor: '#1677ff' },
        data: sorted.map((u) => Math.max(0.2, u.rankInterval[1] - u.rankInterval[0])),
      },
      { type: 'scatter', name: medianLabel, symbol: 'diamond', symbolSize: 10, data: sorted.map((u) => u.medianRank) },
      {
        type: 'scatter',
        name: baseLabel,
        symbol: 'circle',
        symbolSize: 6,
        itemStyle: { color: '#cf1322' },
        data: sorted.map((u) => u.baseRank),
      },
    ],
  };
}

function awardProbabilityOption(units: SensitivityUnit[]): EChartsCoreOption {
  const withP = units
    .filter((u) => u.awardProbability !== null)
    .sort((a, b) => (b.awardProbability ?? 0) - (a.awardProbability ?? 0));
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${(v * 100).toFixed(1)}%` },
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    yAxis: { type: 'category', inverse: true, data: withP.map((u) => u.name) },
    xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [{ type: 'bar', itemStyle: { color: '#d4b106' }, data: withP.map((u) => u.awardProbability) }],
  };
}

/** Start a Monte Carlo / Sobol sensitivity run of the chosen run, follow it, show its result. */
export function SensitivityTab({
  detail,
  runId,
  onRunChange,
}: {
  detail: FrameworkDetail;
  runId: string | undefined;
  onRunChange: (id: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const place = usePlaceName();
  const canWrite = useCan('evaluation.write');
  const run = useRun(runId);
  const start = useStartSensitivity();
  const [jobId, setJobId] = useState<string | undefined>(undefined);
  const job = useSensitivityJob(jobId);
  const levels = detail.framework.unitLevels;
  const [level, setLevel] = useState(levels[0] ?? '');
  const result = job.data?.status === 'done' ? job.data.result : null;
  const units = useMemo(
    () =>
      (result?.units ?? []).filter((u) => u.level === level).map((u) => ({ ...u, name: place(u.name, ONLY_PLACES) })),
    [result, level, place],
  );

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <RunPicker framework={detail.code} runId={runId} onChange={onRunChange} />
      </Flex>
      {run.isError ? <ErrorAlert error={run.error} /> : null}
      {canWrite && runId ? (
        <Card size="small" title={t('evaluation.sensitivityStart')}>
          <Form<Values>
            layout="vertical"
            size="small"
            initialValues={{
              replications: 2000,
              weightsOn: true,
              percent: 20,
              normalisation: ['framework'],
              aggregation: ['framework'],
              imputation: ['framework'],
              dropIndicator: false,
            }}
            onFinish={(v) =>
              start.mutate(
                { runId, replications: v.replications, assumptions: assumptionsOf(v) },
                { onSuccess: (r) => setJobId(r.id) },
              )
            }
            data-testid="eval-sensitivity-form"
          >
            <Row gutter={12}>
              <Col xs={12} md={6}>
                <Form.Item name="replications" label={t('evaluation.replications')}>
                  <InputNumber
                    min={10}
                    max={100000}
                    step={500}
                    style={{ width: '100%' }}
                    data-testid="eval-sens-replications"
                  />
                </Form.Item>
              </Col>
              <Col xs={6} md={3}>
                <Form.Item name="weightsOn" label={t('evaluation.varyWeights')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col xs={6} md={3}>
                <Form.Item name="percent" label="± %">
                  <InputNumber min={0} max={100} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="dropIndicator" label={t('evaluation.dropIndicator')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="normalisation" label={t('evaluation.normalisationLabel')}>
                  <Checkbox.Group options={NORMS.map((m) => ({ value: m, label: t(`evaluation.alt.${m}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="aggregation" label={t('evaluation.aggregationLabel')}>
                  <Checkbox.Group options={AGGS.map((m) => ({ value: m, label: t(`evaluation.alt.${m}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="imputation" label={t('evaluation.imputation')}>
                  <Checkbox.Group options={IMPS.map((m) => ({ value: m, label: t(`evaluation.alt.${m}`) }))} />
                </Form.Item>
              </Col>
            </Row>
            <Button
              type="primary"
              htmlType="submit"
              icon={<ExperimentOutlined />}
              loading={start.isPending}
              data-testid="eval-sens-start"
            >
              {t('evaluation.sensitivityRun')}
            </Button>
          </Form>
          {start.error ? <ErrorAlert error={start.error} /> : null}
        </Card>
      ) : null}

      {jobId && job.data ? (
        <Card size="small" data-testid="eval-sens-progress">
          <Typography.Text>{t(`evaluation.jobStatus.${job.data.status}`)}</Typography.Text>
          <Progress
            percent={Math.round(job.data.progress * 100)}
            status={job.data.status === 'failed' ? 'exception' : job.data.status === 'done' ? 'success' : 'active'}
          />
          {job.data.error ? <Alert type="error" message={job.data.error} /> : null}
        </Card>
      ) : null}
      {job.isError ? <ErrorAlert error={job.error} onRetry={() => void job.refetch()} /> : null}
      {!jobId ? <Empty description={t('evaluation.sensitivityEmpty')} /> : null}

      {result ? (
        <>
          <Segmented
            value={level}
            onChange={(v) => setLevel(String(v))}
            options={levels.map((l) => ({ value: l, label: t(`evaluation.unitLevel.${l}`, { defaultValue: l }) }))}
          />
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={14}>
              <Card size="small" title={t('evaluation.rankIntervals')}>
                <EChart
                  option={rankIntervalOption(units, t('evaluation.medianRank'), t('evaluation.baseRank'))}
                  height={Math.max(260, units.length * 18 + 60)}
                  testId="eval-rank-intervals"
                />
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card size="small" title={t('evaluation.awardProbability')}>
                {units.some((u) => u.awardProbability !== null) ? (
                  <EChart
                    option={awardProbabilityOption(units)}
                    height={Math.max(260, units.length * 18 + 40)}
                    testId="eval-award-probability"
                  />
                ) : (
                  <Empty description={t('evaluation.noAwardRules')} />
                )}
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('evaluation.sobolIndices')}>
            <Table
              size="small"
              rowKey="factor"
              pagination={false}
              dataSource={result.sobol}
              data-testid="eval-sobol"
              columns={[
                {
                  title: t('evaluation.factor'),
                  dataIndex: 'factor',
                  render: (f: string) => t(`evaluation.factorName.${f}`, { defaultValue: f }),
                },
                {
                  title: t('evaluation.firstOrder'),
                  key: 'first',
                  render: (_: unknown, s) => `${fmt(s.first, 3)} [${fmt(s.firstCi[0], 3)}, ${fmt(s.firstCi[1], 3)}]`,
                },
                {
                  title: t('evaluation.totalEffect'),
                  key: 'total',
                  render: (_: unknown, s) => `${fmt(s.total, 3)} [${fmt(s.totalCi[0], 3)}, ${fmt(s.totalCi[1], 3)}]`,
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('evaluation.sobolMethod', {
                design: result.method.design,
                first: result.method.first,
                total: result.method.total,
                n: result.replications.length,
              })}
            </Typography.Paragraph>
          </Card>
        </>
      ) : null}
    </Flex>
  );
}
