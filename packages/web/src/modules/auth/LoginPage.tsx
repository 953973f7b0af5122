import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router-dom';
import { errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { useLogin, useMeQuery } from './me.ts';

interface LoginValues {
  username: string;
  password: string;
}

/** Only same-app paths are followed after login, so `?next=` cannot send users off-site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** The login screen: username and password, server messages, a hint where demo accounts are. */
export function LoginPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [params] = useSearchParams();
  const meQuery = useMeQuery();
  const login = useLogin();
  const next = safeNext(params.get('next'));

  if (meQuery.data) return <Navigate to={next} replace />;

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: 'linear-gradient(180deg,#e6f4ff 0%,#f5f5f5 60%)' }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }} data-testid="login-card">
        <Flex justify="space-between" align="start">
          <div>
            <Typography.Title level={2} style={{ margin: 0 }}>
              治理 <span style={{ fontWeight: 400, fontSize: 18 }}>zhili</span>
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
          </div>
          <LanguageSwitch compact />
        </Flex>
        {login.error ? (
          <Alert
            type="error"
            showIcon
            data-testid="login-error"
            style={{ marginBottom: 16 }}
            message={errorText(login.error, lang, t)}
          />
        ) : null}
        <Form<LoginValues>
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => login.mutate(values)}
          data-testid="login-form"
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
