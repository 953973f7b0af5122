import { useState } from 'react';
import {
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CORPS_KINDS, type Corps, type CorpsKind, type CorpsMember } from '@zhili/contracts';
import { api } from '../../lib/api.ts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { ErrorAlert, PageHeader, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { HometownPicker } from './HometownPicker.tsx';
import { MED_KEY, useAddCorpsMember, useCorps, useCorpsList } from './mediationApi.ts';
import { useHometownName } from './mediatorColumns.tsx';
import { useMedNames } from './names.ts';
import { usePlaceName } from '../../lib/placeName.ts';
import { oneOf } from '../../lib/listParams.ts';
import { useListState } from '../../lib/useListState.ts';

/** URL parameter: `?kind=…`. */
const FILTERS = { kind: oneOf(CORPS_KINDS) };

const KIND_COLOR: Record<CorpsKind, string> = { police_volunteer: 'blue', anti_fraud: 'red', team_leaders: 'green' };

/** Volunteer corps (老乡义警, 老乡反诈团, team leaders) with their members and reach. */
export default function CorpsPage() {
  const { t } = useTranslation();
  const place = usePlaceName();
  const names = useMedNames();
  const canManage = useCan('mediation.manage');
  const { regionFilter } = useScope();
  const list = useListState(FILTERS);
  const { kind } = list.filters;
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const query = useCorpsList({ kind, regionCode: regionFilter, pageSize: 100 });

  return (
    <>
      <PageHeader
        title={t('med.section.corps')}
        extra={
          <>
            <Select
              allowClear
              placeholder={t('med.corps.kind')}
              value={kind}
              onChange={(v: CorpsKind | undefined) => list.setFilter('kind', v)}
              options={names.options('corpsKind', CORPS_KINDS)}
              style={{ width: 150 }}
            />
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('med.corps.new')}
              </Button>
            ) : null}
          </>
        }
      />
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <Skeleton active /> : null}
      {query.data?.items.length === 0 ? <Empty description={t('med.corps.none')} /> : null}
      <Row gutter={[12, 12]}>
        {(query.data?.items ?? []).map((c: Corps) => (
          <Col key={c.id} xs={24} sm={12} xl={8}>
            <Card size="small" hoverable onClick={() => setOpen(c.id)} {...testId(`med-corps-${c.id}`)}>
              <Flex justify="space-between" align="start" gap={8}>
                <Typography.Text strong>{c.name}</Typography.Text>
                <Tag color={KIND_COLOR[c.kind]}>{names.name('corpsKind', c.kind)}</Tag>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.regionName ? place(c.regionName) : c.regionCode}
                {c.foundedOn ? ` · ${t('med.corps.founded', { date: c.foundedOn })}` : ''}
              </Typography.Text>
              <Row gutter={8} style={{ marginTop: 8 }}>
                <Col span={8}>
                  <Statistic title={t('med.corps.members')} value={c.memberCount} valueStyle={{ fontSize: 18 }} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('med.corps.activities')} value={c.activityCount} valueStyle={{ fontSize: 18 }} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('med.corps.reached')} value={c.reached} valueStyle={{ fontSize: 18 }} />
                </Col>
              </Row>
            </Card>
          </Col>
        ))}
      </Row>
      {open ? <CorpsDrawer id={open} onClose={() => setOpen(null)} /> : null}
      {creating ? <CreateCorps onClose={() => setCreating(false)} /> : null}
    </>
  );
}

function CorpsDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const names = useMedNames();
  const hometownName = useHometownName();
  const canWrite = useCan('mediation.write');
  const query = useCorps(id);
  const add = useAddCorpsMember(id);
  const [form] = Form.useForm<{
    name: string;
    hometownCode: string | null;
    dialects: string[];
    role: string;
    occupation?: string;
  }>();
  const c = query.data;

  return (
    <Drawer open onClose={onClose} width={isPhone ? '100%' : 640} title={c?.name ?? ''} destroyOnHidden>
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {c ? (
        <>
          {c.description ? <Typography.Paragraph>{c.description}</Typography.Paragraph> : null}
          <Table<CorpsMember>
            rowKey="id"
            size="small"
            dataSource={c.members}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="med-corps-members"
            columns={[
              { title: t('med.mediator.name'), dataIndex: 'name' },
              { title: t('med.corps.role'), dataIndex: 'role', render: (r: string) => names.name('memberRole', r) },
              { title: t('med.hometown.label'), key: 'h', render: (_: unknown, m) => hometownName(m.hometown) },
              {
                title: t('med.mediator.dialects'),
                dataIndex: 'dialects',
                render: (d: string[]) => d.join('、') || '—',
              },
              { title: t('med.corps.occupation'), dataIndex: 'occupation', render: (o: string | null) => o ?? '—' },
              { title: t('med.party.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
            ]}
          />
          {canWrite ? (
            <Card size="small" title={t('med.corps.addMember')} style={{ marginTop: 16 }}>
              <Form
                form={form}
                layout="vertical"
                initialValues={{ role: 'member', dialects: [], hometownCode: null }}
                onFinish={(v) =>
                  add.mutate(
                    {
                      name: v.name,
                      hometownCode: v.hometownCode,
                      dialects: v.dialects,
                      role: v.role,
                      occupation: v.occupation?.trim() || null,
                    },
                    { onSuccess: () => form.resetFields(), onError: (err) => applyFieldErrors(form, err) },
                  )
                }
              >
                <Row gutter={8}>
                  <Col xs={24} md={12}>
                    <Form.Item name="name" label={t('med.mediator.name')} rules={[{ required: true }]}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="role" label={t('med.corps.role')}>
                      <Select options={names.options('memberRole', ['leader', 'deputy', 'member'])} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="occupation" label={t('med.corps.occupation')}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="hometownCode" label={t('med.hometown.label')}>
                      <HometownPicker testId="med-member-hometown" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="dialects" label={t('med.mediator.dialects')}>
                      <Select mode="tags" open={false} tokenSeparators={[',', '，']} />
                    </Form.Item>
                  </Col>
                </Row>
                <Button type="primary" htmlType="submit" loading={add.isPending}>
                  {t('med.corps.addMember')}
                </Button>
                {add.error ? <ErrorAlert error={add.error} /> : null}
              </Form>
            </Card>
          ) : null}
        </>
      ) : (
        <Skeleton active />
      )}
    </Drawer>
  );
}

function CreateCorps({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const names = useMedNames();
  const { scope } = useScope();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string; kind: CorpsKind; regionCode: string | null; description?: string }>();
  const create = useMutation({
    mutationFn: (body: unknown) => api.post<Corps>('/api/mediation/corps', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: MED_KEY }),
  });
  return (
    <Modal
      open
      title={t('med.corps.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'anti_fraud', regionCode: scope?.regionCode ?? null }}
        onFinish={(v) =>
          create.mutate(
            { name: v.name, kind: v.kind, regionCode: v.regionCode ?? '', description: v.description?.trim() || null },
            { onSuccess: onClose, onError: (err) => applyFieldErrors(form, err) },
          )
        }
      >
        <Form.Item name="name" label={t('med.corps.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('med.corps.kind')}>
          <Select options={names.options('corpsKind', CORPS_KINDS)} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('med.case.region')} rules={[{ required: true }]}>
          <RegionSelect initialLabel={scope?.regionName ?? null} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label={t('med.corps.description')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
      {create.error ? <ErrorAlert error={create.error} /> : null}
    </Modal>
  );
}
