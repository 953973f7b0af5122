import { useState } from 'react';
import { Button, Card, Empty, Flex, Input, Modal, Table, Typography, Upload } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import dayjs from 'dayjs';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, PageHeader, testId } from '../../lib/ui.tsx';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { useFrameworks, useSaveFramework } from './evaluationApi.ts';
import type { FrameworkSummary } from './types.ts';
import { SearchBox } from '../../lib/SearchBox.tsx';
import { text } from '../../lib/listParams.ts';
import { useListState } from '../../lib/useListState.ts';

/** URL parameter: `?q=…`. */
const FILTERS = { q: text() };

/** The frameworks the caller may see (latest version of each), and the YAML import. */
export function FrameworkListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const canWrite = useCan('evaluation.write');
  const list = useListState(FILTERS);
  const { q } = list.filters;
  const [importing, setImporting] = useState(false);
  const query = useFrameworks(q);

  return (
    <>
      <PageHeader
        title={t('nav.evaluation')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<ImportOutlined />}
              onClick={() => setImporting(true)}
              data-testid="eval-framework-import"
            >
              {t('evaluation.importYaml')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('evaluation.intro')}</Typography.Paragraph>
        <SearchBox
          placeholder={t('evaluation.searchFrameworks')}
          value={q}
          onSearch={(v) => list.setFilter('q', v)}
          width={260}
          style={{ marginBottom: 12 }}
          testId="eval-framework-search"
        />
        {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
        <Table<FrameworkSummary>
          rowKey="code"
          size="small"
          loading={query.isFetching}
          dataSource={query.data ?? []}
          scroll={{ x: 'max-content' }}
          pagination={false}
          locale={{ emptyText: <Empty description={t('evaluation.noFrameworks')} /> }}
          data-testid="eval-framework-table"
          onRow={(f) => ({
            onClick: () => void navigate(`/evaluation/${encodeURIComponent(f.code)}`),
            style: { cursor: 'pointer' },
            ...testId(`eval-framework-row-${f.code}`),
          })}
          columns={[
            { title: t('evaluation.code'), dataIndex: 'code' },
            { title: t('evaluation.name'), key: 'name', render: (_: unknown, f) => pick(lang, f.name.zh, f.name.en) },
            { title: t('evaluation.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
            { title: t('evaluation.indicatorCount'), dataIndex: 'indicatorCount' },
            { title: t('evaluation.region'), dataIndex: 'regionCode' },
            {
              title: t('evaluation.updatedAt'),
              dataIndex: 'updatedAt',
              render: (d: string) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—'),
            },
          ]}
        />
      </Card>
      <ImportYamlModal
        open={importing}
        onClose={() => setImporting(false)}
        onDone={(code) => void navigate(`/evaluation/${encodeURIComponent(code)}`)}
      />
    </>
  );
}

/** Paste or pick a framework YAML and the region it belongs to; the server validates it. */
function ImportYamlModal({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (code: string) => void;
}) {
  const { t } = useTranslation();
  const { scope } = useScope();
  const [yaml, setYaml] = useState('');
  const [region, setRegion] = useState<string | null>(null);
  const save = useSaveFramework();
  const regionCode = region ?? scope?.regionCode ?? null;

  return (
    <Modal
      open={open}
      title={t('evaluation.importYaml')}
      onCancel={onClose}
      okText={t('evaluation.import')}
      okButtonProps={{ disabled: !yaml.trim() || !regionCode, loading: save.isPending, ...testId('eval-yaml-submit') }}
      onOk={() =>
        regionCode &&
        save.mutate(
          { regionCode, yaml },
          {
            onSuccess: (r) => {
              setYaml('');
              onClose();
              onDone(r.code);
            },
          },
        )
      }
      width={720}
      destroyOnHidden
    >
      <Flex vertical gap={8}>
        <Typography.Text>{t('evaluation.region')}</Typography.Text>
        <RegionSelect
          value={regionCode}
          initialLabel={scope?.regionName ?? null}
          onChange={(c) => setRegion(c)}
          testId="eval-yaml-region"
          style={{ width: '100%' }}
        />
        <Upload
          accept=".yaml,.yml,text/yaml"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((text) => {
              setYaml(text);
              save.reset();
            });
            return false;
          }}
        >
          <Button icon={<ImportOutlined />} data-testid="eval-yaml-file">
            {t('evaluation.pickYamlFile')}
          </Button>
        </Upload>
        <Input.TextArea
          value={yaml}
          onChange={(e) => {
            setYaml(e.target.value);
            save.reset();
          }}
          autoSize={{ minRows: 8, maxRows: 20 }}
          style={{ fontFamily: 'monospace' }}
          placeholder="code: huzhou-eco&#10;version: 1&#10;name: { zh: …, en: … }"
          data-testid="eval-yaml-text"
        />
        {save.error ? <ErrorAlert error={save.error} testId="eval-yaml-error" /> : null}
      </Flex>
    </Modal>
  );
}
