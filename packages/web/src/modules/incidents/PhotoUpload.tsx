import { useRef, useState } from 'react';
import { App, Button, Flex, Image, Upload } from 'antd';
import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { attachmentUrl, uploadAttachment } from './incidentsApi.ts';

/**
 * Photos uploaded one by one to `/api/attachments` as they are picked; the form keeps only
 * their ids. On a phone the picker offers the camera (`capture`).
 */
export function PhotoUpload({
  value = [],
  onChange,
  csrfToken,
  max = 9,
  large = false,
  testId = 'inc-photo',
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  csrfToken: string;
  max?: number;
  large?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(0);
  // Several photos may finish together: each appends to the newest list, not the one it started with.
  const latest = useRef(value);
  latest.current = value;

  return (
    <Flex vertical gap={8}>
      {value.length > 0 ? (
        <Image.PreviewGroup>
          <Flex gap={8} wrap>
            {value.map((id) => (
              <div key={id} style={{ position: 'relative' }}>
                <Image
                  src={attachmentUrl(id)}
                  width={large ? 96 : 72}
                  height={large ? 96 : 72}
                  style={{ objectFit: 'cover' }}
                />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  style={{ position: 'absolute', top: 2, right: 2 }}
                  onClick={() => onChange?.(value.filter((v) => v !== id))}
                />
              </div>
            ))}
          </Flex>
        </Image.PreviewGroup>
      ) : null}
      {value.length < max ? (
        <Upload
          accept="image/jpeg,image/png,image/webp"
          multiple
          showUploadList={false}
          beforeUpload={(file) => {
            setBusy((b) => b + 1);
            uploadAttachment(file, csrfToken)
              .then((a) => {
                const next = [...latest.current, a.id].slice(0, max);
                latest.current = next;
                onChange?.(next);
              })
              .catch((err: unknown) => void message.error(errorText(err, lang, t)))
              .finally(() => setBusy((b) => b - 1));
            return false;
          }}
        >
          <Button icon={<CameraOutlined />} loading={busy > 0} size={large ? 'large' : 'middle'} data-testid={testId}>
            {busy > 0 ? t('inc.uploading') : t('inc.upload')}
          </Button>
        </Upload>
      ) : null}
    </Flex>
  );
}
