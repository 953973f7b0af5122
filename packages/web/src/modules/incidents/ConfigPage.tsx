import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  HANDLING_LEVELS,
  type Category,
  type DispatchRule,
  type DispatchRuleInput,
  type WorkingCalendarInput,
} from '@zhili/contracts';
import { ApiError } from '../../lib/api.ts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, PageHeader, testId } from '../../lib/ui.tsx';
import { OrganizationSelect } from '../organizations/OrganizationSelect.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { CategoryEditor } from './CategoryEditor.tsx';
import {
  useCalendars,
  useCategories,
  useDispatchRules,
  usePrefixes,
  useSaveCalendar,
  useSavePrefixes,
  useSaveRule,
  useUploadOutlines,
  type PrefixRow,
} from './incidentsApi.ts';
import { useIncidentNames } from './names.ts';
import './i18n.ts';

/** Settings of the centre: categories, dispatch rules, working calendars, outlines, prefixes. */
export default function ConfigPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('inc.config')} />
      <Card size="small">
        <Tabs
          items={[
            { key: 'categories', label: t('inc.categories'), children: <CategoriesTab /> },
            { key: 'rules', label: t('inc.rules'), children: <RulesTab /> },
            { key: 'calendars', label: t('inc.calendars'), children: <CalendarsTab /> },
            { key: 'outlines', label: t('inc.outlines'), children: <OutlinesTab /> },
            { key: 'prefixes', label: t('inc.prefixes'), children: <PrefixesTab /> },
          ]}
        />
      </Card>
    </>
  );
}

