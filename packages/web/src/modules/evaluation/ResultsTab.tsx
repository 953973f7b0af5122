import { useMemo, useState } from 'react';
import { App, Button, Empty, Flex, Popconfirm, Segmented, Skeleton, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { useCan } from '../auth/me.ts';
import { fmt } from './charts.ts';
import { evalLinks, usePublishRun, useRun } from './evaluationApi.ts';
import { awardedSet } from './frameworkTree.ts';
import { RunForm } from './RunForm.tsx';
import { RunPicker } from './RunPicker.tsx';
import type { FrameworkDetail, UnitResult } from './types.ts';
import { firstLevelNodes } from './results.ts';
import { ONLY_PLACES, usePlaceName } from '../../lib/placeName.ts';

/** Run form, run/version picker, and the ranked results of the chosen run. */
export function ResultsTab({
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
  const lang = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canWrite = useCan('evaluation.write');
  const canPublish = useCan('evaluation.publish');
  const run = useRun(runId);
  const publish = usePublishRun();
  const levels = detail.framework.unitLevels;
  const [level, setLevel] = useState<string>(levels[0] ?? '');

  const result = run.data?.result;
  const awarded = useMemo(() => awardedSet(run.data?.awards), [run.data]);
  const firstLevel = useMemo(() => (result ? firstLevelNodes(result.nodes) : []), [result]);
  const rows = useMemo(
    () => (result?.units ?? []).filter((u) => u.level === level).sort((a, b) => a.rank - b.rank),
    [result, level],
  );
  const names = useMemo(() => new Map((result?.units ?? []).map((u) => [u.code, u.name])), [result]);

  return (
    <Flex vertical gap={12}>
      {canWrite ? <RunForm detail={detail} onRun={onRunChange} /> : null}
      <Flex gap={8} wrap align="center">
        <RunPicker framework={detail.code} runId={runId} onChange={onRunChange} />
        {run.data ? (
          <>
            <Button icon={<DownloadOutlined />} href={evalLinks.exportXlsx(run.data.id)} data-testid="eval-export-xlsx">
              {t('evaluation.exportXlsx')}
            </Button>
            {canPublish && run.data.status === 'draft' ? (
              <Popconfirm
                title={t('evaluation.publishConfirm')}
                description={t('evaluation.publishHint')}
                okText={t('evaluation.publish')}
                cancelText={t('common.cancel')}
                okButtonProps={{ ...testId('eval-publish-confirm') }}
                onConfirm={() =>
                  publish.mutate(run.data.id, {
                    onSuccess: () => void message.success(t('evaluation.published')),
                  })
                }
              >
                <Button type="primary" icon={<SendOutlined />} loading={publish.isPending} data-testid="eval-publish">
                  {t('evaluation.publish')}
                </Button>
              </Popconfirm>
            ) : null}
            <Tag color={run.data.status === 'published' ? 'green' : 'default'} data-testid="eval-run-status">
              {t(`evaluation.status.${run.data.status}`)}
            </Tag>
          </>
        ) : null}
      </Flex>
      {publish.error ? <ErrorAlert error={publish.error} /> : null}
      {run.isError ? <ErrorAlert error={run.error} onRetry={() => void run.refetch()} /> : null}
      {!runId ? <Empty description={t('evaluation.noRunYet')} /> : null}
      {runId && run.isPending ? <Skeleton active /> : null}
      {result ? (
        <>
          <Flex gap={8} wrap align="center" justify="space-between">
            <Segmented
              value={level}
              onChange={(v) => setLevel(String(v))}
              options={levels.map((l) => ({ value: l, label: t(`evaluation.unitLevel.${l}`, { defaultValue: l }) }))}
              data-testid="eval-level"
            />
            <Typography.Text type="secondary">
              {t('evaluation.resultSummary', {
                units: result.units.length,
                imputed: result.imputed.length,
                treated: result.treated.length,
                dropped: result.dropped.length,
              })}
            </Typography.Text>
          </Flex>
          <Table<UnitResult>
            rowKey="code"
            size="small"
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small' }}
            data-testid="eval-results-table"
            onRow={(u) => ({
              onClick: () =>
                void navigate(
                  `/evaluation/${encodeURIComponent(detail.code)}/runs/${run.data?.id ?? ''}/units/${encodeURIComponent(u.code)}`,
                ),
              style: { cursor: 'pointer' },
              ...testId(`eval-result-row-${u.code}`),
            })}
            columns={[
              {
                title: t('evaluation.rank'),
                dataIndex: 'rank',
                width: 64,
                render: (r: number, u) => <span data-testid={`eval-rank-${u.code}`}>{r}</span>,
              },
              {
                title: t('evaluation.unit'),
                dataIndex: 'name',
                render: (n: string, u) => (
                  <Flex vertical>
                    <span>{place(n, ONLY_PLACES)}</span>
                    {u.parent && names.get(u.parent) ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {place(names.get(u.parent), ONLY_PLACES)}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                ),
              },
              {
                title: t('evaluation.score'),
                dataIndex: 'score',
                render: (s: number, u) => (
                  <span>
                    {fmt(s)}
                    {u.bonus ? (
                      <Typography.Text type={u.bonus > 0 ? 'success' : 'danger'} style={{ fontSize: 12 }}>
                        {' '}
                        ({u.bonus > 0 ? '+' : ''}
                        {fmt(u.bonus)})
                      </Typography.Text>
                    ) : null}
                  </span>
                ),
              },
              {
                title: t('evaluation.tags'),
                key: 'tags',
                render: (_: unknown, u) => (
                  <Flex gap={2} wrap>
                    {awarded.has(u.code) ? (
                      <Tag color="gold" data-testid={`eval-awarded-${u.code}`}>
                        {t('evaluation.awarded')}
                      </Tag>
                    ) : null}
                    {run.data?.awards.champion === u.code ? <Tag color="red">{t('evaluation.champion')}</Tag> : null}
                    {u.vetoed ? (
                      <Tag color="volcano" title={u.vetoReasons.join('; ')}>
                        {t('evaluation.vetoed')}
                      </Tag>
                    ) : null}
                  </Flex>
                ),
              },
              ...firstLevel.map((n) => ({
                title: pick(lang, n.name.zh, n.name.en),
                key: `node-${n.code}`,
                render: (_: unknown, u: UnitResult) => fmt(u.scores[n.code]),
              })),
            ]}
          />
        </>
      ) : null}
    </Flex>
  );
}
