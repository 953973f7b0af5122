import { useState } from 'react';
import { Button, Card, DatePicker, Empty, Form, Input, InputNumber, Modal, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import type { TeamLeader, TrainingBatch } from '@zhili/contracts';
import { api } from '../../lib/api.ts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { ErrorAlert, PageHeader, tablePagination, testId } from '../../lib/ui.tsx';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { MED_KEY, useTeamLeaders, useTrainingBatches } from './mediationApi.ts';
import { useMedNames } from './names.ts';
import { id } from '../../lib/listParams.ts';
import { useListState } from '../../lib/useListState.ts';

/** URL parameters: `?batch=…&page=…&pageSize=…` (the page is of the chosen batch's leaders). */
const FILTERS = { batch: id() };

const LEADER_COLOR: Record<TeamLeader['status'], string> = {
  in_training: 'processing',
  qualified: 'blue',
  serving: 'green',
  lapsed: 'default',
};
const rate = (settled: number, total: number) => (total > 0 ? `${Math.round((settled / total) * 100)}%` : '—');

/** Team-leader training batches (Daishan) and each leader's status and results. */
export default function TrainingPage() {
  const { t } = useTranslation();
  const names = useMedNames();
  const canManage = useCan('mediation.manage');
  const { regionFilter } = useScope();
  const list = useListState(FILTERS);
  const { page, pageSize } = list;
  const batchId = list.filters.batch;
  const [creating, setCreating] = useState(false);
  const batches = useTrainingBatches({ regionCode: regionFilter, pageSize: 100 });
  const items = batches.data?.items ?? [];
  const current = batchId ?? items[0]?.id;
  const leaders = useTeamLeaders(current, page, pageSize);
  const totals = items.reduce(
    (s, b) => ({
      leaders: s.leaders + b.leaderCount,
      cases: s.cases + b.casesMediated,
      settled: s.settled + b.casesSettled,
    }),
    { leaders: 0, cases: 0, settled: 0 },
  );

  return (
    <>
      <PageHeader
        title={t('med.section.training')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('med.training.new')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        {items.length > 0 ? (
          <Typography.Paragraph data-testid="med-training-totals">
            {t('med.training.totals', {
              batches: items.length,
              leaders: totals.leaders,
              cases: totals.cases,
              rate: rate(totals.settled, totals.cases),
            })}
          </Typography.Paragraph>
        ) : null}
        {batches.isError ? <ErrorAlert error={batches.error} onRetry={() => void batches.refetch()} /> : null}
        <Table<TrainingBatch>
          rowKey="id"
          size="small"
          loading={batches.isFetching}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('med.training.none')} /> }}
          rowSelection={{
            type: 'radio',
            selectedRowKeys: current ? [current] : [],
            onChange: (keys) => list.setFilter('batch', String(keys[0])),
          }}
          onRow={(b) => ({
            onClick: () => list.setFilter('batch', b.id),
            ...testId(`med-batch-${b.id}`),
          })}
          columns={[
            { title: t('med.training.name'), dataIndex: 'name' },
            { title: t('med.training.dates'), key: 'd', render: (_: unknown, b) => `${b.startDate} ~ ${b.endDate}` },
            {
              title: t('med.training.hours'),
              dataIndex: 'hours',
              align: 'right',
              render: (h: number | null) => h ?? '—',
            },
            { title: t('med.training.leaders'), dataIndex: 'leaderCount', align: 'right' },
            { title: t('med.training.certified'), dataIndex: 'certifiedCount', align: 'right' },
            { title: t('med.training.cases'), dataIndex: 'casesMediated', align: 'right' },
            {
              title: t('med.training.rate'),
              key: 'r',
              align: 'right',
              render: (_: unknown, b) => rate(b.casesSettled, b.casesMediated),
            },
          ]}
        />
      </Card>
      {current ? (
        <Card size="small" title={t('med.training.leaderList')} style={{ marginTop: 16 }}>
          {leaders.isError ? <ErrorAlert error={leaders.error} /> : null}
          <Table<TeamLeader>
            rowKey="mediatorId"
            size="small"
            loading={leaders.isFetching}
            dataSource={leaders.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            pagination={tablePagination(page, pageSize, leaders.data?.total, list.onPageChange)}
            data-testid="med-leaders"
            columns={[
              { title: t('med.mediator.name'), dataIndex: 'name' },
              {
                title: t('med.mediator.organization'),
                dataIndex: 'organizationName',
                render: (o: string | null) => o ?? '—',
              },
              {
                title: t('med.training.status'),
                dataIndex: 'status',
                render: (s: TeamLeader['status']) => <Tag color={LEADER_COLOR[s]}>{names.name('leaderStatus', s)}</Tag>,
              },
              {
                title: t('med.mediator.certification'),
                key: 'c',
                render: (_: unknown, l) =>
                  `${names.name('cert', l.certificationStatus)}${l.certifiedUntil ? ` · ${l.certifiedUntil}` : ''}`,
              },
              { title: t('med.training.cases'), dataIndex: 'casesMediated', align: 'right' },
              { title: t('med.training.settled'), dataIndex: 'casesSettled', align: 'right' },
            ]}
          />
        </Card>
      ) : null}
      {creating ? <CreateBatch onClose={() => setCreating(false)} /> : null}
    </>
  );
}

function CreateBatch({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { scope } = useScope();
  const qc = useQueryClient();
  const [form] = Form.useForm<{
    name: string;
    regionCode: string | null;
    dates: [Dayjs, Dayjs];
    hours?: number;
    trainer?: string;
  }>();
  const create = useMutation({
    mutationFn: (body: unknown) => api.post<TrainingBatch>('/api/mediation/training-batches', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: MED_KEY }),
  });
  return (
    <Modal
      open
      title={t('med.training.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ regionCode: scope?.regionCode ?? null }}
        onFinish={(v) =>
          create.mutate(
            {
              name: v.name,
              regionCode: v.regionCode ?? '',
              startDate: v.dates[0].format('YYYY-MM-DD'),
              endDate: v.dates[1].format('YYYY-MM-DD'),
              hours: v.hours ?? null,
              trainer: v.trainer?.trim() || null,
            },
            { onSuccess: onClose, onError: (err) => applyFieldErrors(form, err) },
          )
        }
      >
        <Form.Item name="name" label={t('med.training.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="regionCode" label={t('med.case.region')} rules={[{ required: true }]}>
          <RegionSelect initialLabel={scope?.regionName ?? null} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="dates" label={t('med.training.dates')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="hours" label={t('med.training.hours')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="trainer" label={t('med.training.trainer')}>
          <Input />
        </Form.Item>
      </Form>
      {create.error ? <ErrorAlert error={create.error} /> : null}
    </Modal>
  );
}
