import { useEffect } from 'react';
import { Button, Card, Col, Drawer, Flex, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_CLOCK_TARGETS,
  HANDLING_LEVELS,
  PRIORITIES,
  type Category,
  type CategoryInput,
  type ClockTargets,
  type Priority,
  type ServiceAttribute,
} from '@zhili/contracts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { OrganizationSelect } from '../organizations/OrganizationSelect.tsx';
import { minutesToSeconds, secondsToMinutes } from './clock.ts';
import { useCalendars, useSaveCategory } from './incidentsApi.ts';
import { useIncidentNames } from './names.ts';

interface ClockMinutes {
  respond: number | null;
  dispatch: number | null;
  onSite: number | null;
  resolve: number | null;
  calendar: string | null;
}

interface AttrRow {
  code: string;
  description: string;
  datatype: ServiceAttribute['datatype'];
  required: boolean;
  values: string;
}

interface CategoryForm extends Omit<CategoryInput, 'clocks' | 'attributes' | 'keywords'> {
  keywords: string[];
  clocks: Record<Priority, ClockMinutes>;
  attributes: AttrRow[];
}

const toMinutes = (c: ClockTargets | undefined): ClockMinutes => {
  const x = c ?? DEFAULT_CLOCK_TARGETS;
  return {
    respond: secondsToMinutes(x.respondSeconds),
    dispatch: secondsToMinutes(x.dispatchSeconds),
    onSite: secondsToMinutes(x.onSiteSeconds),
    resolve: secondsToMinutes(x.resolveSeconds),
    calendar: x.calendar,
  };
};

/** The form's shape from a category (or blank for a new one). */
export function categoryToForm(c: Category | null): CategoryForm {
  const clocks = {} as Record<Priority, ClockMinutes>;
  for (const p of PRIORITIES) clocks[p] = toMinutes(c?.clocks[p]);
  return {
    code: c?.code ?? '',
    nameZh: c?.nameZh ?? '',
    nameEn: c?.nameEn ?? '',
    description: c?.description ?? '',
    groupName: c?.groupName ?? '',
    groupNameEn: c?.groupNameEn ?? '',
    keywords: c?.keywords ?? [],
    handlingLevel: c?.handlingLevel ?? 'grid',
    defaultOrganizationId: c?.defaultOrganizationId ?? null,
    onSiteRequired: c?.onSiteRequired ?? true,
    defaultPriority: c?.defaultPriority ?? 'normal',
    dispute: c?.dispute ?? false,
    active: c?.active ?? true,
    clocks,
    attributes: (c?.attributes ?? []).map((a) => ({
      code: a.code,
      description: a.description,
      datatype: a.datatype,
      required: a.required,
      values: a.values.map((v) => `${v.key}=${v.name}`).join('\n'),
    })),
  };
}

/** The category input from the form: minutes back to seconds, value lines back to pairs. */
export function formToCategory(f: CategoryForm): CategoryInput {
  const clocks: CategoryInput['clocks'] = {};
  for (const p of PRIORITIES) {
    const m = f.clocks[p];
    clocks[p] = {
      respondSeconds: minutesToSeconds(m.respond),
      dispatchSeconds: minutesToSeconds(m.dispatch),
      onSiteSeconds: f.onSiteRequired ? minutesToSeconds(m.onSite) : null,
      resolveSeconds: minutesToSeconds(m.resolve),
      calendar: m.calendar || null,
    };
  }
  return {
    code: f.code.trim(),
    nameZh: f.nameZh.trim(),
    nameEn: f.nameEn.trim(),
    description: f.description ?? '',
    groupName: f.groupName ?? '',
    groupNameEn: f.groupNameEn ?? '',
    keywords: f.keywords ?? [],
    handlingLevel: f.handlingLevel,
    defaultOrganizationId: f.defaultOrganizationId ?? null,
    onSiteRequired: f.onSiteRequired,
    defaultPriority: f.defaultPriority,
    dispute: f.dispute,
    active: f.active,
    clocks,
    attributes: (f.attributes ?? []).map((a, i) => ({
      code: a.code.trim(),
      variable: true,
      datatype: a.datatype,
      required: !!a.required,
      datatypeDescription: null,
      order: i,
      description: a.description.trim(),
      values: (a.values ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [key = '', ...rest] = l.split('=');
          return { key: key.trim(), name: (rest.join('=') || key).trim() };
        }),
    })),
  };
}

const DATATYPES: ServiceAttribute['datatype'][] = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
];

