import { useState } from 'react';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Radio, Rate, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IncidentAction, IncidentDetail, TransitionInput } from '@zhili/contracts';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useAccounts } from '../accounts/accountsApi.ts';
import { can, useMe } from '../auth/me.ts';
import { OrganizationSelect } from '../organizations/OrganizationSelect.tsx';
import { useOrganizations } from '../organizations/organizationsApi.ts';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { useIncident, useIncidents, useReportIn, useTransition, useWhistle } from './incidentsApi.ts';
import { useIncidentNames } from './names.ts';
import { PhotoUpload } from './PhotoUpload.tsx';

/** Actions done with one click (no form). */
const ONE_CLICK = new Set<IncidentAction>(['respond', 'accept', 'close', 'resume']);
/** Actions whose note is required by the lifecycle. */
const NOTE_REQUIRED = new Set<IncidentAction>(['return', 'escalate', 'hold', 'reopen', 'comment']);
/** Button order on the screen: the usual next step first. */
const ORDER: IncidentAction[] = [
  'respond',
  'dispatch',
  'accept',
  'arrive',
  'resolve',
  'follow_up',
  'close',
  'whistle',
  'report_in',
  'return',
  'escalate',
  'hold',
  'resume',
  'merge',
  'reopen',
  'comment',
];
const PRIMARY = new Set<IncidentAction>(['respond', 'dispatch', 'accept', 'arrive', 'resolve', 'close']);

/** True for the 409 that means "someone changed it since you loaded it". */
export function isStale(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 'INCIDENT_STALE' || err.status === 409);
}

interface FormValues {
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

/**
 * The buttons of the actions the caller may take now (`allowedActions`), each opening its
 * form. Every change sends the version the caller saw; a stale one reloads and says so.
 */
export function ActionPanel({
  incident,
  large = false,
  only,
}: {
  incident: IncidentDetail;
  large?: boolean;
  /** Show just these actions (the phone task cards keep to the handler's steps). */
  only?: readonly IncidentAction[];
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const { actionName } = useIncidentNames();
  const detail = useIncident(incident.id);
  const transition = useTransition(incident.id);
  const whistle = useWhistle(incident.id);
  const reportIn = useReportIn(incident.id);
  const [action, setAction] = useState<IncidentAction | null>(null);
  const [form] = Form.useForm<FormValues>();
  const pending = transition.isPending || whistle.isPending || reportIn.isPending;

  const onError = (err: unknown) => {
    if (isStale(err)) {
      void message.warning(t('inc.stale'), 6);
      void detail.refetch();
      setAction(null);
    } else {
      void message.error(errorText(err, lang, t));
    }
  };
  const onDone = () => {
    void message.success(t('inc.done_ok'));
    setAction(null);
    form.resetFields();
  };

  const run = (a: IncidentAction, v: FormValues) => {
    if (a === 'whistle') {
      whistle.mutate(
        {
          version: incident.version,
          organizationIds: v.organizationIds ?? [],
          note: v.note ?? '',
          reportInMinutes: v.reportInMinutes ?? 30,
        },
        { onSuccess: onDone, onError },
      );
      return;
    }
    if (a === 'report_in') {
      reportIn.mutate({ organizationId: v.organizationId ?? '', note: v.note ?? null }, { onSuccess: onDone, onError });
      return;
    }
    const input: Partial<TransitionInput> & Pick<TransitionInput, 'action' | 'version'> = {
      action: a as TransitionInput['action'],
      version: incident.version,
      note: v.note?.trim() ? v.note.trim() : null,
    };
    if (a === 'dispatch') {
      if (v.unit === 'organization') input.organizationId = v.organizationId ?? null;
      else input.regionCode = v.regionCode ?? null;
      if (v.accountId) input.accountId = v.accountId;
    }
    if (a === 'merge') input.targetId = v.targetId ?? null;
    if (a === 'arrive') {
      input.lat = v.lat ?? null;
      input.lng = v.lng ?? null;
    }
    if (a === 'resolve') input.attachmentIds = v.attachmentIds ?? [];
    if (a === 'follow_up') input.satisfaction = v.satisfaction ?? null;
    transition.mutate(input, { onSuccess: onDone, onError });
  };

  const allowed = ORDER.filter((a) => incident.allowedActions.includes(a) && (!only || only.includes(a)));
  if (allowed.length === 0) return null;

  return (
    <>
      <Flex gap={8} wrap data-testid="inc-actions">
        {allowed.map((a) => (
          <Button
            key={a}
            type={PRIMARY.has(a) ? 'primary' : 'default'}
            danger={a === 'return' || a === 'escalate'}
            size={large ? 'large' : 'middle'}
            loading={pending && action === a}
            style={large ? { minHeight: 48, minWidth: 96 } : undefined}
            onClick={() => {
              if (ONE_CLICK.has(a)) {
                setAction(a);
                run(a, {});
              } else {
                form.resetFields();
                setAction(a);
              }
            }}
            data-testid={`inc-action-${a}`}
          >
            {actionName(a)}
          </Button>
        ))}
      </Flex>
      <Modal
        open={action !== null && !ONE_CLICK.has(action)}
        title={action ? actionName(action) : ''}
        onCancel={() => setAction(null)}
        okText={t('inc.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: pending, size: large ? 'large' : 'middle', ...testId('inc-action-submit') }}
        onOk={() => void form.validateFields().then((v) => action && run(action, v))}
        destroyOnHidden
      >
        {action ? <ActionFields action={action} incident={incident} form={form} /> : null}
        {transition.error && !isStale(transition.error) ? <ErrorAlert error={transition.error} /> : null}
      </Modal>
    </>
  );
}

function ActionFields({
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

/** Several departments by name, for the whistle. */
function OrganizationsMulti({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const [q, setQ] = useState('');
  const list = useOrganizations({ q: q || undefined, page: 1, pageSize: 30 });
  return (
    <Select
      mode="multiple"
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      loading={list.isFetching}
      data-testid="inc-whistle-orgs"
      options={(list.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
    />
  );
}

/** An account by name, for dispatching to a named handler (needs account.read). */
function AccountPicker({ value, onChange }: { value?: string | null; onChange?: (v: string | null) => void }) {
  const [q, setQ] = useState('');
  const list = useAccounts({ q: q || undefined, page: 1, pageSize: 20 });
  return (
    <Select
      allowClear
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      data-testid="inc-dispatch-account"
      options={(list.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.displayName}（${a.username}）` }))}
    />
  );
}

/** Another incident by its number, for merging a duplicate. */
function IncidentPicker({
  value,
  onChange,
  exclude,
}: {
  value?: string;
  onChange?: (v: string) => void;
  exclude: string;
}) {
  const [q, setQ] = useState('');
  const list = useIncidents({ q: q || undefined, page: 1, pageSize: 10 }, { enabled: q.length > 0 });
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      loading={list.isFetching}
      data-testid="inc-merge-target"
      options={(list.data?.items ?? [])
        .filter((i) => i.id !== exclude)
        .map((i) => ({ value: i.id, label: `${i.number} ${i.categoryName} ${i.description.slice(0, 30)}` }))}
    />
  );
}
