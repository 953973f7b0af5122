import { useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Typography, Upload } from 'antd';
import { DeleteOutlined, FileOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { MAX_CASE_ATTACHMENTS, type Attachment, type CaseDetail } from '@zhili/contracts';
import { errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { testId } from '../../lib/ui.tsx';
import { useMe } from '../auth/me.ts';
import { CaseWriteError, mayEditCase } from './CaseEditor.tsx';
import { attachmentUrl, uploadCaseFile, useUpdateCase } from './mediationApi.ts';

/** The file types the files module stores (it checks the bytes; this only narrows the picker). */
const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,text/csv,.csv,.xlsx';

/** `12.3 KB`. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A case's attachments with download links. Writers upload through the files module and the case
 * then lists the new id (one file at a time, so each change carries the case's latest version);
 * removing takes the id off the case and leaves the stored file alone.
 */
export function CaseAttachments({ d }: { d: CaseDetail }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const me = useMe();
  const update = useUpdateCase(d.id);
  const [uploading, setUploading] = useState(false);
  const canEdit = mayEditCase(d);
  const full = d.attachmentIds.length >= MAX_CASE_ATTACHMENTS;

  const attach = async (file: File) => {
    setUploading(true);
    let stored: Attachment;
    try {
      stored = await uploadCaseFile(file, me.csrfToken);
    } catch (err) {
      // A refused upload (type, size) says why here; a refused PATCH shows below, with reload when stale.
      void message.error(errorText(err, lang, t));
      setUploading(false);
      return;
    }
    update.mutate(
      { version: d.version, attachmentIds: [...d.attachmentIds, stored.id] },
      {
        onSuccess: () => void message.success(t('med.attach.added', { name: stored.fileName })),
        onSettled: () => setUploading(false),
      },
    );
  };
  const detach = (a: Attachment) =>
    update.mutate({ version: d.version, attachmentIds: d.attachmentIds.filter((id) => id !== a.id) });

  return (
    <Card
      size="small"
      title={t('med.attach.title')}
      data-testid="med-attachments"
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('med.attach.count', { count: d.attachments.length, max: MAX_CASE_ATTACHMENTS })}
        </Typography.Text>
      }
    >
      <Flex vertical gap={8}>
        {d.attachments.length === 0 ? <Typography.Text type="secondary">{t('med.attach.none')}</Typography.Text> : null}
        {d.attachments.map((a) => (
          <Flex key={a.id} gap={8} align="center" justify="space-between" {...testId(`med-attachment-${a.fileName}`)}>
            <Typography.Link
              href={attachmentUrl(a.id)}
              target="_blank"
              rel="noopener"
              ellipsis
              style={{ minWidth: 0, flex: 1 }}
              data-testid="med-attachment-link"
            >
              <FileOutlined /> {a.fileName}
            </Typography.Link>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {fileSize(a.size)}
            </Typography.Text>
            {canEdit ? (
              <Popconfirm
                title={t('med.attach.removeConfirm', { name: a.fileName })}
                onConfirm={() => detach(a)}
                okButtonProps={{ ...testId('med-attachment-remove-confirm') }}
              >
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('med.attach.remove')}
                  data-testid="med-attachment-remove"
                />
              </Popconfirm>
            ) : null}
          </Flex>
        ))}
        {canEdit ? (
          full ? (
            <Typography.Text type="warning">{t('med.attach.full', { max: MAX_CASE_ATTACHMENTS })}</Typography.Text>
          ) : (
            <Upload
              accept={ACCEPT}
              multiple={false}
              showUploadList={false}
              disabled={uploading}
              beforeUpload={(file) => {
                void attach(file);
                return false;
              }}
            >
              <Button icon={<PaperClipOutlined />} loading={uploading} data-testid="med-attachment-upload">
                {uploading ? t('med.attach.uploading') : t('med.attach.upload')}
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                {t('med.attach.hint')}
              </Typography.Text>
            </Upload>
          )
        ) : null}
        <CaseWriteError error={update.error} caseId={d.id} onReloaded={() => update.reset()} />
      </Flex>
    </Card>
  );
}
