import { useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Result,
  Select,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { PRIORITIES, type IncidentIntake, type IntakeReceipt, type Priority } from '@zhili/contracts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, PageHeader, SecretText } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useMe } from '../auth/me.ts';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { submitIncident, useCategories, useDuplicates } from './incidentsApi.ts';
import { useIncidentNames } from './names.ts';
import { PhotoUpload } from './PhotoUpload.tsx';
import { AttributeFields, attributeValues, type AttributeFormValues } from './AttributeFields.tsx';

interface ReportValues {
  categoryCode?: string;
  description?: string;
  address?: string;
  lat?: number | null;
  lng?: number | null;
  regionCode?: string | null;
  attachmentIds?: string[];
  anonymous?: boolean;
  name?: string;
  phone?: string;
  priority?: Priority | null;
  attributes?: AttributeFormValues;
}

/** A random UUID; `crypto.randomUUID` needs a secure context, a LAN address over http is not one. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The report form, for a resident (`channel="resident"`: anonymous option) or a hotline
 * operator (`channel="hotline"`: caller name and phone required, priority). Live duplicate
 * suggestions before submit; a receipt with number and tracking code after.
 */
export function ReportForm({ channel }: { channel: 'resident' | 'hotline' }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const me = useMe();
  const isPhone = useIsPhone();
  const names = useIncidentNames();
  const [form] = Form.useForm<ReportValues>();
  const categories = useCategories();
  const [receipt, setReceipt] = useState<IntakeReceipt | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [locating, setLocating] = useState(false);
  // One key per submission: a double click or a retry after a lost answer files once.
  const key = useRef<string | null>(null);
  const hotline = channel === 'hotline';

  const categoryCode = Form.useWatch('categoryCode', form);
  const lat = Form.useWatch('lat', form);
  const lng = Form.useWatch('lng', form);
  const regionCode = Form.useWatch('regionCode', form);
  const anonymous = Form.useWatch('anonymous', form);
  const category = useMemo(
    () => (categories.data ?? []).find((c) => c.code === categoryCode),
    [categories.data, categoryCode],
  );
  const duplicates = useDuplicates({ categoryCode, lat, lng, regionCode });

  const locate = () => {
    if (!('geolocation' in navigator)) return;
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        form.setFieldsValue({
          lat: Math.round(pos.coords.latitude * 1e6) / 1e6,
          lng: Math.round(pos.coords.longitude * 1e6) / 1e6,
        });
      },
      () => setLocating(false),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const submit = async (v: ReportValues) => {
    if (sending) return;
    setSending(true);
    setError(null);
    key.current ??= newIdempotencyKey();
    const anon = !hotline && !!v.anonymous;
    const input: IncidentIntake = {
      categoryCode: v.categoryCode ?? '',
      description: (v.description ?? '').trim(),
      location: {
        address: v.address?.trim() || null,
        lat: v.lat ?? null,
        lng: v.lng ?? null,
        regionCode: v.regionCode ?? null,
      },
      reporter: {
        name: anon ? null : v.name?.trim() || null,
        phone: anon ? null : v.phone?.trim() || null,
        email: null,
        anonymous: anon,
      },
      priority: hotline ? (v.priority ?? null) : null,
      channel,
      attributes: attributeValues(v.attributes),
      attachmentIds: v.attachmentIds ?? [],
      mediaUrl: null,
      sourceRef: null,
    };
    try {
      const r = await submitIncident(input, key.current, me.csrfToken);
      key.current = null;
      setReceipt(r);
    } catch (err) {
      if (!applyFieldErrors(form, err)) setError(err);
    } finally {
      setSending(false);
    }
  };

  if (receipt) {
    return (
      <Card>
        <Result
          status="success"
          title={t('inc.receiptTitle')}
          subTitle={t('inc.receiptHint')}
          data-testid="inc-receipt"
          extra={[
            <Button
              key="again"
              onClick={() => {
                setReceipt(null);
                form.resetFields();
              }}
              data-testid="inc-report-again"
            >
              {t('inc.reportAnother')}
            </Button>,
            <Link key="view" to={`/incidents/${receipt.id}`}>
              <Button type="primary">{t('inc.viewIncident')}</Button>
            </Link>,
          ]}
        >
          <Flex vertical gap={4} style={{ maxWidth: 360, margin: '0 auto' }}>
            <Typography.Text type="secondary">{t('inc.receiptNumber')}</Typography.Text>
            <SecretText value={receipt.number} testId="inc-receipt-number" />
            <Typography.Text type="secondary">{t('inc.receiptCode')}</Typography.Text>
            <SecretText value={receipt.trackingCode} testId="inc-receipt-code" />
            <Typography.Text type="secondary">{names.statusName(receipt.status)}</Typography.Text>
            {/* The public page needs no login: the reporter can bookmark it to follow and rate. */}
            <Link
              to={`/track?${new URLSearchParams({ number: receipt.number, code: receipt.trackingCode }).toString()}`}
              data-testid="inc-receipt-track"
            >
              {t('inc.trackLink')}
            </Link>
          </Flex>
        </Result>
      </Card>
    );
  }

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader title={hotline ? t('inc.hotline') : t('inc.report')} />
      <Card size="small">
        <Typography.Paragraph type="secondary">
          {hotline ? t('inc.hotlineIntro') : t('inc.reportIntro')}
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          size={isPhone ? 'large' : 'middle'}
          initialValues={{ anonymous: false, attachmentIds: [] }}
          onFinish={(v) => void submit(v)}
          data-testid="inc-report-form"
        >
          <Form.Item
            name="categoryCode"
            label={t('inc.category')}
            rules={[{ required: true, message: t('inc.pickCategory') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              loading={categories.isPending}
              options={(categories.data ?? [])
                .filter((c) => c.active)
                .map((c) => ({
                  value: c.code,
                  label: pick(lang, c.nameZh, c.nameEn),
                  group: pick(lang, c.groupName, c.groupNameEn),
                }))}
              data-testid="inc-report-category"
            />
          </Form.Item>
          {category?.description ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
              {category.description}
            </Typography.Paragraph>
          ) : null}
          {hotline ? (
            <Form.Item name="priority" label={t('inc.priority')}>
              <Select allowClear options={PRIORITIES.map((p) => ({ value: p, label: names.priorityName(p) }))} />
            </Form.Item>
          ) : null}
          <Form.Item
            name="description"
            label={t('inc.description')}
            rules={[{ required: true, whitespace: true, message: t('inc.descriptionRequired') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 10 }}
              maxLength={5000}
              showCount
              data-testid="inc-report-description"
            />
          </Form.Item>
          {category ? <AttributeFields category={category} /> : null}
          <Form.Item name="address" label={t('inc.address')}>
            <Input maxLength={300} data-testid="inc-report-address" />
          </Form.Item>
          <Flex gap={8} align="end" wrap>
            <Form.Item name="lat" label={t('inc.lat')} style={{ flex: 1, minWidth: 130 }}>
              <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} data-testid="inc-report-lat" />
            </Form.Item>
            <Form.Item name="lng" label={t('inc.lng')} style={{ flex: 1, minWidth: 130 }}>
              <InputNumber
                min={-180}
                max={180}
                step={0.000001}
                style={{ width: '100%' }}
                data-testid="inc-report-lng"
              />
            </Form.Item>
            <Form.Item>
              <Button icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="inc-report-locate">
                {t('inc.useMyLocation')}
              </Button>
            </Form.Item>
          </Flex>
          {/* A hotline matter without a place reaches no dispatcher's scope: the operator must say where. */}
          <Form.Item
            name="regionCode"
            label={hotline ? t('inc.regionHintHotline') : t('inc.regionHint')}
            rules={hotline ? [{ required: true, message: t('inc.regionRequired') }] : []}
          >
            <RegionSelect testId="inc-report-region" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="attachmentIds" label={t('inc.photos')}>
            <PhotoUpload csrfToken={me.csrfToken} large={isPhone} testId="inc-report-photo" />
          </Form.Item>
          {!hotline ? (
            <Form.Item name="anonymous" label={t('inc.anonymousSwitch')} valuePropName="checked">
              <Switch data-testid="inc-report-anonymous" />
            </Form.Item>
          ) : null}
          {hotline || !anonymous ? (
            <Flex gap={8} wrap>
              <Form.Item
                name="name"
                label={hotline ? t('inc.callerName') : t('inc.name')}
                rules={hotline ? [{ required: true, whitespace: true, message: t('inc.required') }] : []}
                style={{ flex: 1, minWidth: 160 }}
              >
                <Input maxLength={100} data-testid="inc-report-name" />
              </Form.Item>
              <Form.Item
                name="phone"
                label={hotline ? t('inc.callerPhone') : t('inc.phone')}
                rules={[...(hotline ? [{ required: true, message: t('inc.required') }] : []), { min: 5, max: 30 }]}
                style={{ flex: 1, minWidth: 160 }}
              >
                <Input maxLength={30} inputMode="tel" data-testid="inc-report-phone" />
              </Form.Item>
            </Flex>
          ) : null}
          {(duplicates.data ?? []).length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('inc.duplicates')}
              description={
                <>
                  <div>{t('inc.duplicatesHint')}</div>
                  <List
                    size="small"
                    data-testid="inc-report-duplicates"
                    dataSource={duplicates.data ?? []}
                    renderItem={(d) => (
                      <List.Item>
                        <Flex vertical>
                          <span>
                            <Typography.Text strong>{d.number}</Typography.Text> <Tag>{names.statusName(d.status)}</Tag>
                            {d.distanceM !== null ? t('inc.meters', { n: Math.round(d.distanceM) }) : null}{' '}
                            <Typography.Text type="secondary">
                              {dayjs(d.receivedAt).format('MM-DD HH:mm')}
                            </Typography.Text>
                          </span>
                          <Typography.Text type="secondary" ellipsis>
                            {d.description}
                          </Typography.Text>
                        </Flex>
                      </List.Item>
                    )}
                  />
                </>
              }
            />
          ) : null}
          {error ? <ErrorAlert error={error} testId="inc-report-error" /> : null}
          <Button
            type="primary"
            htmlType="submit"
            loading={sending}
            block={isPhone}
            size="large"
            data-testid="inc-report-submit"
          >
            {t('inc.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
