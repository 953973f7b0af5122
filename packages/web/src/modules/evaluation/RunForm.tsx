import { Button, Form, Input, InputNumber, Select } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../lib/ui.tsx';
import { useCreateRun, useDatasets } from './evaluationApi.ts';
import type { FrameworkDetail, RunOptions } from './types.ts';

const IMPUTATIONS = ['none', 'mean', 'median', 'groupMean', 'previousYear', 'linear'] as const;

interface Values {
  dataset: string;
  year: number;
  imputation: (typeof IMPUTATIONS)[number];
  groupBy?: string;
  outliers: 'none' | 'winsorise';
  maxPoints?: number;
}

/** Starts a run of this framework version on a dataset; a re-run of a year makes a new version. */
export function RunForm({ detail, onRun }: { detail: FrameworkDetail; onRun: (runId: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const datasets = useDatasets(detail.code);
  const create = useCreateRun();
  const datasetId = Form.useWatch('dataset', form);
  const imputation = Form.useWatch('imputation', form);
  const outliers = Form.useWatch('outliers', form);
  const years = (datasets.data ?? []).find((d) => d.id === datasetId)?.years ?? [];

  const submit = (v: Values) => {
    const options: Omit<RunOptions, 'year'> = {
      imputation: {
        method: v.imputation,
        ...(v.imputation === 'groupMean' && v.groupBy ? { groupBy: v.groupBy } : {}),
      },
      outliers: v.outliers === 'winsorise' ? { method: 'winsorise', maxPoints: v.maxPoints ?? 5 } : { method: 'none' },
    };
    create.mutate(
      { framework: detail.code, version: detail.version, dataset: v.dataset, year: v.year, options },
      { onSuccess: (run) => onRun(run.id) },
    );
  };

  return (
    <>
      <Form<Values>
        form={form}
        layout="inline"
        initialValues={{ imputation: 'none', outliers: 'none', maxPoints: 5 }}
        onFinish={submit}
        style={{ rowGap: 8, marginBottom: 12 }}
        data-testid="eval-run-form"
      >
        <Form.Item name="dataset" label={t('evaluation.dataset')} rules={[{ required: true }]}>
          <Select
            style={{ minWidth: 200 }}
            loading={datasets.isFetching}
            placeholder={t('evaluation.pickDataset')}
            data-testid="eval-run-dataset"
            onChange={(id: string) => {
              const ys = (datasets.data ?? []).find((d) => d.id === id)?.years ?? [];
              if (ys.length > 0) form.setFieldValue('year', Math.max(...ys));
            }}
            options={(datasets.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="year" label={t('evaluation.year')} rules={[{ required: true }]}>
          {years.length > 0 ? (
            <Select
              style={{ width: 100 }}
              data-testid="eval-run-year"
              options={[...years].sort((a, b) => b - a).map((y) => ({ value: y, label: String(y) }))}
            />
          ) : (
            <InputNumber style={{ width: 100 }} min={1900} max={2100} data-testid="eval-run-year" />
          )}
        </Form.Item>
        <Form.Item name="imputation" label={t('evaluation.imputation')}>
          <Select
            style={{ width: 140 }}
            data-testid="eval-run-imputation"
            options={IMPUTATIONS.map((m) => ({ value: m, label: t(`evaluation.imputationMethod.${m}`) }))}
          />
        </Form.Item>
        {imputation === 'groupMean' ? (
          <Form.Item name="groupBy" label={t('evaluation.groupBy')} rules={[{ required: true }]}>
            <Input style={{ width: 140 }} placeholder="EurAsia_group" />
          </Form.Item>
        ) : null}
        <Form.Item name="outliers" label={t('evaluation.outliers')}>
          <Select
            style={{ width: 140 }}
            data-testid="eval-run-outliers"
            options={[
              { value: 'none', label: t('evaluation.outlierMethod.none') },
              { value: 'winsorise', label: t('evaluation.outlierMethod.winsorise') },
            ]}
          />
        </Form.Item>
        {outliers === 'winsorise' ? (
          <Form.Item name="maxPoints" label={t('evaluation.maxPoints')}>
            <InputNumber min={1} max={50} style={{ width: 80 }} />
          </Form.Item>
        ) : null}
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<PlayCircleOutlined />}
            loading={create.isPending}
            data-testid="eval-run-submit"
          >
            {t('evaluation.run')}
          </Button>
        </Form.Item>
      </Form>
      {create.error ? <ErrorAlert error={create.error} testId="eval-run-error" /> : null}
    </>
  );
}
