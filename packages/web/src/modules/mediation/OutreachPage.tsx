import { useState } from 'react';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Table,
  Tag,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { OUTREACH_MEDIA, type Outreach, type OutreachCreate } from '@zhili/contracts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { ErrorAlert, PageHeader, tablePagination, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useListState } from '../../lib/useListState.ts';
import { dayRange, id, text } from '../../lib/listParams.ts';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { useCorpsList, useCreateOutreach, useOutreach } from './mediationApi.ts';
import { useMedNames } from './names.ts';
import { SearchBox } from '../../lib/SearchBox.tsx';

/** URL parameters: `?q=…&corpsId=…&range=2026-01-01&range=2026-01-31`. */
const FILTERS = { q: text(), corpsId: id(), range: dayRange() };

/** The outreach log: who was reached where, on what topic, in which dialect and media. */
export default function OutreachPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const names = useMedNames();
  const canWrite = useCan('mediation.write');
  const { regionFilter } = useScope();
  const [creating, setCreating] = useState(false);
  const list = useListState(FILTERS);
  const f = list.filters;
  const corps = useCorpsList({ regionCode: regionFilter, pageSize: 100 });
  const query = useOutreach({
    q: f.q,
    corpsId: f.corpsId,
    from: f.range?.[0].format('YYYY-MM-DD'),
    to: f.range?.[1].format('YYYY-MM-DD'),
    regionCode: regionFilter,
    page: list.page,
    pageSize: list.pageSize,
  });
  const corpsOptions = (corps.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));

  return (
    <>
      <PageHeader
        title={t('med.section.outreach')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="med-outreach-new"
            >
              {t('med.outreach.new')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          <SearchBox
            placeholder={t('med.outreach.search')}
            value={f.q}
            onSearch={(v) => list.setFilter('q', v)}
            width={220}
          />
          <Select
            allowClear
            placeholder={t('med.outreach.corps')}
            value={f.corpsId}
            onChange={(v) => list.setFilter('corpsId', v)}
            options={corpsOptions}
            style={{ width: isPhone ? '100%' : 200 }}
          />
          <DatePicker.RangePicker
            value={f.range}
            onChange={(r) => list.setFilter('range', r && r[0] && r[1] ? [r[0], r[1]] : null)}
            style={{ width: isPhone ? '100%' : undefined }}
          />
        </Flex>
        {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
        <Table<Outreach>
          rowKey="id"
          size="small"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={tablePagination(list.page, list.pageSize, query.data?.total, list.onPageChange)}
          locale={{ emptyText: <Empty description={t('med.outreach.none')} /> }}
          data-testid="med-outreach-table"
          columns={[
            { title: t('med.outreach.date'), dataIndex: 'date', width: 110 },
            { title: t('med.outreach.topic'), dataIndex: 'topic' },
            { title: t('med.outreach.place'), dataIndex: 'place' },
            { title: t('med.outreach.audience'), dataIndex: 'audience' },
            { title: t('med.outreach.reached'), dataIndex: 'reached', align: 'right' },
            { title: t('med.outreach.dialect'), dataIndex: 'dialect', render: (d: string | null) => d ?? '—' },
            {
              title: t('med.outreach.media'),
              dataIndex: 'media',
              render: (ms: string[]) => ms.map((m) => <Tag key={m}>{names.name('medium', m)}</Tag>),
            },
            { title: t('med.outreach.corps'), dataIndex: 'corpsName', render: (c: string | null) => c ?? '—' },
          ]}
        />
      </Card>
      {creating ? <OutreachForm corpsOptions={corpsOptions} onClose={() => setCreating(false)} /> : null}
    </>
  );
}

interface Values {
  date: Dayjs;
  place: string;
  audience: string;
  reached: number;
  topic: string;
  dialect?: string;
  media: OutreachCreate['media'];
  corpsId?: string | null;
  regionCode: string | null;
  views?: number | null;
  note?: string;
}

function OutreachForm({
  corpsOptions,
  onClose,
}: {
  corpsOptions: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const names = useMedNames();
  const { scope } = useScope();
  const [form] = Form.useForm<Values>();
  const create = useCreateOutreach();
  return (
    <Modal
      open
      title={t('med.outreach.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending, ...testId('med-outreach-submit') }}
      width={640}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          date: dayjs(),
          media: [],
          reached: 0,
          regionCode: scope?.regionCode ?? null,
          corpsId: corpsOptions[0]?.value ?? null,
        }}
        onFinish={(v) =>
          create.mutate(
            {
              date: v.date.format('YYYY-MM-DD'),
              place: v.place,
              audience: v.audience,
              reached: v.reached,
              topic: v.topic,
              dialect: v.dialect?.trim() || null,
              media: v.media,
              corpsId: v.corpsId ?? null,
              regionCode: v.regionCode ?? '',
              views: v.views ?? null,
              note: v.note?.trim() || null,
            },
            { onSuccess: onClose, onError: (err) => applyFieldErrors(form, err) },
          )
        }
      >
        <Row gutter={12}>
          <Col xs={12} md={8}>
            <Form.Item name="date" label={t('med.outreach.date')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="reached" label={t('med.outreach.reached')} rules={[{ required: true }]}>
              <InputNumber min={0} style={{ width: '100%' }} data-testid="med-outreach-reached" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="dialect" label={t('med.outreach.dialect')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="topic" label={t('med.outreach.topic')} rules={[{ required: true }]}>
              <Input data-testid="med-outreach-topic" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="place" label={t('med.outreach.place')} rules={[{ required: true }]}>
              <Input data-testid="med-outreach-place" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="audience" label={t('med.outreach.audience')} rules={[{ required: true }]}>
              <Input data-testid="med-outreach-audience" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="media" label={t('med.outreach.media')}>
              <Select mode="multiple" options={names.options('medium', OUTREACH_MEDIA)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="views" label={t('med.outreach.views')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="corpsId" label={t('med.outreach.corps')}>
              <Select allowClear options={corpsOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="regionCode" label={t('med.case.region')} rules={[{ required: true }]}>
              <RegionSelect initialLabel={scope?.regionName ?? null} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('med.note')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
      {create.error ? <ErrorAlert error={create.error} /> : null}
    </Modal>
  );
}
