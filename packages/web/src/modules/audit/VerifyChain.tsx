import { Alert, Button, Flex } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../lib/ui.tsx';
import { useVerifyChain } from './auditApi.ts';

/** "Verify chain": recomputes the audit hash chain on the server and shows the verdict. */
export function VerifyChain() {
  const { t } = useTranslation();
  const verify = useVerifyChain();
  const r = verify.data;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }}>
      <div>
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verify.isPending}
          onClick={() => verify.mutate()}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      </div>
      {verify.isError ? <ErrorAlert error={verify.error} /> : null}
      {r ? (
        <Alert
          data-testid="audit-verify-result"
          type={r.ok ? 'success' : 'error'}
          showIcon
          message={r.ok ? t('audit.verifyOk', { count: r.checked }) : t('audit.verifyBroken', { count: r.checked })}
          description={
            r.firstTampered
              ? t('audit.firstTampered', {
                  seq: r.firstTampered.seq,
                  id: r.firstTampered.id,
                  reason: r.firstTampered.reason,
                })
              : undefined
          }
          closable
          onClose={() => verify.reset()}
        />
      ) : null}
    </Flex>
  );
}
