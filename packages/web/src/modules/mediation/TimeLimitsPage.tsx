import { useState } from 'react';
import { Alert, App, Button, Card, Flex, InputNumber, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TimeLimit } from '@zhili/contracts';
import { ErrorAlert, PageHeader, testId } from '../../lib/ui.tsx';
import { useMe } from '../auth/me.ts';
import { useSaveTimeLimits, useTimeLimits } from './mediationApi.ts';
import { useMedNames } from './names.ts';
import { changedLimits, mayEditTimeLimits, warningDay } from './timeLimits.ts';

/**
 * The statutory time limit of each dispute type, with the day its clock warns. County-wide
 * managers edit the days in place and save the changed ones in one go; everyone else reads.
 */
export default function TimeLimitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const names = useMedNames();
  const canEdit = mayEditTimeLimits(useMe());
  const query = useTimeLimits();
  const save = useSaveTimeLimits();
  const [edits, setEdits] = useState<Record<string, number>>({});
  const items = query.data?.items ?? [];
  const changed = changedLimits(items, edits);
  const daysOf = (l: TimeLimit) => edits[l.type] ?? l.days;

  const submit = () =>
    save.mutate(
      { limits: changed },
      {
        onSuccess: () => {
          setEdits({});
          void message.success(t('med.limits.saved'));
        },
      },
    );

  return (
    <>
      <PageHeader
        title={t('med.limits.title')}
        extra={
          canEdit ? (
            <>
              {changed.length > 0 ? (
                <Button onClick={() => setEdits({})} data-testid="med-limits-reset">
                  {t('med.limits.reset')}
                </Button>
              ) : null}
              <Button
                type="primary"
                disabled={changed.length === 0}
                loading={save.isPending}
                onClick={submit}
                data-testid="med-limits-save"
              >
                {changed.length > 0
                  ? `${t('med.limits.save')} (${t('med.limits.changed', { count: changed.length })})`
                  : t('med.limits.save')}
              </Button>
            </>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('med.limits.intro')}</Typography.Paragraph>
      {!canEdit ? (
        <Alert
          type="info"
          showIcon
          message={t('med.limits.readOnly')}
          style={{ marginBottom: 12 }}
          data-testid="med-limits-readonly"
        />
      ) : null}
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {save.error ? <ErrorAlert error={save.error} testId="med-limits-error" /> : null}
      {query.isPending ? (
        <Skeleton active />
      ) : (
        <Card size="small">
          <Table<TimeLimit>
            rowKey="type"
            size="small"
            pagination={false}
            dataSource={items}
            scroll={{ x: 'max-content' }}
            data-testid="med-limits-table"
            onRow={(l) => ({ ...testId(`med-limit-${l.type}`) })}
            columns={[
              { title: t('med.limits.type'), dataIndex: 'type', render: (v: string) => names.name('type', v) },
              {
                title: t('med.limits.days'),
                key: 'days',
                render: (_: unknown, l) =>
                  canEdit ? (
                    <InputNumber
                      min={1}
                      max={365}
                      precision={0}
                      value={daysOf(l)}
                      onChange={(v) => setEdits((e) => ({ ...e, [l.type]: v ?? l.days }))}
                      style={{ width: 96 }}
                      status={edits[l.type] !== undefined && edits[l.type] !== l.days ? 'warning' : undefined}
                      data-testid={`med-limit-days-${l.type}`}
                    />
                  ) : (
                    <span data-testid={`med-limit-days-${l.type}`}>{l.days}</span>
                  ),
              },
              {
                title: t('med.limits.warnShare'),
                key: 'share',
                render: (_: unknown, l) => (
                  <Flex gap={6} wrap>
                    <span>{Math.round(l.warningShare * 100)}%</span>
                    <Typography.Text type="secondary">
                      {t('med.limits.warnAt', { day: warningDay(daysOf(l), l.warningShare) })}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('med.limits.source'),
                key: 'source',
                render: (_: unknown, l) =>
                  l.isDefault ? <Tag>{t('med.limits.default')}</Tag> : <Tag color="blue">{t('med.limits.custom')}</Tag>,
              },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('med.limits.shareFixed')}
          </Typography.Text>
        </Card>
      )}
    </>
  );
}