function CategoriesTab() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const names = useIncidentNames();
  const list = useCategories({ all: true });
  const [editing, setEditing] = useState<{ c: Category | null } | null>(null);
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => setEditing({ c: null })}
        style={{ marginBottom: 12 }}
        data-testid="inc-category-new"
      >
        {t('inc.newCategory')}
      </Button>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<Category>
        rowKey="code"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(c) => ({
          onClick: () => setEditing({ c }),
          style: { cursor: 'pointer' },
          ...testId(`inc-category-row-${c.code}`),
        })}
        columns={[
          { title: t('inc.code'), dataIndex: 'code' },
          { title: t('inc.category'), key: 'name', render: (_: unknown, c) => pick(lang, c.nameZh, c.nameEn) },
          { title: t('inc.group'), dataIndex: 'groupName' },
          { title: t('inc.handlingLevel'), dataIndex: 'handlingLevel', render: (l: string) => names.levelName(l) },
          {
            title: t('inc.onSiteRequired'),
            dataIndex: 'onSiteRequired',
            render: (b: boolean) => (b ? t('inc.yes') : t('inc.no')),
          },
          {
            title: t('inc.defaultPriority'),
            dataIndex: 'defaultPriority',
            render: (p: string) => names.priorityName(p),
          },
          { title: t('inc.attrs'), key: 'attrs', render: (_: unknown, c) => c.attributes.length },
          {
            title: t('inc.active'),
            dataIndex: 'active',
            render: (b: boolean) => (
              <Tag color={b ? 'green' : 'default'}>{b ? t('common.active') : t('common.inactive')}</Tag>
            ),
          },
        ]}
      />
      {editing ? (
        <CategoryEditor category={editing.c} isNew={editing.c === null} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}

function RulesTab() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const names = useIncidentNames();
  const rules = useDispatchRules();
  const categories = useCategories({ all: true });
  const save = useSaveRule();
  const [editing, setEditing] = useState<DispatchRule | 'new' | null>(null);
  const [form] = Form.useForm<DispatchRuleInput>();
  const catName = (code: string | null) => {
    const c = (categories.data ?? []).find((x) => x.code === code);
    return code === null ? t('inc.anyCategory') : c ? pick(lang, c.nameZh, c.nameEn) : code;
  };
  const open = (r: DispatchRule | 'new') => {
    setEditing(r);
    form.setFieldsValue(
      r === 'new'
        ? {
            categoryCode: null,
            regionCode: '',
            handlingLevel: 'grid',
            organizationId: null,
            autoDispatch: true,
            order: 100,
            active: true,
          }
        : { ...r },
    );
  };
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} style={{ marginBottom: 12 }}>
        {t('inc.newRule')}
      </Button>
      {rules.isError ? <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} /> : null}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Table<DispatchRule>
        rowKey="id"
        size="small"
        loading={rules.isFetching}
        dataSource={rules.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={false}
        onRow={(r) => ({ onClick: () => open(r), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('inc.category'), dataIndex: 'categoryCode', render: catName },
          { title: t('inc.region'), dataIndex: 'regionCode' },
          { title: t('inc.handlingLevel'), dataIndex: 'handlingLevel', render: (l: string) => names.levelName(l) },
          {
            title: t('inc.autoDispatch'),
            dataIndex: 'autoDispatch',
            render: (b: boolean) => (b ? t('inc.yes') : t('inc.no')),
          },
          { title: t('inc.order'), dataIndex: 'order' },
          { title: t('inc.active'), dataIndex: 'active', render: (b: boolean) => (b ? t('inc.yes') : t('inc.no')) },
          {
            key: 'del',
            render: (_: unknown, r) => (
              <span onClick={(e) => e.stopPropagation()}>
                <Popconfirm title={t('inc.confirmDelete')} onConfirm={() => save.mutate({ deleteId: r.id })}>
                  <Button size="small" danger icon={<DeleteOutlined />} />
                </Popconfirm>
              </span>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={t('inc.rules')}
        onCancel={() => setEditing(null)}
        okButtonProps={{ loading: save.isPending }}
        onOk={() =>
          void form.validateFields().then((v) =>
            save.mutate(
              {
                id: editing === 'new' || editing === null ? null : editing.id,
                input: { ...v, categoryCode: v.categoryCode ?? null },
              },
              { onSuccess: () => setEditing(null), onError: (err) => applyFieldErrors(form, err) },
            ),
          )
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="categoryCode" label={t('inc.category')}>
            <Select
              allowClear
              placeholder={t('inc.anyCategory')}
              options={(categories.data ?? []).map((c) => ({ value: c.code, label: pick(lang, c.nameZh, c.nameEn) }))}
            />
          </Form.Item>
          <Form.Item name="regionCode" label={t('inc.region')} rules={[{ required: true }]}>
            <RegionSelect style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="handlingLevel" label={t('inc.handlingLevel')}>
            <Select options={HANDLING_LEVELS.map((l) => ({ value: l, label: names.levelName(l) }))} />
          </Form.Item>
          <Form.Item name="organizationId" label={t('inc.department')}>
            <OrganizationSelect />
          </Form.Item>
          <Flex gap={16}>
            <Form.Item name="autoDispatch" label={t('inc.autoDispatch')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="active" label={t('inc.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="order" label={t('inc.order')}>
              <InputNumber min={0} max={10000} />
            </Form.Item>
          </Flex>
        </Form>
      </Modal>
    </>
  );
}

interface CalendarForm {
  code: string;
  name: string;
  timeZone: string;
  hours: Record<string, string>;
  holidays: string;
  extraWorkdays: string;
}

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const split = (s: string | undefined) =>
  (s ?? '')
    .split(/[,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function CalendarsTab() {
  const { t } = useTranslation();
  const list = useCalendars();
  const save = useSaveCalendar();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CalendarForm>();
  const edit = (c: WorkingCalendarInput | null) => {
    setOpen(true);
    const hours: Record<string, string> = {};
    for (const d of WEEKDAYS)
      hours[d] = (c?.hours[d] ?? (c ? [] : Number(d) <= 5 ? ['08:30-12:00', '14:00-17:30'] : [])).join(',');
    form.setFieldsValue({
      code: c?.code ?? '',
      name: c?.name ?? '',
      timeZone: c?.timeZone ?? 'Asia/Shanghai',
      hours,
      holidays: (c?.holidays ?? []).join(','),
      extraWorkdays: (c?.extraWorkdays ?? []).join(','),
    });
  };
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => edit(null)} style={{ marginBottom: 12 }}>
        {t('inc.newCalendar')}
      </Button>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<WorkingCalendarInput>
        rowKey="code"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        onRow={(c) => ({ onClick: () => edit(c), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('inc.code'), dataIndex: 'code' },
          { title: t('inc.name'), dataIndex: 'name' },
          { title: t('inc.hours'), key: 'h', render: (_: unknown, c) => (c.hours['1'] ?? []).join(', ') },
          { title: t('inc.holidays'), key: 'hd', render: (_: unknown, c) => c.holidays.length },
        ]}
      />
      <Modal
        open={open}
        title={t('inc.calendars')}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: save.isPending }}
        width={640}
        onOk={() =>
          void form.validateFields().then((v) => {
            const hours = Object.fromEntries(
              WEEKDAYS.map((d) => [d, split(v.hours[d])]),
            ) as WorkingCalendarInput['hours'];
            save.mutate(
              {
                code: v.code,
                name: v.name,
                timeZone: v.timeZone,
                hours,
                holidays: split(v.holidays),
                extraWorkdays: split(v.extraWorkdays),
              },
              { onSuccess: () => setOpen(false) },
            );
          })
        }
      >
        <Form form={form} layout="vertical" size="small">
          <Flex gap={8}>
            <Form.Item
              name="code"
              label={t('inc.code')}
              rules={[{ required: true, pattern: /^[a-z0-9_-]{2,40}$/ }]}
              style={{ flex: 1 }}
            >
              <Input />
            </Form.Item>
            <Form.Item name="name" label={t('inc.name')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
            <Form.Item name="timeZone" label="TZ" style={{ flex: 1 }}>
              <Input />
            </Form.Item>
          </Flex>
          <Typography.Text type="secondary">{t('inc.hours')}</Typography.Text>
          {WEEKDAYS.map((d) => (
            <Form.Item
              key={d}
              name={['hours', d]}
              label={t('inc.weekday', { d: '一二三四五六日'[Number(d) - 1] })}
              style={{ marginBottom: 6 }}
            >
              <Input placeholder="08:30-12:00,14:00-17:30" />
            </Form.Item>
          ))}
          <Form.Item name="holidays" label={t('inc.holidays')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
          <Form.Item name="extraWorkdays" label={t('inc.extraWorkdays')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
          {save.error ? <ErrorAlert error={save.error} /> : null}
        </Form>
      </Modal>
    </>
  );
}

function OutlinesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadOutlines();
  const [parseError, setParseError] = useState<string | null>(null);
  const result = upload.data as { imported?: number; updated?: number } | undefined;
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary">{t('inc.outlinesHint')}</Typography.Paragraph>
      <Upload
        accept=".geojson,.json,application/geo+json,application/json"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(file) => {
          setParseError(null);
          void file.text().then((text) => {
            let fc: unknown;
            try {
              fc = JSON.parse(text);
            } catch (err) {
              setParseError(err instanceof Error ? err.message : String(err));
              return;
            }
            upload.mutate(fc, {
              onSuccess: (r) => {
                const x = r as { imported?: number; updated?: number } | undefined;
                void message.success(t('inc.outlinesSaved', { n: (x?.imported ?? 0) + (x?.updated ?? 0) }));
              },
            });
          });
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="inc-outlines-upload">
          {t('inc.uploadGeojson')}
        </Button>
      </Upload>
      {parseError ? <Alert type="error" showIcon message="JSON" description={parseError} /> : null}
      {upload.error ? <ErrorAlert error={upload.error} testId="inc-outlines-error" /> : null}
      {upload.error instanceof ApiError && upload.error.details.length > 10 ? (
        // The alert lists ten; a large file may have many more bad features, all shown here.
        <Table
          size="small"
          rowKey={(d) => d.path}
          dataSource={upload.error.details}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: 'path', dataIndex: 'path' },
            { title: t('inc.note'), dataIndex: 'message' },
          ]}
        />
      ) : null}
      {result ? (
        <Alert
          type="success"
          showIcon
          message={t('inc.outlinesSaved', { n: (result.imported ?? 0) + (result.updated ?? 0) })}
        />
      ) : null}
    </Flex>
  );
}

function PrefixesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = usePrefixes();
  const save = useSavePrefixes();
  const [form] = Form.useForm<{ rows: PrefixRow[] }>();
  if (list.isPending) return <Card loading />;
  return (
    <Form
      form={form}
      initialValues={{ rows: list.data ?? [] }}
      onFinish={(v) => save.mutate(v.rows ?? [], { onSuccess: () => void message.success(t('inc.saved')) })}
      style={{ maxWidth: 560 }}
    >
      {list.isError ? <ErrorAlert error={list.error} /> : null}
      <Form.List name="rows">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Flex key={f.key} gap={8} align="start">
                <Form.Item name={[f.name, 'regionCode']} rules={[{ required: true }]} style={{ flex: 2 }}>
                  <RegionSelect style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'prefix']}
                  rules={[{ required: true, pattern: /^[A-Z][A-Z0-9]{0,7}$/ }]}
                  style={{ flex: 1 }}
                >
                  <Input placeholder="LG" />
                </Form.Item>
                <Button danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
              </Flex>
            ))}
            <Flex gap={8}>
              <Button icon={<PlusOutlined />} onClick={() => add({ regionCode: '', prefix: '' })}>
                {t('inc.addPrefix')}
              </Button>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Flex>
          </>
        )}
      </Form.List>
      {save.error ? <ErrorAlert error={save.error} /> : null}
    </Form>
  );
}
