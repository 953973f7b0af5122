import { Alert, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { testId } from '../../lib/ui.tsx';
import { csvProblems, type CsvProblem } from './csvProblems.ts';
import { useImportCsv } from './mediationApi.ts';

/**
 * Uploads one CSV to an all-or-nothing import and shows the outcome: the count imported, or the
 * server's message with every bad row of the file.
 */
export function CsvImport({
  path,
  hint,
  id,
}: {
  path: 'resident-origins/import' | 'anti-fraud/import';
  hint: string;
  id: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const upload = useImportCsv(path);
  const problems = upload.error instanceof ApiError ? csvProblems(upload.error.details) : [];

  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {hint}
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,text/csv"
        maxCount={1}
        showUploadList={false}
        disabled={upload.isPending}
        beforeUpload={(file) => {
          void file.text().then((text) => upload.mutate(text));
          return false;
        }}
        data-testid={`${id}-file`}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{upload.isPending ? t('med.import.uploading') : t('med.import.drop')}</p>
      </Upload.Dragger>
      {upload.data ? (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 8 }}
          data-testid={`${id}-result`}
          message={t('med.import.done', { imported: upload.data.imported, replaced: upload.data.replaced })}
        />
      ) : null}
      {upload.error ? (
        <div style={{ marginTop: 8 }} data-testid={`${id}-errors`}>
          <Alert
            type="error"
            showIcon
            message={errorText(upload.error, lang, t)}
            description={problems.length > 0 ? t('med.import.nothing', { count: problems.length }) : undefined}
            style={{ marginBottom: 8 }}
          />
          {problems.length > 0 ? (
            <Table<CsvProblem>
              rowKey="key"
              size="small"
              dataSource={problems}
              pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small' }}
              onRow={(p) => ({ ...testId(`${id}-error-${p.key}`) })}
              columns={[
                { title: t('med.import.row'), dataIndex: 'row', width: 70, render: (r: number | null) => r ?? '—' },
                {
                  title: t('med.import.column'),
                  dataIndex: 'column',
                  width: 120,
                  render: (c: string) => <Typography.Text code>{c || '—'}</Typography.Text>,
                },
                { title: t('med.import.message'), dataIndex: 'message' },
              ]}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
