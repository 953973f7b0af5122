import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { useChangePassword } from './me.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Current + new password (twice). The server decides strength; we pre-check the basics. */
export function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();

  const submit = (v: Values) =>
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          onDone();
        },
        onError: (err) => applyFieldErrors(form, err),
      },
    );

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} data-testid="password-form">
      {change.error ? (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} message={errorText(change.error, lang, t)} />
      ) : null}
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.rule')}
        rules={[
          { required: true },
          { min: 10, message: t('password.rule') },
          { pattern: /[A-Za-z]/, message: t('password.rule') },
          { pattern: /\d/, message: t('password.rule') },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit" block>
        {t('password.submit')}
      </Button>
    </Form>
  );
}
