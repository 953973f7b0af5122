import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { useLogout } from './me.ts';

/**
 * Shown instead of the app while `mustChangePassword` is set (new accounts, reset passwords):
 * a temporary password must not stay in use.
 */
export function ForcePasswordChange() {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 420 }} data-testid="force-password-change">
        <Typography.Title level={4}>{t('password.forceTitle')}</Typography.Title>
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('password.forceHint')} />
        <ChangePasswordForm onDone={() => undefined} />
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => logout.mutate()}>
          {t('user.logout')}
        </Button>
      </Card>
    </Flex>
  );
}
