import { useState } from 'react';
import { Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { REFERRAL_TARGETS, type CaseAction, type CaseDetail } from '@zhili/contracts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { useCaseCommand } from './mediationApi.ts';
import { useMedNames } from './names.ts';

/** The actions with a form here; `assign` happens in the matching panel. */
const FORM_ACTIONS = ['session', 'agree', 'fail', 'refer', 'follow_up', 'close', 'comment'] as const;
type FormAction = (typeof FORM_ACTIONS)[number];

interface Values {
  heldAt?: Dayjs;
  place?: string;
  attendees?: string;
  summary?: string;
  nextSteps?: string;
  note?: string;
  terms?: string;
  amountAgreed?: number | null;
  performBy?: Dayjs | null;
  referralTarget?: string;
  satisfied?: boolean;
  performance?: 'pending' | 'performed' | 'partly' | 'not_performed';
}

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** The buttons of the steps this caller may take now (the server lists them), each with its form. */
export function CaseActions({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const names = useMedNames();
  const [action, setAction] = useState<FormAction | null>(null);
  const [form] = Form.useForm<Values>();
  const command = useCaseCommand(detail.id);
  const allowed = FORM_ACTIONS.filter((a) => detail.allowedActions.includes(a as CaseAction));

  const submit = (v: Values) => {
    if (!action) return;
    const done = {
      onSuccess: () => {
        setAction(null);
        form.resetFields();
      },
      onError: (err: unknown) => applyFieldErrors(form, err),
    };
    if (action === 'session') {
      command.mutate(
        {
          command: 'sessions',
          body: {
            version: detail.version,
            heldAt: (v.heldAt ?? dayjs()).toISOString(),
            place: blank(v.place),
            attendees: blank(v.attendees),
            summary: v.summary?.trim() ?? '',
            nextSteps: blank(v.nextSteps),
          },
        },
        done,
      );
      return;
    }
    command.mutate(
      {
        command: 'transitions',
        body: {
          action,
          version: detail.version,
          note: blank(v.note),
          terms:
            action === 'agree'
              ? (v.terms ?? '')
                  .split('\n')
                  .map((s) => s.trim())
                  .filter(Boolean)
              : [],
          amountAgreed: action === 'agree' ? (v.amountAgreed ?? null) : null,
          performBy: action === 'agree' && v.performBy ? v.performBy.format('YYYY-MM-DD') : null,
          referralTarget: action === 'refer' ? (v.referralTarget ?? null) : null,
          satisfied: action === 'follow_up' ? (v.satisfied ?? null) : null,
          performance: action === 'follow_up' ? (v.performance ?? null) : null,
        },
      },
      done,
    );
  };

  if (allowed.length === 0) return null;
  const noteRequired = action === 'fail' || action === 'comment' || action === 'follow_up';

  return (
    <>
      <Flex wrap gap={8} data-testid="med-case-actions">
        {allowed.map((a) => (
          <Button
            key={a}
            type={a === 'agree' ? 'primary' : 'default'}
            danger={a === 'fail'}
            onClick={() => {
              command.reset();
              setAction(a);
            }}
            data-testid={`med-action-${a}`}
          >
            {t(`med.action.${a}`)}
          </Button>
        ))}
      </Flex>
      <Modal
        open={action !== null}
        title={action ? t(`med.action.${action}`) : ''}
        onCancel={() => setAction(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: command.isPending, ...testId('med-action-submit') }}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          preserve={false}
          initialValues={{ heldAt: dayjs() }}
        >
          {action === 'session' ? (
            <>
              <Form.Item name="heldAt" label={t('med.session.heldAt')} rules={[{ required: true }]}>
                <DatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="place" label={t('med.session.place')}>
                <Input />
              </Form.Item>
              <Form.Item name="attendees" label={t('med.session.attendees')}>
                <Input />
              </Form.Item>
              <Form.Item name="summary" label={t('med.session.summary')} rules={[{ required: true }]}>
                <Input.TextArea autoSize={{ minRows: 3 }} data-testid="med-session-summary" />
              </Form.Item>
              <Form.Item name="nextSteps" label={t('med.session.nextSteps')}>
                <Input.TextArea autoSize={{ minRows: 1 }} />
              </Form.Item>
            </>
          ) : null}
          {action === 'agree' ? (
            <>
              <Form.Item
                name="terms"
                label={t('med.agreement.terms')}
                extra={t('med.agreement.termsHint')}
                rules={[{ required: true }]}
              >
                <Input.TextArea autoSize={{ minRows: 3 }} data-testid="med-agree-terms" />
              </Form.Item>
              <Flex gap={12}>
                <Form.Item name="amountAgreed" label={t('med.agreement.amount')} style={{ flex: 1 }}>
                  <InputNumber min={0} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="performBy" label={t('med.agreement.performBy')} style={{ flex: 1 }}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Flex>
            </>
          ) : null}
          {action === 'refer' ? (
            <Form.Item name="referralTarget" label={t('med.referral.target')} rules={[{ required: true }]}>
              <Select options={names.options('referral', REFERRAL_TARGETS)} />
            </Form.Item>
          ) : null}
          {action === 'follow_up' ? (
            <Flex gap={12} wrap>
              <Form.Item name="satisfied" label={t('med.followUp.satisfied')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="performance" label={t('med.followUp.performance')} style={{ minWidth: 160 }}>
                <Select
                  allowClear
                  options={['pending', 'performed', 'partly', 'not_performed'].map((p) => ({
                    value: p,
                    label: t(`med.followUp.perf.${p}`),
                  }))}
                />
              </Form.Item>
            </Flex>
          ) : null}
          {action && action !== 'session' ? (
            <Form.Item
              name="note"
              label={t(action === 'fail' ? 'med.action.failReason' : 'med.action.note')}
              rules={noteRequired ? [{ required: true }] : []}
            >
              <Input.TextArea autoSize={{ minRows: 2 }} data-testid="med-action-note" />
            </Form.Item>
          ) : null}
        </Form>
        {command.error ? <ErrorAlert error={command.error} /> : null}
      </Modal>
    </>
  );
}
