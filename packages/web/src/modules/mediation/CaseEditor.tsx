import { Alert, App, Button, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MEDIATION_TYPES, URGENCIES, type CaseDetail, type CaseUpdate } from '@zhili/contracts';
import { ApiError } from '../../lib/api.ts';
import { applyFieldErrors, errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { MED_KEY, useUpdateCase } from './mediationApi.ts';
import { useMedNames } from './names.ts';
import { FormDrawer } from '../../lib/FormDrawer.tsx';

type Values = Required<Omit<CaseUpdate, 'version' | 'attachmentIds'>>;

/** True when a write was refused because someone saved the case first (optimistic `version`). */
export const isStale = (err: unknown): boolean => err instanceof ApiError && err.code === 'CASE_STALE';

/** A case may be edited by writers while it is not closed (the server says who writes: allowedActions). */
export const mayEditCase = (d: Pick<CaseDetail, 'status' | 'allowedActions'>): boolean =>
  d.status !== 'closed' && d.allowedActions.length > 0;

/**
 * The error of a case write: for a stale version the server's 409 with a button that reloads the
 * case (then the user edits the fresh one), otherwise the usual alert.
 */
export function CaseWriteError({
  error,
  caseId,
  onReloaded,
}: {
  error: unknown;
  caseId: string;
  onReloaded?: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const qc = useQueryClient();
  if (!error) return null;
  if (!isStale(error)) return <ErrorAlert error={error} testId="med-case-edit-error" />;
  const reload = async () => {
    await qc.invalidateQueries({ queryKey: [...MED_KEY, 'case', caseId] });
    onReloaded?.();
  };
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="med-case-stale"
      message={errorText(error, lang, t)}
      description={t('med.caseEdit.stale')}
      action={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void reload()} data-testid="med-case-reload">
          {t('med.caseEdit.reload')}
        </Button>
      }
    />
  );
}

/** Edits a case's descriptive fields: type, title, description, amount, urgency, place. */
export function CaseEditor({ detail, onClose }: { detail: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const names = useMedNames();
  const [form] = Form.useForm<Values>();
  const update = useUpdateCase(detail.id);
  const initial: Values = {
    type: detail.type,
    title: detail.title,
    description: detail.description,
    amount: detail.amount,
    urgency: detail.urgency,
    address: detail.address,
  };

  const submit = (v: Values) =>
    update.mutate(
      {
        version: detail.version,
        type: v.type,
        title: v.title.trim(),
        description: v.description.trim(),
        amount: v.amount ?? null,
        urgency: v.urgency,
        address: v.address?.trim() || null,
      },
      {
        onSuccess: () => {
          void message.success(t('med.caseEdit.saved'));
          onClose();
        },
        onError: (err) => applyFieldErrors(form, err),
      },
    );

  return (
    <FormDrawer
      title={`${t('med.caseEdit.edit')} · ${detail.number}`}
      width={640}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={update.isPending}
      saveTestId="med-case-save"
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="type" label={t('med.case.type')} rules={[{ required: true }]}>
              <Select options={names.options('type', MEDIATION_TYPES)} data-testid="med-case-edit-type" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="urgency" label={t('med.case.urgency')} rules={[{ required: true }]}>
              <Select options={names.options('urgency', URGENCIES)} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="title"
              label={t('med.case.title')}
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input data-testid="med-case-edit-title" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="description"
              label={t('med.case.description')}
              rules={[{ required: true, whitespace: true, max: 5000 }]}
            >
              <Input.TextArea autoSize={{ minRows: 3 }} data-testid="med-case-edit-description" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="amount" label={t('med.case.amount')}>
              <InputNumber min={0} max={1e10} style={{ width: '100%' }} data-testid="med-case-edit-amount" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="address" label={t('med.case.address')} rules={[{ max: 300 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <CaseWriteError error={update.error} caseId={detail.id} onReloaded={onClose} />
        <button type="submit" hidden {...testId('med-case-hidden-submit')} />
      </Form>
    </FormDrawer>
  );
}
