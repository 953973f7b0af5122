import { useMemo } from 'react';
import { Alert, Button, Card, Col, Collapse, Empty, Flex, Progress, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { FilePdfOutlined, TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ErrorAlert } from '../../lib/ui.tsx';
import { fmt } from './charts.ts';
import { evalLinks, useChampions, useRun } from './evaluationApi.ts';
import { awardedSet } from './frameworkTree.ts';
import { groupByParent } from './results.ts';
import { RunPicker } from './RunPicker.tsx';
import type { ChampionEntry, FrameworkDetail } from './types.ts';
import { ONLY_PLACES, usePlaceName } from '../../lib/placeName.ts';

/** County tripods, townships per county against their cap, and the champion roll by year. */
export function AwardsTab({
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
  const run = useRun(runId);
  const champions = useChampions(detail.code);
  const rules = detail.framework.awards;
  const countyLevel = rules?.county?.level ?? rules?.champion?.level ?? 'county';
  const townshipLevel = rules?.township?.level ?? 'township';

  const units = useMemo(() => run.data?.result.units ?? [], [run.data]);
  const awarded = useMemo(() => awardedSet(run.data?.awards), [run.data]);
  const counties = useMemo(
    () => units.filter((u) => u.level === countyLevel).sort((a, b) => a.rank - b.rank),
    [units, countyLevel],
  );
  const townships = useMemo(() => groupByParent(units, townshipLevel), [units, townshipLevel]);
  // Counties in rank order, so the township caps read in the same order as the tripods above.
  const rankOf = useMemo(() => new Map(counties.map((c) => [c.code, c.rank])), [counties]);
  const awards = run.data?.awards;
  const townshipAwarded = units.filter((u) => u.level === townshipLevel && awarded.has(u.code)).length;

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <RunPicker framework={detail.code} runId={runId} onChange={onRunChange} />
        {run.data ? (
          <Button
            icon={<FilePdfOutlined />}
            href={evalLinks.certificates(run.data.id)}
            target="_blank"
            data-testid="eval-certificates"
          >
            {t('evaluation.certificates')}
          </Button>
        ) : null}
      </Flex>
      {run.isError ? <ErrorAlert error={run.error} onRetry={() => void run.refetch()} /> : null}
      {runId && run.isPending ? <Skeleton active /> : null}
      {!runId ? <Empty description={t('evaluation.noRunYet')} /> : null}
      {run.data && awards ? (
        <>
          <Card size="small" title={t('evaluation.countyTripods')} data-testid="eval-county-tripods">
            <Row gutter={[8, 8]}>
              {counties.map((c) => {
                const won = awarded.has(c.code);
                return (
                  <Col xs={12} sm={8} md={6} lg={4} key={c.code}>
                    <Card
                      size="small"
                      data-testid={`eval-county-${c.code}`}
                      style={{ textAlign: 'center', background: won ? '#fffbe6' : '#fafafa', opacity: won ? 1 : 0.7 }}
                    >
                      <TrophyOutlined style={{ fontSize: 28, color: won ? '#d4b106' : '#bfbfbf' }} />
                      <div style={{ fontWeight: 600 }}>{place(c.name, ONLY_PLACES)}</div>
                      <div>
                        #{c.rank} · {fmt(c.score)}
                      </div>
                      {awards.champion === c.code ? <Tag color="red">{t('evaluation.champion')}</Tag> : null}
                      {won ? (
                        <Tag color="gold">{t('evaluation.tripod')}</Tag>
                      ) : (
                        <Tag>{c.vetoed ? t('evaluation.vetoed') : t('evaluation.excluded')}</Tag>
                      )}
                    </Card>
                  </Col>
                );
              })}
            </Row>
          </Card>

          <Card
            size="small"
            title={t('evaluation.townshipAwards')}
            extra={
              <Typography.Text data-testid="eval-township-total">
                {rules?.township?.totalQuota
                  ? t('evaluation.quotaUsed', { awarded: townshipAwarded, quota: rules.township.totalQuota })
                  : t('evaluation.awardedCount', { count: townshipAwarded })}
              </Typography.Text>
            }
          >
            <Collapse
              size="small"
              items={[...townships.entries()]
                .sort(([a], [b]) => (rankOf.get(a) ?? 1e9) - (rankOf.get(b) ?? 1e9))
                .map(([parent, list]) => {
                  const cap = awards.caps[parent];
                  const won = list.filter((u) => awarded.has(u.code));
                  const parentName = place(units.find((u) => u.code === parent)?.name ?? parent, ONLY_PLACES);
                  return {
                    key: parent,
                    label: (
                      <Flex gap={8} align="center" wrap data-testid={`eval-cap-${parent}`}>
                        <span style={{ minWidth: 80 }}>{parentName}</span>
                        <Typography.Text strong>
                          {t('evaluation.awardedOfCap', { awarded: won.length, cap: cap?.cap ?? '—' })}
                        </Typography.Text>
                        <Typography.Text type="secondary">
                          {t('evaluation.townshipsInCounty', { count: cap?.units ?? list.length })}
                        </Typography.Text>
                        {cap ? (
                          <Progress
                            percent={cap.cap > 0 ? Math.round((won.length / cap.cap) * 100) : 0}
                            size="small"
                            style={{ width: 120, margin: 0 }}
                            showInfo={false}
                          />
                        ) : null}
                      </Flex>
                    ),
                    children: (
                      <Flex gap={4} wrap>
                        {list.map((u) => (
                          <Tag
                            key={u.code}
                            color={awarded.has(u.code) ? 'gold' : u.vetoed ? 'volcano' : undefined}
                            data-testid={`eval-township-${u.code}`}
                          >
                            #{u.rank} {place(u.name, ONLY_PLACES)} {fmt(u.score, 1)}
                          </Tag>
                        ))}
                      </Flex>
                    ),
                  };
                })}
            />
          </Card>

          {awards.explanation.length > 0 ? (
            <Alert
              type="info"
              message={t('evaluation.explanation')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {awards.explanation.map((e, i) => (
                    <li key={i}>{e}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
        </>
      ) : null}

      <Card size="small" title={t('evaluation.championRoll')} data-testid="eval-champion-roll">
        {champions.isError ? <ErrorAlert error={champions.error} onRetry={() => void champions.refetch()} /> : null}
        <Table<ChampionEntry>
          rowKey={(c) => `${c.year}-${c.runId}`}
          size="small"
          loading={champions.isFetching}
          dataSource={[...(champions.data ?? [])].sort((a, b) => b.year - a.year)}
          pagination={false}
          locale={{ emptyText: <Empty description={t('evaluation.noChampions')} /> }}
          columns={[
            { title: t('evaluation.year'), dataIndex: 'year', width: 80 },
            { title: t('evaluation.unit'), dataIndex: 'unitName', render: (n: string) => place(n, ONLY_PLACES) },
            { title: t('evaluation.score'), dataIndex: 'score', render: (s: number) => fmt(s) },
            {
              title: t('evaluation.publishedAt'),
              dataIndex: 'publishedAt',
              render: (d: string) => (d ? dayjs(d).format('YYYY-MM-DD') : '—'),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
