import { useState } from 'react';
import { Alert, App, Button, Flex, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { useUploadOutlines } from './incidentsApi.ts';

/** Grid and community outlines: a GeoJSON upload, every bad feature listed. */
export function OutlinesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadOutlines();
  const [parseError, setParseError] = useState<string | null>(null);
  const result = upload.data as { imported?: number; updated?: number } | undefined;
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary">{t('inc.outlinesHint')}</Typography.Paragraph>
      <Upload
        accept=".geojson,.json,application/geo+json,application/json"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(file) => {
          setParseError(null);
          void file.text().then((text) => {
            let fc: unknown;
            try {
              fc = JSON.parse(text);
            } catch (err) {
              setParseError(err instanceof Error ? err.message : String(err));
              return;
            }
            upload.mutate(fc, {
              onSuccess: (r) => {
                const x = r as { imported?: number; updated?: number } | undefined;
                void message.success(t('inc.outlinesSaved', { n: (x?.imported ?? 0) + (x?.updated ?? 0) }));
              },
            });
          });
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="inc-outlines-upload">
          {t('inc.uploadGeojson')}
        </Button>
      </Upload>
      {parseError ? <Alert type="error" showIcon message="JSON" description={parseError} /> : null}
      {upload.error ? <ErrorAlert error={upload.error} testId="inc-outlines-error" /> : null}
      {upload.error instanceof ApiError && upload.error.details.length > 10 ? (
        // The alert lists ten; a large file may have many more bad features, all shown here.
        <Table
          size="small"
          rowKey={(d) => d.path}
          dataSource={upload.error.details}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: 'path', dataIndex: 'path' },
            { title: t('inc.note'), dataIndex: 'message' },
          ]}
        />
      ) : null}
      {result ? (
        <Alert
          type="success"
          showIcon
          message={t('inc.outlinesSaved', { n: (result.imported ?? 0) + (result.updated ?? 0) })}
        />
      ) : null}
    </Flex>
  );
}