/** Drawer to create or edit a category: levels, clocks per priority (minutes), attributes. */
export function CategoryEditor({
  category,
  isNew,
  onClose,
}: {
  category: Category | null;
  isNew: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const names = useIncidentNames();
  const [form] = Form.useForm<CategoryForm>();
  const save = useSaveCategory();
  const calendars = useCalendars();
  const onSite = Form.useWatch('onSiteRequired', form);

  useEffect(() => {
    form.setFieldsValue(categoryToForm(category));
  }, [category, form]);

  const calendarOptions = [
    { value: '', label: t('inc.aroundTheClock') },
    ...(calendars.data ?? []).map((c) => ({ value: c.code, label: c.name })),
  ];

  return (
    <Drawer
      open
      width={isPhone ? '100%' : 760}
      title={isNew ? t('inc.newCategory') : t('inc.editCategory')}
      onClose={onClose}
      extra={
        <Button
          type="primary"
          loading={save.isPending}
          data-testid="inc-category-save"
          onClick={() =>
            void form
              .validateFields()
              .then((v) =>
                save.mutate(
                  { input: formToCategory(v), isNew },
                  { onSuccess: onClose, onError: (err) => applyFieldErrors(form, err) },
                ),
              )
          }
        >
          {t('common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" size="small" initialValues={categoryToForm(category)}>
        <Row gutter={8}>
          <Col xs={24} md={8}>
            <Form.Item name="code" label={t('inc.code')} rules={[{ required: true, pattern: /^[a-z0-9_.-]{2,60}$/ }]}>
              <Input disabled={!isNew} data-testid="inc-category-code" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="nameZh" label={t('inc.nameZh')} rules={[{ required: true }]}>
              <Input data-testid="inc-category-nameZh" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="nameEn" label={t('inc.nameEn')} rules={[{ required: true }]}>
              <Input data-testid="inc-category-nameEn" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('inc.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Row gutter={8}>
          <Col xs={12} md={8}>
            <Form.Item name="groupName" label={t('inc.group')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="groupNameEn" label={t('inc.groupEn')}>
              <Input data-testid="inc-category-groupEn" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="keywords" label={t('inc.keywords')}>
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="handlingLevel" label={t('inc.handlingLevel')}>
              <Select options={HANDLING_LEVELS.map((l) => ({ value: l, label: names.levelName(l) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="defaultPriority" label={t('inc.defaultPriority')}>
              <Select options={PRIORITIES.map((p) => ({ value: p, label: names.priorityName(p) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="defaultOrganizationId" label={t('inc.defaultDepartment')}>
              <OrganizationSelect />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="onSiteRequired" label={t('inc.onSiteRequired')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="dispute" label={t('inc.dispute')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="active" label={t('inc.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('inc.clockTargets')}</Typography.Title>
        {PRIORITIES.map((p) => (
          <Flex key={p} gap={6} align="end" wrap>
            <span style={{ width: 40, paddingBottom: 12 }}>{names.priorityName(p)}</span>
            {(['respond', 'dispatch', 'onSite', 'resolve'] as const).map((k) => (
              <Form.Item key={k} name={['clocks', p, k]} label={t(`inc.${k}Min`)} style={{ width: 100 }}>
                <InputNumber min={0.1} step={1} disabled={k === 'onSite' && !onSite} style={{ width: '100%' }} />
              </Form.Item>
            ))}
            <Form.Item name={['clocks', p, 'calendar']} label={t('inc.calendar')} style={{ width: 140 }}>
              <Select options={calendarOptions} />
            </Form.Item>
          </Flex>
        ))}
        <Typography.Title level={5}>{t('inc.attrs')}</Typography.Title>
        <Form.List name="attributes">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((f) => (
                <Card key={f.key} size="small">
                  <Flex gap={6} wrap align="start">
                    <Form.Item
                      name={[f.name, 'code']}
                      label={t('inc.code')}
                      rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,60}$/ }]}
                      style={{ width: 120 }}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'description']}
                      label={t('inc.description')}
                      rules={[{ required: true }]}
                      style={{ flex: 1, minWidth: 160 }}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'datatype']} label={t('inc.datatype')} style={{ width: 150 }}>
                      <Select options={DATATYPES.map((d) => ({ value: d, label: d }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'required']} label={t('inc.required')} valuePropName="checked">
                      <Switch />
                    </Form.Item>
                    <Button danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 22 }} />
                  </Flex>
                  <Form.Item name={[f.name, 'values']} label={t('inc.values')} style={{ marginBottom: 0 }}>
                    <Input.TextArea
                      autoSize={{ minRows: 1, maxRows: 6 }}
                      placeholder="small=小&#10;large=大"
                    />
                  </Form.Item>
                </Card>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ code: '', description: '', datatype: 'string', required: false, values: '' })}
              >
                {t('inc.addAttr')}
              </Button>
            </Flex>
          )}
        </Form.List>
        {save.error ? <ErrorAlert error={save.error} /> : null}
      </Form>
    </Drawer>
  );
}
