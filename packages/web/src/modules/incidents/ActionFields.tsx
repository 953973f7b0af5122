import { useState } from 'react';
import { Button, Flex, Form, Input, InputNumber, Radio, Rate, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IncidentAction, IncidentDetail } from '@zhili/contracts';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { can, useMe } from '../auth/me.ts';
import { OrganizationSelect } from '../organizations/OrganizationSelect.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { AccountPicker, IncidentPicker, OrganizationsMulti } from './ActionPickers.tsx';
import { PhotoUpload } from './PhotoUpload.tsx';

/** The form of one action in the ActionPanel's dialog: the fields that action takes. */

/** Actions whose note is required by the lifecycle. */
const NOTE_REQUIRED = new Set<IncidentAction>(['return', 'escalate', 'hold', 'reopen', 'comment']);

/** Everything any action's form may hold; ActionPanel maps it to the request. */
export interface FormValues {
  note?: string;
  unit?: 'organization' | 'region';
  organizationId?: string | null;
  regionCode?: string | null;
  accountId?: string | null;
  targetId?: string;
  lat?: number | null;
  lng?: number | null;
  attachmentIds?: string[];
  satisfaction?: number;
  organizationIds?: string[];
  reportInMinutes?: number;
}

/** The fields of `action`, for the incident shown. */
export function ActionFields({
  action,
  incident,
  form,
}: {
  action: IncidentAction;
  incident: IncidentDetail;
  form: ReturnType<typeof Form.useForm<FormValues>>[0];
}) {
  const { t } = useTranslation();
  const me = useMe();
  const isPhone = useIsPhone();
  const unit = Form.useWatch('unit', form);
  const noteRequired = NOTE_REQUIRED.has(action) || action === 'whistle';
  const noteLabel = action === 'return' ? t('inc.reason') : t('inc.note');

  return (
    <Form form={form} layout="vertical" initialValues={{ unit: 'region', reportInMinutes: 30, satisfaction: 5 }}>
      {action === 'dispatch' ? (
        <>
          <Form.Item name="unit" label={t('inc.dispatchTo')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'region', label: t('inc.toRegion') },
                { value: 'organization', label: t('inc.toDepartment') },
              ]}
              data-testid="inc-dispatch-unit"
            />
          </Form.Item>
          {unit === 'organization' ? (
            <Form.Item
              name="organizationId"
              label={t('inc.department')}
              rules={[{ required: true, message: t('inc.chooseUnit') }]}
            >
              <OrganizationSelect testId="inc-dispatch-org" />
            </Form.Item>
          ) : (
            <Form.Item
              name="regionCode"
              label={t('inc.gridOrCommunity')}
              rules={[{ required: true, message: t('inc.chooseUnit') }]}
            >
              <RegionSelect testId="inc-dispatch-region" style={{ width: '100%' }} />
            </Form.Item>
          )}
          {can(me, 'account.read') ? (
            <Form.Item name="accountId" label={t('inc.handler')}>
              <AccountPicker />
            </Form.Item>
          ) : null}
        </>
      ) : null}
      {action === 'merge' ? (
        <Form.Item name="targetId" label={t('inc.mergeTarget')} rules={[{ required: true }]}>
          <IncidentPicker exclude={incident.id} />
        </Form.Item>
      ) : null}
      {action === 'arrive' ? <CheckInFields form={form} /> : null}
      {action === 'resolve' ? (
        <Form.Item name="attachmentIds" label={t('inc.resultPhotos')}>
          <PhotoUpload csrfToken={me.csrfToken} large={isPhone} testId="inc-resolve-photo" />
        </Form.Item>
      ) : null}
      {action === 'follow_up' ? (
        <Form.Item name="satisfaction" label={t('inc.rating')}>
          <Rate data-testid="inc-followup-rating" />
        </Form.Item>
      ) : null}
      {action === 'whistle' ? (
        <>
          <Form.Item name="organizationIds" label={t('inc.departments')} rules={[{ required: true }]}>
            <OrganizationsMulti />
          </Form.Item>
          <Form.Item name="reportInMinutes" label={t('inc.minutes')}>
            <InputNumber min={1} max={10080} />
          </Form.Item>
        </>
      ) : null}
      {action === 'report_in' ? (
        <Form.Item name="organizationId" label={t('inc.reportAs')} rules={[{ required: true }]}>
          <Select
            data-testid="inc-reportin-org"
            options={incident.jointOrders.flatMap((o) =>
              o.members
                .filter((m) => m.state === 'summoned')
                .map((m) => ({ value: m.organizationId, label: m.organizationName })),
            )}
          />
        </Form.Item>
      ) : null}
      <Form.Item
        name="note"
        label={noteLabel}
        rules={
          noteRequired
            ? [
                {
                  required: true,
                  whitespace: true,
                  message: action === 'return' ? t('inc.reasonRequired') : t('inc.noteRequired'),
                },
              ]
            : []
        }
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="inc-action-note" />
      </Form.Item>
    </Form>
  );
}

/** Check-in position: the device's location when it gives one, else typed in. */
function CheckInFields({ form }: { form: ReturnType<typeof Form.useForm<FormValues>>[0] }) {
  const { t } = useTranslation();
  const [locating, setLocating] = useState(false);
  const [denied, setDenied] = useState(false);
  const locate = () => {
    if (!('geolocation' in navigator)) {
      setDenied(true);
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setDenied(false);
        form.setFieldsValue({
          lat: Math.round(pos.coords.latitude * 1e6) / 1e6,
          lng: Math.round(pos.coords.longitude * 1e6) / 1e6,
        });
      },
      () => {
        setLocating(false);
        setDenied(true);
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  return (
    <>
      <Button
        onClick={locate}
        loading={locating}
        size="large"
        block
        style={{ marginBottom: 12 }}
        data-testid="inc-checkin-locate"
      >
        {locating ? t('inc.locating') : t('inc.useMyLocation')}
      </Button>
      {denied ? <div style={{ color: '#d48806', marginBottom: 8 }}>{t('inc.locationDenied')}</div> : null}
      <Flex gap={8}>
        <Form.Item name="lat" label={t('inc.lat')} style={{ flex: 1 }}>
          <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} data-testid="inc-checkin-lat" />
        </Form.Item>
        <Form.Item name="lng" label={t('inc.lng')} style={{ flex: 1 }}>
          <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} data-testid="inc-checkin-lng" />
        </Form.Item>
      </Flex>
    </>
  );
}
