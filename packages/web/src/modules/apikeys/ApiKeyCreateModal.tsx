import { useEffect } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { SecretText, testId } from '../../lib/ui.tsx';
import { RoleSelect } from '../accounts/RoleAssignmentFields.tsx';
import { OrganizationSelect } from '../organizations/OrganizationSelect.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { useCreateApiKey, type ApiKeyInput } from './apikeysApi.ts';

/** Create an API key for a machine client; after success the key is shown once, with copy. */
export function ApiKeyCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [form] = Form.useForm<ApiKeyInput>();
  const create = useCreateApiKey();
  const created = create.data;

  useEffect(() => {
    if (open) {
      create.reset();
      form.resetFields();
    }
  }, [open]);

  return (
    <Modal
      open={open}
      title={created ? t('apikey.createdTitle') : t('apikey.create')}
      onCancel={onClose}
      onOk={() => (created ? onClose() : form.submit())}
      okText={created ? t('common.done') : t('common.create')}
      okButtonProps={{ loading: create.isPending, ...testId(created ? 'apikey-done' : 'apikey-form-submit') }}
      cancelButtonProps={created ? { style: { display: 'none' } } : undefined}
      destroyOnHidden
    >
      {created ? (
        <>
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('apikey.showOnce')} />
          <SecretText value={created.key} testId="apikey-secret" />
        </>
      ) : (
        <>
          {create.error ? (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(create.error, lang, t)} />
          ) : null}
          <Form<ApiKeyInput>
            form={form}
            layout="vertical"
            initialValues={{ regionCode: null, organizationId: null }}
            onFinish={(v) =>
              create.mutate(
                {
                  name: v.name.trim(),
                  role: v.role,
                  regionCode: v.regionCode ?? null,
                  organizationId: v.organizationId ?? null,
                },
                { onError: (err) => applyFieldErrors(form, err) },
              )
            }
          >
            <Form.Item
              name="name"
              label={t('apikey.name')}
              extra={t('apikey.nameHint')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input data-testid="apikey-form-name" />
            </Form.Item>
            <Form.Item
              name="role"
              label={t('account.role')}
              rules={[{ required: true, message: t('account.roleRequired') }]}
            >
              <RoleSelect testId="apikey-form-role" />
            </Form.Item>
            <Form.Item name="regionCode" label={t('account.scopeRegion')} extra={t('account.scopeHint')}>
              <RegionSelect testId="apikey-form-region" />
            </Form.Item>
            <Form.Item name="organizationId" label={t('account.scopeOrganization')}>
              <OrganizationSelect testId="apikey-form-org" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
