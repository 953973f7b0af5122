import { useMemo, useState } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Flex, Input, Result, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { useCan, useMe } from '../auth/me.ts';
import {
  availabilityColor,
  availabilityRows,
  dataProblems,
  type AvailabilityRow,
  type DataProblem,
} from './dataImport.ts';
import { availabilityQuery, useDatasets, useUploadDataset } from './evaluationApi.ts';
import type { DatasetSummary, FrameworkDetail, FrameworkNode } from './types.ts';
import { ONLY_PLACES, usePlaceName } from '../../lib/placeName.ts';

/** The server's upload limit (50 MB); bigger files are refused here rather than after the upload. */
const MAX_BYTES = 50 * 1024 * 1024;

function indicatorNames(node: FrameworkNode, out = new Map<string, FrameworkNode>()): Map<string, FrameworkNode> {
  if (node.indicator) out.set(node.code, node);
  for (const c of node.children ?? []) indicatorNames(c, out);
  return out;
}

/** Data of a framework: upload CSV/XLSX (wide or long) with the full error report, datasets, availability. */
export function DataTab({ detail }: { detail: FrameworkDetail }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const me = useMe();
  const canWrite = useCan('evaluation.write');
  const datasets = useDatasets(detail.code);
  const upload = useUploadDataset(me.csrfToken);
  const [name, setName] = useState('');
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [tooBig, setTooBig] = useState(false);
  const datasetId = selected ?? datasets.data?.[0]?.id;
  const err = upload.error;
  const problems = err instanceof ApiError ? dataProblems(err.details) : [];

  return (
    <Flex vertical gap={12}>
      {canWrite ? (
        <Card size="small" title={t('evaluation.uploadData')}>
          <Typography.Paragraph type="secondary">{t('evaluation.uploadHint')}</Typography.Paragraph>
          <Input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('evaluation.datasetName')}
            style={{ maxWidth: 360, marginBottom: 8 }}
            data-testid="eval-dataset-name"
          />
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            showUploadList={false}
            disabled={upload.isPending}
            beforeUpload={(file) => {
              setTooBig(file.size > MAX_BYTES);
              if (file.size <= MAX_BYTES) {
                upload.mutate(
                  { framework: detail.code, name: name.trim() || file.name, file },
                  { onSuccess: (d) => setSelected(d.id) },
                );
              }
              return false;
            }}
            data-testid="eval-data-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{upload.isPending ? t('evaluation.uploading') : t('evaluation.dropData')}</p>
          </Upload.Dragger>
          {tooBig ? <Alert type="error" showIcon style={{ marginTop: 12 }} message={t('evaluation.tooBig')} /> : null}
          {upload.data ? (
            <div data-testid="eval-data-result">
              <Result
                status="success"
                title={t('evaluation.dataImported')}
                subTitle={t('evaluation.dataSummary', {
                  units: upload.data.units,
                  indicators: upload.data.indicators,
                  rows: upload.data.rows,
                  years: upload.data.years.join(', '),
                })}
              />
            </div>
          ) : null}
          {err ? (
            <div style={{ marginTop: 12 }} data-testid="eval-data-errors">
              <Alert
                type="error"
                showIcon
                message={errorText(err, lang, t)}
                description={problems.length > 0 ? t('import.nothingImported', { count: problems.length }) : undefined}
                style={{ marginBottom: 8 }}
              />
              {problems.length > 0 ? (
                <Table<DataProblem>
                  rowKey="key"
                  size="small"
                  dataSource={problems}
                  scroll={{ x: 'max-content' }}
                  pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small' }}
                  onRow={(p) => ({ ...testId(`eval-data-error-${p.key}`) })}
                  columns={[
                    { title: t('evaluation.row'), dataIndex: 'row', width: 80, render: (r: number | null) => r ?? '—' },
                    {
                      title: t('evaluation.column'),
                      dataIndex: 'column',
                      width: 140,
                      render: (c: string) => <Typography.Text code>{c || '—'}</Typography.Text>,
                    },
                    { title: t('import.message'), dataIndex: 'message' },
                  ]}
                />
              ) : null}
            </div>
          ) : null}
        </Card>
      ) : null}

      <Card size="small" title={t('evaluation.datasets')}>
        {datasets.isError ? <ErrorAlert error={datasets.error} onRetry={() => void datasets.refetch()} /> : null}
        <Table<DatasetSummary>
          rowKey="id"
          size="small"
          loading={datasets.isFetching}
          dataSource={datasets.data ?? []}
          scroll={{ x: 'max-content' }}
          pagination={false}
          locale={{ emptyText: <Empty description={t('evaluation.noDatasets')} /> }}
          rowSelection={{
            type: 'radio',
            selectedRowKeys: datasetId ? [datasetId] : [],
            onChange: (keys) => setSelected(String(keys[0])),
          }}
          onRow={(d) => ({ onClick: () => setSelected(d.id), ...testId(`eval-dataset-${d.name}`) })}
          columns={[
            { title: t('evaluation.datasetName'), dataIndex: 'name' },
            { title: t('evaluation.units'), dataIndex: 'units' },
            { title: t('evaluation.indicators'), dataIndex: 'indicators' },
            { title: t('evaluation.years'), dataIndex: 'years', render: (ys: number[]) => ys.join(', ') },
            { title: t('evaluation.rows'), dataIndex: 'rows' },
            {
              title: t('evaluation.createdAt'),
              dataIndex: 'createdAt',
              render: (d?: string) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—'),
            },
          ]}
        />
      </Card>

      {datasetId ? (
        <AvailabilityCard
          datasetId={datasetId}
          years={datasets.data?.find((d) => d.id === datasetId)?.years ?? []}
          detail={detail}
          lang={lang}
        />
      ) : null}
    </Flex>
  );
}

