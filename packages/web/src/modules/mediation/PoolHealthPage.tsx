import { useState } from 'react';
import { Card, Col, Collapse, Empty, Flex, InputNumber, Progress, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, WarningTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PoolHealth } from '@zhili/contracts';
import { ErrorAlert, PageHeader, testId } from '../../lib/ui.tsx';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { CsvImport } from './CsvImport.tsx';
import { usePoolHealth } from './mediationApi.ts';
import { useMedNames } from './names.ts';
import { PoolsPanel } from './PoolsPanel.tsx';
import { usePlaceName } from '../../lib/placeName.ts';

type ProvinceRow = PoolHealth['provinces'][number];

/**
 * The reserve pools (list, create, edit, members: PoolsPanel) and the health of each: size against
 * the minimum, target provinces covered, and origin provinces with many residents but no mediator
 * from there.
 */
export default function PoolHealthPage() {
  const { t } = useTranslation();
  const place = usePlaceName();
  const names = useMedNames();
  const canManage = useCan('mediation.manage');
  const { regionFilter } = useScope();
  const [threshold, setThreshold] = useState(500);
  const query = usePoolHealth(regionFilter, threshold);
  const pools = query.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('med.section.pools')}
        extra={
          <Flex align="center" gap={6}>
            <Typography.Text>{t('med.pool.threshold')}</Typography.Text>
            <InputNumber min={1} value={threshold} onChange={(v) => setThreshold(v ?? 500)} style={{ width: 100 }} />
          </Flex>
        }
      />
      <PoolsPanel />
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <Skeleton active /> : null}
      {!query.isPending && pools.length === 0 ? <Empty description={t('med.pool.none')} /> : null}
      <Row gutter={[12, 12]}>
        {pools.map((p) => {
          const targets = p.provinces.filter((x) => x.target);
          const covered = targets.filter((x) => x.mediators > 0).length;
          return (
            <Col key={p.poolId} xs={24} md={12} xl={8}>
              <Card
                size="small"
                {...testId(`med-pool-${p.poolId}`)}
                title={
                  <Flex gap={6} align="center">
                    {p.healthy ? (
                      <CheckCircleTwoTone twoToneColor="#52c41a" />
                    ) : (
                      <WarningTwoTone twoToneColor="#fa8c16" />
                    )}
                    <span>{p.regionName ? place(p.regionName) : p.regionCode}</span>
                  </Flex>
                }
                extra={<Typography.Text type="secondary">{p.name}</Typography.Text>}
              >
                <Typography.Text>
                  {t('med.pool.size', { members: p.memberCount, min: p.minSize, active: p.activeMembers })}
                </Typography.Text>
                <Progress
                  percent={Math.min(100, Math.round((p.memberCount / Math.max(1, p.minSize)) * 100))}
                  status={p.underSize ? 'exception' : 'success'}
                  format={() => `${p.memberCount}/${p.minSize}`}
                />
                {targets.length > 0 ? (
                  <>
                    <Typography.Text>{t('med.pool.coverage', { covered, targets: targets.length })}</Typography.Text>
                    <Progress
                      percent={Math.round((covered / targets.length) * 100)}
                      status={covered < targets.length ? 'exception' : 'success'}
                      format={() => `${covered}/${targets.length}`}
                    />
                  </>
                ) : null}
                <Flex wrap gap={4} style={{ marginTop: 4 }}>
                  {p.underSize ? <Tag color="red">{t('med.pool.underSize')}</Tag> : null}
                  {p.gapProvinces.map((code) => (
                    <Tag key={code} color="orange" data-testid={`med-pool-gap-${code}`}>
                      {t('med.pool.gap', { province: names.province(code) })}
                    </Tag>
                  ))}
                </Flex>
                <Collapse
                  ghost
                  size="small"
                  style={{ marginTop: 8 }}
                  items={[
                    {
                      key: 'provinces',
                      label: t('med.pool.byProvince'),
                      children: (
                        <Table<ProvinceRow>
                          rowKey="provinceCode"
                          size="small"
                          pagination={false}
                          dataSource={p.provinces}
                          rowClassName={() => ''}
                          columns={[
                            {
                              title: t('med.pool.province'),
                              key: 'p',
                              render: (_: unknown, r) => (
                                <Flex gap={4} wrap>
                                  {names.province(r.provinceCode, r.provinceName)}
                                  {r.target ? <Tag color="blue">{t('med.pool.target')}</Tag> : null}
                                </Flex>
                              ),
                            },
                            { title: t('med.pool.residents'), dataIndex: 'residents', align: 'right' },
                            {
                              title: t('med.pool.mediators'),
                              key: 'm',
                              align: 'right',
                              render: (_: unknown, r) => (
                                <Typography.Text type={r.gap ? 'danger' : undefined} strong={r.gap}>
                                  {r.mediators}
                                </Typography.Text>
                              ),
                            },
                          ]}
                        />
                      ),
                    },
                  ]}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
      {canManage ? (
        <Card size="small" title={t('med.pool.importResidents')} style={{ marginTop: 16 }}>
          <CsvImport path="resident-origins/import" hint={t('med.pool.importHint')} id="med-residents" />
        </Card>
      ) : null}
    </>
  );
}
