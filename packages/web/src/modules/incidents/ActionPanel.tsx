import { useState } from 'react';
import { App, Button, Flex, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IncidentAction, IncidentDetail, TransitionInput } from '@zhili/contracts';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { ActionFields, type FormValues } from './ActionFields.tsx';
import { useIncident, useReportIn, useTransition, useWhistle } from './incidentsApi.ts';
import { useIncidentNames } from './names.ts';

/** Actions done with one click (no form). */
const ONE_CLICK = new Set<IncidentAction>(['respond', 'accept', 'close', 'resume']);
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
        onOk={() =>
          // A failed validation is shown on the fields; swallow the rejection (no uncaught error).
          void form.validateFields().then(
            (v) => action && run(action, v),
            () => undefined,
          )
        }
        destroyOnHidden
      >
        {action ? <ActionFields action={action} incident={incident} form={form} /> : null}
        {transition.error && !isStale(transition.error) ? <ErrorAlert error={transition.error} /> : null}
      </Modal>
    </>
  );
}