/** Heat-map table: one row per indicator, its share of units with a value, overall and per year. */
function AvailabilityCard({
  datasetId,
  years,
  detail,
  lang,
}: {
  datasetId: string;
  years: number[];
  detail: FrameworkDetail;
  lang: 'zh-CN' | 'en';
}) {
  const { t } = useTranslation();
  const place = usePlaceName();
  const q = useQuery(availabilityQuery(datasetId, undefined));
  const perYear = useQueries({ queries: years.map((y) => availabilityQuery(datasetId, y)) });
  const names = useMemo(() => indicatorNames(detail.framework.index), [detail]);
  const yearData = perYear.map((r, i) => ({ year: years[i] ?? 0, data: r.data }));
  const rows = q.data ? availabilityRows(q.data, yearData) : [];
  const lowUnits = (q.data?.units ?? []).filter((u) => u.share < 1).sort((a, b) => a.share - b.share);
  const cell = (v: number | undefined) =>
    v === undefined ? (
      '—'
    ) : (
      <div style={{ background: availabilityColor(v), padding: '2px 6px', borderRadius: 3, textAlign: 'right' }}>
        {Math.round(v * 100)}%
      </div>
    );

  return (
    <Card size="small" title={t('evaluation.availability')} data-testid="eval-availability">
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Table<AvailabilityRow>
        rowKey="code"
        size="small"
        loading={q.isFetching}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={false}
        locale={{ emptyText: <Empty description={t('evaluation.noAvailability')} /> }}
        columns={[
          {
            title: t('evaluation.indicator'),
            dataIndex: 'code',
            fixed: 'left',
            render: (c: string) => {
              const n = names.get(c);
              return n ? `${pick(lang, n.name.zh, n.name.en)} (${c})` : c;
            },
          },
          { title: t('evaluation.overall'), dataIndex: 'share', width: 90, render: (v: number) => cell(v) },
          ...years.map((y) => ({
            title: String(y),
            key: String(y),
            width: 80,
            render: (_: unknown, r: AvailabilityRow) => cell(r.byYear[String(y)]),
          })),
        ]}
      />
      {lowUnits.length > 0 ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('evaluation.unitsWithGaps', { count: lowUnits.length })}
          </Typography.Title>
          <Flex gap={4} wrap data-testid="eval-availability-units">
            {lowUnits.slice(0, 100).map((u) => (
              <Tag key={u.code} color={u.share < 0.5 ? 'red' : 'orange'}>
                {place(u.name, ONLY_PLACES)} {Math.round(u.share * 100)}%
              </Tag>
            ))}
          </Flex>
        </>
      ) : null}
    </Card>
  );
}
