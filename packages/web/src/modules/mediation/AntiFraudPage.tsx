import { useMemo, useState } from 'react';
import { Card, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AntiFraudMonth } from '@zhili/contracts';
import { EChart } from '../../lib/EChart.tsx';
import { ErrorAlert, PageHeader } from '../../lib/ui.tsx';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { antiFraudOption, fmtYoY } from './charts.ts';
import { CsvImport } from './CsvImport.tsx';
import { useAntiFraud } from './mediationApi.ts';
import { usePlaceName } from '../../lib/placeName.ts';

const yoyColor = (v: number | null) => (v === null ? undefined : v > 0 ? '#cf1322' : v < 0 ? '#389e0d' : undefined);

/** Monthly anti-fraud figures from the police with year-on-year change, and their CSV import. */
export default function AntiFraudPage() {
  const { t } = useTranslation();
  const place = usePlaceName();
  const canManage = useCan('mediation.manage');
  const { scope } = useScope();
  const [region, setRegion] = useState<string | null>(null);
  const regionCode = region ?? scope?.regionCode ?? undefined;
  const query = useAntiFraud(regionCode);
  const months = query.data?.months ?? [];
  const option = useMemo(
    () =>
      antiFraudOption(months, {
        alerts: t('med.antifraud.alerts'),
        cases: t('med.antifraud.cases'),
        alertsYoY: t('med.antifraud.alertsYoY'),
        casesYoY: t('med.antifraud.casesYoY'),
      }),
    [months, t],
  );

  return (
    <>
      <PageHeader
        title={t('med.section.antifraud')}
        extra={
          <RegionSelect
            value={regionCode ?? null}
            initialLabel={scope?.regionName ?? null}
            onChange={(c) => setRegion(c)}
            style={{ width: 240, maxWidth: '100%' }}
            testId="med-antifraud-region"
          />
        }
      />
      <Flex vertical gap={16}>
        <Card size="small" title={query.data?.regionName ? place(query.data.regionName) : t('med.antifraud.trend')}>
          {!regionCode ? <Typography.Text type="secondary">{t('med.antifraud.pickRegion')}</Typography.Text> : null}
          {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
          {regionCode && query.isPending ? <Skeleton active /> : null}
          {query.data && months.length === 0 ? <Empty description={t('med.antifraud.none')} /> : null}
          {months.length > 0 ? (
            <>
              <EChart option={option} height={320} testId="med-antifraud-chart" />
              <Table<AntiFraudMonth>
                rowKey="month"
                size="small"
                dataSource={[...months].reverse()}
                pagination={{ pageSize: 12, hideOnSinglePage: true, size: 'small' }}
                scroll={{ x: 'max-content' }}
                style={{ marginTop: 12 }}
                columns={[
                  { title: t('med.antifraud.month'), dataIndex: 'month' },
                  { title: t('med.antifraud.alerts'), dataIndex: 'alerts', align: 'right' },
                  {
                    title: t('med.antifraud.yoy'),
                    dataIndex: 'alertsYoY',
                    align: 'right',
                    render: (v: number | null) => <span style={{ color: yoyColor(v) }}>{fmtYoY(v)}</span>,
                  },
                  { title: t('med.antifraud.cases'), dataIndex: 'cases', align: 'right' },
                  {
                    title: t('med.antifraud.yoy'),
                    dataIndex: 'casesYoY',
                    key: 'casesYoY',
                    align: 'right',
                    render: (v: number | null) => <span style={{ color: yoyColor(v) }}>{fmtYoY(v)}</span>,
                  },
                  {
                    title: t('med.antifraud.loss'),
                    dataIndex: 'lossYuan',
                    align: 'right',
                    render: (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN')),
                  },
                ]}
              />
            </>
          ) : null}
        </Card>
        {canManage ? (
          <Card size="small" title={t('med.antifraud.import')}>
            <CsvImport path="anti-fraud/import" hint={t('med.antifraud.importHint')} id="med-antifraud" />
          </Card>
        ) : null}
      </Flex>
    </>
  );
}
