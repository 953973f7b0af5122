import { useEffect } from 'react';
import { Alert, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountCreate, Role } from '@zhili/contracts';
import { applyFieldErrors, errorText } from '../../lib/errors.ts';
import { FormDrawer } from '../../lib/FormDrawer.tsx';
import { useLanguage } from '../../lib/i18n.ts';
import { RoleAssignmentFields } from './RoleAssignmentFields.tsx';
import { useCreateAccount } from './accountsApi.ts';

interface Values {
  username: string;
  displayName: string;
  password: string;
  phone: string;
  roles: Array<{ role: Role | undefined; regionCode: string | null; organizationId: string | null }>;
}

const EMPTY_ROLE = { role: undefined, regionCode: null, organizationId: null };

/** New account: identity, initial password (changed at first login) and role assignments. */
export function AccountCreateDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [form] = Form.useForm<Values>();
  const create = useCreateAccount();

  useEffect(() => {
    if (open) {
      create.reset();
      form.resetFields();
    }
  }, [open]);

  const submit = (v: Values) => {
    const body: AccountCreate = {
      username: v.username.trim(),
      displayName: v.displayName.trim(),
      password: v.password,
      phone: v.phone?.trim() ? v.phone.trim() : null,
      roles: (v.roles ?? []).flatMap((r) =>
        r.role ? [{ role: r.role, regionCode: r.regionCode ?? null, organizationId: r.organizationId ?? null }] : [],
      ),
    };
    create.mutate(body, { onSuccess: onClose, onError: (err) => applyFieldErrors(form, err) });
  };

  return (
    <FormDrawer
      open={open}
      title={t('account.create')}
      width={520}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={create.isPending}
      saveTestId="account-form-submit"
      saveLabel={t('common.create')}
      testId="account-create-drawer"
    >
      {create.error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={errorText(create.error, lang, t)}
          data-testid="account-form-error"
        />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ roles: [EMPTY_ROLE], phone: '' }}
        autoComplete="off"
      >
        <Form.Item
          name="username"
          label={t('account.username')}
          extra={t('account.usernameRule')}
          rules={[{ required: true }, { pattern: /^[a-zA-Z0-9_.-]{3,64}$/, message: t('account.usernameRule') }]}
        >
          <Input data-testid="account-form-username" autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('account.displayName')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="account-form-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('account.initialPassword')}
          extra={t('account.initialPasswordHint')}
          rules={[
            { required: true },
            { min: 10, message: t('password.rule') },
            { pattern: /[A-Za-z]/, message: t('password.rule') },
            { pattern: /\d/, message: t('password.rule') },
          ]}
        >
          <Input.Password data-testid="account-form-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('account.phone')}
          rules={[{ pattern: /^$|^1\d{10}$/, message: t('account.phoneInvalid') }]}
        >
          <Input data-testid="account-form-phone" inputMode="tel" maxLength={11} />
        </Form.Item>
        <Typography.Title level={5}>{t('account.roles')}</Typography.Title>
        <RoleAssignmentFields />
      </Form>
    </FormDrawer>
  );
}
