import { useEffect } from 'react';
import { Alert, Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { ORGANIZATION_TYPES, type Organization, type OrganizationType } from '@zhili/contracts';
import { applyFieldErrors, errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { useNames } from '../../lib/names.ts';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { useSaveOrganization } from './organizationsApi.ts';
import { FormDrawer } from '../../lib/FormDrawer.tsx';
import { usePlaceName } from '../../lib/placeName.ts';

interface Values {
  name: string;
  type: OrganizationType;
  regionCode: string | null;
  creditCode: string;
  active: boolean;
}

/** Create (no `editing`) or edit an organization. Type and region are fixed once created. */
export function OrganizationDrawer({
  open,
  editing,
  onClose,
}: {
  open: boolean;
  editing: Organization | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const place = usePlaceName();
  const lang = useLanguage();
  const { orgTypeName } = useNames();
  const [form] = Form.useForm<Values>();
  const save = useSaveOrganization();

  useEffect(() => {
    if (!open) return;
    save.reset();
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        name: editing.name,
        type: editing.type,
        regionCode: editing.regionCode,
        creditCode: editing.creditCode ?? '',
        active: editing.active,
      });
    }
  }, [open, editing?.id]);

  const submit = (v: Values) => {
    const creditCode = v.creditCode?.trim() ? v.creditCode.trim().toUpperCase() : null;
    const input = editing
      ? { id: editing.id, patch: { name: v.name.trim(), active: v.active, creditCode } }
      : { create: { name: v.name.trim(), type: v.type, regionCode: v.regionCode ?? '', parentId: null, creditCode } };
    save.mutate(input, { onSuccess: onClose, onError: (err) => applyFieldErrors(form, err) });
  };

  return (
    <FormDrawer
      open={open}
      title={editing ? t('organization.edit') : t('organization.create')}
      width={480}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={save.isPending}
      saveTestId="org-form-submit"
    >
      {save.error ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(save.error, lang, t)} />
      ) : null}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ active: true, creditCode: '' }}>
        <Form.Item name="name" label={t('organization.name')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="org-form-name" />
        </Form.Item>
        <Form.Item name="type" label={t('organization.type')} rules={[{ required: true }]}>
          <Select
            disabled={!!editing}
            data-testid="org-form-type"
            options={ORGANIZATION_TYPES.map((ty) => ({ value: ty, label: orgTypeName(ty) }))}
          />
        </Form.Item>
        {editing ? (
          <Form.Item label={t('organization.region')}>
            <Input disabled value={editing.regionName ? place(editing.regionName) : editing.regionCode} />
          </Form.Item>
        ) : (
          <Form.Item name="regionCode" label={t('organization.region')} rules={[{ required: true }]}>
            <RegionSelect testId="org-form-region" />
          </Form.Item>
        )}
        <Form.Item
          name="creditCode"
          label={t('organization.creditCode')}
          rules={[
            {
              pattern: /^$|^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{2}\d{6}[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{10}$/,
              message: t('organization.creditCodeInvalid'),
            },
          ]}
        >
          <Input maxLength={18} data-testid="org-form-credit-code" />
        </Form.Item>
        {editing ? (
          <Form.Item name="active" label={t('organization.active')} valuePropName="checked">
            <Switch data-testid="org-form-active" />
          </Form.Item>
        ) : null}
      </Form>
    </FormDrawer>
  );
}
