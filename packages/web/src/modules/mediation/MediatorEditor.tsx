import { Button, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  AFFILIATIONS,
  CERTIFICATION_STATUSES,
  MEDIATION_TYPES,
  type AvailabilitySlot,
  type Mediator,
  type MediatorCreate,
} from '@zhili/contracts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { HometownPicker } from './HometownPicker.tsx';
import { useSaveMediator } from './mediationApi.ts';
import { useMedNames } from './names.ts';
import { FormDrawer } from '../../lib/FormDrawer.tsx';

interface Values {
  name: string;
  phone?: string | null;
  hometownCode: string | null;
  hometownName?: string | null;
  dialects: string[];
  languages: string[];
  expertise: MediatorCreate['expertise'];
  affiliations: MediatorCreate['affiliations'];
  organizationName?: string | null;
  certificationStatus: MediatorCreate['certificationStatus'];
  certifiedUntil: Dayjs | null;
  availability: AvailabilitySlot[];
  leaves: { range: [Dayjs, Dayjs] | null; reason?: string | null }[];
  capacity: number;
  serviceRegionCode: string | null;
  active: boolean;
  note?: string | null;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

function initialValues(m: Mediator | null, regionCode: string | null): Values {
  return {
    name: m?.name ?? '',
    phone: m?.phone ?? null,
    hometownCode: m?.hometown.code ?? null,
    hometownName: m?.hometown.name ?? null,
    dialects: m?.dialects ?? [],
    languages: m?.languages ?? ['普通话'],
    expertise: m?.expertise ?? [],
    affiliations: m?.affiliations ?? ['reserve_pool'],
    organizationName: m?.organizationName ?? null,
    certificationStatus: m?.certificationStatus ?? 'none',
    certifiedUntil: m?.certifiedUntil ? dayjs(m.certifiedUntil) : null,
    availability: m?.availability ?? [],
    leaves: (m?.leaves ?? []).map((l) => ({ range: [dayjs(l.from), dayjs(l.to)], reason: l.reason })),
    capacity: m?.capacity ?? 3,
    serviceRegionCode: m?.serviceRegionCode ?? regionCode,
    active: m?.active ?? true,
    note: m?.note ?? null,
  };
}

/**
 * Creates or edits a mediator: hometown (province › city › county), dialects, expertise, weekly
 * availability, leave and capacity. A masked phone is sent back only when it was retyped.
 */
export function MediatorEditor({ mediator, onClose }: { mediator: Mediator | null; onClose: () => void }) {
  const { t } = useTranslation();
  const names = useMedNames();
  const { scope } = useScope();
  const [form] = Form.useForm<Values>();
  const save = useSaveMediator();
  const initial = initialValues(mediator, scope?.regionCode ?? null);

  const submit = (v: Values) => {
    const phone = v.phone?.trim() || null;
    const body = {
      name: v.name,
      ...(phone !== initial.phone ? { phone } : {}),
      hometownCode: v.hometownCode ?? '',
      hometownName: v.hometownName?.trim() || null,
      dialects: v.dialects,
      languages: v.languages,
      expertise: v.expertise,
      affiliations: v.affiliations,
      organizationName: v.organizationName?.trim() || null,
      certificationStatus: v.certificationStatus,
      certifiedUntil: v.certifiedUntil ? v.certifiedUntil.format('YYYY-MM-DD') : null,
      availability: v.availability,
      leaves: v.leaves
        .filter((l) => l.range)
        .map((l) => ({
          from: l.range?.[0].format('YYYY-MM-DD') ?? '',
          to: l.range?.[1].format('YYYY-MM-DD') ?? '',
          reason: l.reason?.trim() || null,
        })),
      capacity: v.capacity,
      serviceRegionCode: v.serviceRegionCode ?? '',
      active: v.active,
      note: v.note?.trim() || null,
    };
    save.mutate(
      mediator
        ? { id: mediator.id, body: { version: mediator.version, ...body } }
        : { id: null, body: body as MediatorCreate },
      { onSuccess: onClose, onError: (err) => applyFieldErrors(form, err) },
    );
  };

  return (
    <FormDrawer
      title={mediator ? mediator.name : t('med.mediator.new')}
      width={720}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={save.isPending}
      saveTestId="med-mediator-save"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        // A new hometown makes the old place name wrong: left empty, the server names the new one.
        onValuesChange={(changed: Partial<Values>) => {
          if ('hometownCode' in changed) form.setFieldValue('hometownName', null);
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('med.mediator.name')} rules={[{ required: true, max: 100 }]}>
              <Input data-testid="med-mediator-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={t('med.party.phone')}>
              <Input inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="hometownCode"
              label={t('med.hometown.label')}
              rules={[{ required: true }]}
              extra={t('med.hometown.hint')}
            >
              <HometownPicker testId="med-mediator-hometown" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="hometownName" label={t('med.hometown.name')} extra={t('med.hometown.nameHint')}>
              <Input placeholder="安徽省阜阳市临泉县" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="dialects" label={t('med.mediator.dialects')}>
              <Select mode="tags" tokenSeparators={[',', '，']} open={false} data-testid="med-mediator-dialects" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="languages" label={t('med.mediator.languages')}>
              <Select mode="tags" tokenSeparators={[',', '，']} open={false} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="expertise" label={t('med.mediator.expertise')}>
              <Select mode="multiple" options={names.options('type', MEDIATION_TYPES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="affiliations" label={t('med.mediator.affiliation')}>
              <Select mode="multiple" options={names.options('affiliation', AFFILIATIONS)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="organizationName" label={t('med.mediator.organization')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="certificationStatus" label={t('med.mediator.certification')}>
              <Select options={names.options('cert', CERTIFICATION_STATUSES)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="certifiedUntil" label={t('med.mediator.certifiedUntil')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="capacity" label={t('med.mediator.capacity')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="active" label={t('med.mediator.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="serviceRegionCode" label={t('med.mediator.serviceArea')} rules={[{ required: true }]}>
              <RegionSelect
                initialLabel={mediator?.serviceRegionName ?? scope?.regionName ?? null}
                style={{ width: '100%' }}
                testId="med-mediator-region"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('med.mediator.availability')}>
          <Form.List name="availability">
            {(fields, { add, remove }) => (
              <Flex vertical gap={6}>
                {fields.map((f) => (
                  <Space.Compact key={f.key} style={{ width: '100%' }}>
                    <Form.Item name={[f.name, 'weekday']} noStyle>
                      <Select
                        style={{ width: '40%' }}
                        options={WEEKDAYS.map((d) => ({ value: d, label: t(`med.weekday.${d}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'from']} noStyle rules={[{ pattern: HHMM, required: true }]}>
                      <Input style={{ width: '25%' }} placeholder="09:00" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'to']} noStyle rules={[{ pattern: HHMM, required: true }]}>
                      <Input style={{ width: '25%' }} placeholder="17:00" />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('med.remove')} />
                  </Space.Compact>
                ))}
                <Space wrap>
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => add({ weekday: 1, from: '09:00', to: '17:00' })}
                  >
                    {t('med.mediator.addSlot')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      form.setFieldValue(
                        'availability',
                        [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '18:00', to: '21:00' })),
                      )
                    }
                  >
                    {t('med.mediator.weekdayEvenings')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      form.setFieldValue(
                        'availability',
                        [6, 7].map((weekday) => ({ weekday, from: '09:00', to: '17:00' })),
                      )
                    }
                  >
                    {t('med.mediator.weekends')}
                  </Button>
                </Space>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label={t('med.mediator.leaves')}>
          <Form.List name="leaves">
            {(fields, { add, remove }) => (
              <Flex vertical gap={6}>
                {fields.map((f) => (
                  <Flex key={f.key} gap={6} wrap>
                    <Form.Item name={[f.name, 'range']} noStyle rules={[{ required: true }]}>
                      <DatePicker.RangePicker />
                    </Form.Item>
                    <Form.Item name={[f.name, 'reason']} noStyle>
                      <Input style={{ flex: 1, minWidth: 120 }} placeholder={t('med.mediator.leaveReason')} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('med.remove')} />
                  </Flex>
                ))}
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => add({ range: null })}
                  style={{ alignSelf: 'start' }}
                >
                  {t('med.mediator.addLeave')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="note" label={t('med.note')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        {save.error ? <ErrorAlert error={save.error} testId="med-mediator-error" /> : null}
        <button type="submit" hidden {...testId('med-mediator-hidden-submit')} />
      </Form>
    </FormDrawer>
  );
}
