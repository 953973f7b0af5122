import { useMemo, useState } from 'react';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  InputNumber,
  List,
  Row,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { EChartsCoreOption } from 'echarts/core';
import { EChart } from '../../lib/EChart.tsx';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, PageHeader } from '../../lib/ui.tsx';
import { fmt } from './charts.ts';
import { evalLinks, useRun, useUnitProfile } from './evaluationApi.ts';
import { awardedSet } from './frameworkTree.ts';
import { firstLevelNodes, meanScore, peersOf, strengthsAndWeaknesses } from './results.ts';
import type { RunNode, UnitProfile } from '@zhili/contracts';
import { ONLY_PLACES, usePlaceName } from '../../lib/placeName.ts';

type PeerComparison = UnitProfile['strengths'][number];
type Improvement = UnitProfile['whatIf']['improvements'][number];

/** One unit of a run: radar against peers, contributions, strengths/weaknesses, change, what-if. */
export function UnitProfilePage() {
  const { t } = useTranslation();
  const place = usePlaceName();
  const lang = useLanguage();
  const { code = '', runId, unit: unitCode } = useParams<{ code: string; runId: string; unit: string }>();
  const run = useRun(runId);
  const [targetRank, setTargetRank] = useState<number | undefined>(undefined);
  const profile = useUnitProfile(runId, unitCode, targetRank);
  const result = run.data?.result;
  const unit = result?.units.find((u) => u.code === unitCode);
  const nodeByCode = useMemo(() => new Map((result?.nodes ?? []).map((n) => [n.code, n])), [result]);
  const nodeName = (c: string) => {
    const n = nodeByCode.get(c);
    return n ? pick(lang, n.name.zh, n.name.en) : c;
  };

  const view = useMemo(() => {
    if (!result || !unit) return null;
    const peers = peersOf(unit, result.units);
    const sameLevel = result.units.filter((u) => u.level === unit.level);
    const first = firstLevelNodes(result.nodes);
    const indicators = result.nodes.filter((n) => n.indicator).map((n) => n.code);
    return {
      peers,
      sameLevel,
      first,
      sw: strengthsAndWeaknesses(unit, peers.length > 0 ? peers : sameLevel, indicators),
    };
  }, [result, unit]);

  const radar = useMemo((): EChartsCoreOption | null => {
    if (!view || !unit || view.first.length < 3) return null;
    const max = (n: RunNode) => Math.max(1e-9, ...view.sameLevel.map((u) => u.scores[n.code] ?? 0));
    return {
      tooltip: {},
      legend: { bottom: 0 },
      radar: {
        indicator: view.first.map((n) => ({ name: pick(lang, n.name.zh, n.name.en), max: max(n) })),
        radius: '62%',
      },
      series: [
        {
          type: 'radar',
          data: [
            {
              name: place(unit.name, ONLY_PLACES),
              value: view.first.map((n) => unit.scores[n.code] ?? 0),
              areaStyle: { opacity: 0.2 },
            },
            {
              name: t('evaluation.peerMean'),
              value: view.first.map((n) => meanScore(view.peers.length > 0 ? view.peers : view.sameLevel, n.code) ?? 0),
              lineStyle: { type: 'dashed' },
            },
          ],
        },
      ],
    };
  }, [view, unit, lang, t, place]);

  const bars = useMemo((): EChartsCoreOption | null => {
    if (!unit) return null;
    const entries = Object.entries(unit.contributions).sort((a, b) => a[1] - b[1]);
    if (entries.length === 0) return null;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        data: entries.map(([c]) => {
          const n = nodeByCode.get(c);
          return n ? pick(lang, n.name.zh, n.name.en) : c;
        }),
        axisLabel: { width: 140, overflow: 'truncate' },
      },
      series: [{ type: 'bar', data: entries.map(([, v]) => Number(v.toFixed(4))), itemStyle: { color: '#52c41a' } }],
    };
  }, [unit, nodeByCode, lang]);

  if (run.isPending) return <Skeleton active />;
  if (run.isError) return <ErrorAlert error={run.error} onRetry={() => void run.refetch()} />;
  if (!unit || !view || !runId) return <Empty description={t('evaluation.unitNotFound')} />;
  const awarded = awardedSet(run.data.awards).has(unit.code);

  const p = profile.data;
  const swList = (
    title: string,
    computed: { code: string; gap: number }[],
    server: PeerComparison[] | undefined,
    color: string,
    id: string,
  ) => (
    <Card size="small" title={title} data-testid={id}>
      <List
        size="small"
        dataSource={server ? server.map((r) => ({ code: r.indicator, gap: r.gap })) : computed}
        locale={{ emptyText: t('evaluation.none') }}
        renderItem={(s) => (
          <List.Item>
            <span>{nodeName(s.code)}</span>
            <Tag color={color}>
              {s.gap > 0 ? '+' : ''}
              {fmt(s.gap)}
            </Tag>
          </List.Item>
        )}
      />
    </Card>
  );

  return (
    <>
      <PageHeader
        title={<span data-testid="eval-profile-title">{place(unit.name, ONLY_PLACES)}</span>}
        extra={
          <>
            <Button
              icon={<FilePdfOutlined />}
              href={evalLinks.unitReport(runId, unit.code)}
              target="_blank"
              data-testid="eval-unit-report"
            >
              {t('evaluation.pdfReport')}
            </Button>
            <Link to={`/evaluation/${encodeURIComponent(code)}?tab=results&run=${runId}`}>
              {t('evaluation.backToResults')}
            </Link>
          </>
        }
      />
      <Flex vertical gap={12}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
            <Descriptions.Item label={t('evaluation.rank')}>
              <span data-testid="eval-profile-rank">{unit.rank}</span> / {view.sameLevel.length}
            </Descriptions.Item>
            <Descriptions.Item label={t('evaluation.score')}>{fmt(unit.score)}</Descriptions.Item>
            <Descriptions.Item label={t('evaluation.year')}>{result?.year}</Descriptions.Item>
            <Descriptions.Item label={t('evaluation.tags')}>
              {awarded ? <Tag color="gold">{t('evaluation.awarded')}</Tag> : null}
              {unit.vetoed ? <Tag color="volcano">{t('evaluation.vetoed')}</Tag> : null}
              {unit.bonus ? <Tag>{t('evaluation.bonusPointsValue', { value: fmt(unit.bonus) })}</Tag> : null}
            </Descriptions.Item>
            {unit.vetoed ? (
              <Descriptions.Item label={t('evaluation.vetoReasons')} span={4}>
                {unit.vetoReasons.join('；')}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('evaluation.changeVsLastYear')} span={4}>
              <span data-testid="eval-profile-change">
                {p?.change
                  ? t('evaluation.changeText', {
                      year: p.change.previousYear,
                      score: fmt(p.change.previousScore),
                      rank: p.change.previousRank,
                      scoreChange: `${p.change.scoreChange >= 0 ? '+' : ''}${fmt(p.change.scoreChange)}`,
                      rankChange:
                        p.change.rankChange > 0
                          ? `↑${p.change.rankChange}`
                          : p.change.rankChange < 0
                            ? `↓${-p.change.rankChange}`
                            : '—',
                      source: t(`evaluation.changeSource.${p.change.source}`),
                    })
                  : profile.isPending
                    ? '…'
                    : t('evaluation.noPreviousYear')}
              </span>
            </Descriptions.Item>
          </Descriptions>
          {profile.isError ? <ErrorAlert error={profile.error} /> : null}
        </Card>
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('evaluation.radarTitle')}>
              {radar ? (
                <EChart option={radar} height={320} testId="eval-radar" />
              ) : (
                <Empty description={t('evaluation.radarNeedsThree')} />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('evaluation.contributions')}>
              {bars ? (
                <EChart
                  option={bars}
                  height={Math.max(240, Object.keys(unit.contributions).length * 18)}
                  testId="eval-contributions"
                />
              ) : (
                <Empty />
              )}
            </Card>
          </Col>
          <Col xs={24} md={12}>
            {swList(t('evaluation.strengths'), view.sw.strengths, p?.strengths, 'green', 'eval-strengths')}
          </Col>
          <Col xs={24} md={12}>
            {swList(t('evaluation.weaknesses'), view.sw.weaknesses, p?.weaknesses, 'red', 'eval-weaknesses')}
          </Col>
        </Row>
        <Card size="small" title={t('evaluation.whatIf')} data-testid="eval-what-if">
          <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
            <Typography.Text>{t('evaluation.targetRank')}</Typography.Text>
            <InputNumber
              min={1}
              max={view.sameLevel.length}
              value={targetRank ?? p?.whatIf.targetRank}
              onChange={(v) => setTargetRank(v ?? undefined)}
              style={{ width: 90 }}
              data-testid="eval-what-if-rank"
            />
            {p ? (
              <Typography.Text type="secondary">
                {t('evaluation.whatIfHint', { rank: p.whatIf.targetRank, score: fmt(p.whatIf.targetScore) })}
              </Typography.Text>
            ) : null}
          </Flex>
          <Table<Improvement>
            size="small"
            rowKey="indicator"
            loading={profile.isFetching}
            // At or above the target rank nothing needs to improve: an empty table says so.
            dataSource={p && p.whatIf.targetRank < unit.rank ? p.whatIf.improvements : []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('evaluation.noWhatIf')} /> }}
            columns={[
              {
                title: t('evaluation.indicator'),
                key: 'name',
                render: (_: unknown, r) => pick(lang, r.name.zh, r.name.en),
              },
              { title: t('evaluation.current'), dataIndex: 'current', render: (v: number) => fmt(v) },
              { title: t('evaluation.needed'), dataIndex: 'needed', render: (v: number) => fmt(v) },
              {
                title: t('evaluation.reachable'),
                dataIndex: 'reachable',
                render: (v: boolean) =>
                  v ? <Tag color="green">{t('evaluation.yes')}</Tag> : <Tag>{t('evaluation.no')}</Tag>,
              },
            ]}
          />
        </Card>
      </Flex>
    </>
  );
}
