import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, Result, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { PageHeader, testId } from '../../lib/ui.tsx';
import { importRowErrors, type ImportRowError } from './importErrors.ts';
import { useImportRegions } from './regionsApi.ts';

const SAMPLE = 'code,name,level,parent_code\n330502102,妙西镇,township,330502';
/** The server's body limit is 1 MiB; refuse bigger files here rather than after the upload. */
const MAX_BYTES = 1024 * 1024;

/** Region CSV import: upload or paste, POST as text/csv, then the counts or every bad row. */
export default function RegionImportPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const importer = useImportRegions();

  const rows = csv ? csv.split(/\r?\n/).filter((l) => l.trim()).length : 0;
  const err = importer.error;
  const rowErrors = err instanceof ApiError ? importRowErrors(err.details) : [];

  return (
    <>
      <PageHeader title={t('nav.regionImport')} extra={<Link to="/regions">{t('import.backToRegions')}</Link>} />
      <Card>
        <Typography.Paragraph>{t('import.intro')}</Typography.Paragraph>
        <Typography.Paragraph>
          <pre style={{ background: '#f5f5f5', padding: 8, overflowX: 'auto', margin: 0 }}>{SAMPLE}</pre>
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".csv,text/csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            setTooBig(file.size > MAX_BYTES);
            if (file.size <= MAX_BYTES) {
              void file.text().then((text) => {
                setCsv(text.replace(/^\uFEFF/, '')); // Excel writes a BOM before UTF-8 CSV
                setFileName(file.name);
                importer.reset();
              });
            }
            return false; // we POST the text ourselves, as text/csv
          }}
          data-testid="import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{fileName ?? t('import.drop')}</p>
        </Upload.Dragger>
        {tooBig ? <Alert type="error" showIcon style={{ marginTop: 12 }} message={t('import.tooBig')} /> : null}
        <Typography.Text type="secondary" style={{ display: 'block', margin: '12px 0 4px' }}>
          {t('import.orPaste')}
        </Typography.Text>
        <Input.TextArea
          value={csv}
          onChange={(e) => {
            setCsv(e.target.value);
            setFileName(null);
            importer.reset();
          }}
          autoSize={{ minRows: 4, maxRows: 14 }}
          placeholder={SAMPLE}
          style={{ fontFamily: 'monospace' }}
          data-testid="import-text"
        />
        <Flex gap={12} align="center" wrap style={{ marginTop: 12 }}>
          <Button
            type="primary"
            disabled={!csv.trim()}
            loading={importer.isPending}
            onClick={() => importer.mutate(csv)}
            data-testid="import-submit"
          >
            {t('import.submit')}
          </Button>
          <Typography.Text type="secondary">{t('import.lines', { count: rows })}</Typography.Text>
        </Flex>
      </Card>

      {importer.data ? (
        <Result
          status="success"
          data-testid="import-result"
          title={t('import.done')}
          subTitle={t('import.counts', { imported: importer.data.imported, updated: importer.data.updated })}
        />
      ) : null}

      {err ? (
        <Card style={{ marginTop: 16 }} data-testid="import-errors">
          <Alert
            type="error"
            showIcon
            message={errorText(err, lang, t)}
            description={rowErrors.length > 0 ? t('import.nothingImported', { count: rowErrors.length }) : undefined}
            style={{ marginBottom: rowErrors.length > 0 ? 12 : 0 }}
          />
          {rowErrors.length > 0 ? (
            <Table<ImportRowError>
              rowKey="key"
              size="small"
              dataSource={rowErrors}
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small' }}
              onRow={(r) => ({ ...testId(`import-error-row-${r.key}`) })}
              columns={[
                { title: t('import.line'), dataIndex: 'line', width: 80, render: (l: number | null) => l ?? '—' },
                {
                  title: t('import.field'),
                  dataIndex: 'field',
                  width: 140,
                  render: (f: string) => <Typography.Text code>{f || '—'}</Typography.Text>,
                },
                { title: t('import.message'), dataIndex: 'message' },
              ]}
            />
          ) : null}
        </Card>
      ) : null}
    </>
  );
}
