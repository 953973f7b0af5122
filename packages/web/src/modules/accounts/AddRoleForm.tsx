import { Alert, Button, Flex, Form } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Role } from '@zhili/contracts';
import { applyFieldErrors, errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { OrganizationSelect } from '../organizations/OrganizationSelect.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { RoleSelect } from './RoleAssignmentFields.tsx';
import { useAddRole } from './accountsApi.ts';

interface Values {
  role: Role;
  regionCode: string | null;
  organizationId: string | null;
}

/** Adds one role assignment to an existing account (`POST /api/accounts/:id/roles`). */
export function AddRoleForm({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [form] = Form.useForm<Values>();
  const add = useAddRole();

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ regionCode: null, organizationId: null }}
      onFinish={(v) =>
        add.mutate(
          {
            id: accountId,
            role: { role: v.role, regionCode: v.regionCode ?? null, organizationId: v.organizationId ?? null },
          },
          { onSuccess: () => form.resetFields(), onError: (err) => applyFieldErrors(form, err) },
        )
      }
    >
      {add.error ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(add.error, lang, t)} />
      ) : null}
      <Form.Item name="role" label={t('account.role')} rules={[{ required: true, message: t('account.roleRequired') }]}>
        <RoleSelect testId="account-add-role-role" />
      </Form.Item>
      <Form.Item name="regionCode" label={t('account.scopeRegion')} extra={t('account.scopeHint')}>
        <RegionSelect testId="account-add-role-region" />
      </Form.Item>
      <Form.Item name="organizationId" label={t('account.scopeOrganization')}>
        <OrganizationSelect testId="account-add-role-org" />
      </Form.Item>
      <Flex justify="end">
        <Button htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="account-add-role-submit">
          {t('account.addRole')}
        </Button>
      </Flex>
    </Form>
  );
}
