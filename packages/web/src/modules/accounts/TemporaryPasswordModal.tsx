import { Alert, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { SecretText } from '../../lib/ui.tsx';

/** Shows a freshly reset password once; closing the dialog forgets it. */
export function TemporaryPasswordModal({ password, onClose }: { password: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={password !== null}
      title={t('account.tempPasswordTitle')}
      onCancel={onClose}
      onOk={onClose}
      okText={t('common.done')}
      cancelButtonProps={{ style: { display: 'none' } }}
      destroyOnHidden
      data-testid="temp-password-modal"
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('account.tempPasswordHint')} />
      {password ? <SecretText value={password} testId="temp-password" /> : null}
    </Modal>
  );
}
