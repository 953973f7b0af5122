import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  InputNumber,
  Popconfirm,
  Row,
  Statistic,
  Switch,
  Table,
  Typography,
} from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PlannedAssignment } from '@zhili/contracts';
import { ErrorAlert, PageHeader, testId } from '../../lib/ui.tsx';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { ScoreBreakdown } from './MatchingPanel.tsx';
import { useApplyAssignments, usePlanAssignments } from './mediationApi.ts';

/**
 * Batch assignment planning: the server solves for the most cases assigned and, among those, the
 * highest total score under every mediator's capacity; the planner reviews, deselects, applies.
 */
export default function AssignmentPage() {
  const { t } = useTranslation();
  const { scope } = useScope();
  const [region, setRegion] = useState<string | null>(null);
  const [withinDays, setWithinDays] = useState(7);
  const [requireCertified, setRequireCertified] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const plan = usePlanAssignments();
  const apply = useApplyAssignments();
  const regionCode = region ?? scope?.regionCode ?? null;
  const data = plan.data;
  const chosen = (data?.assignments ?? []).filter((a) => selected.includes(a.caseId));

  const makePlan = () =>
    regionCode &&
    plan.mutate(
      { regionCode, withinDays, requireCertified },
      {
        onSuccess: (p) => {
          setSelected(p.assignments.map((a) => a.caseId));
          apply.reset();
        },
      },
    );

  return (
    <>
      <PageHeader title={t('med.section.assign')} />
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('med.assign.intro')}</Typography.Paragraph>
        <Flex wrap gap={12} align="center">
          <RegionSelect
            value={regionCode}
            initialLabel={scope?.regionName ?? null}
            onChange={(c) => setRegion(c)}
            style={{ width: 260, maxWidth: '100%' }}
            testId="med-assign-region"
          />
          <Flex gap={4} align="center">
            <Typography.Text>{t('med.match.withinDays')}</Typography.Text>
            <InputNumber
              min={0}
              max={90}
              value={withinDays}
              onChange={(v) => setWithinDays(v ?? 7)}
              style={{ width: 70 }}
            />
          </Flex>
          <Flex gap={4} align="center">
            <Switch size="small" checked={requireCertified} onChange={setRequireCertified} />
            <Typography.Text>{t('med.match.certifiedOnly')}</Typography.Text>
          </Flex>
          <Button
            type="primary"
            icon={<ThunderboltOutlined />}
            disabled={!regionCode}
            loading={plan.isPending}
            onClick={makePlan}
            data-testid="med-assign-plan"
          >
            {t('med.assign.plan')}
          </Button>
        </Flex>
        {plan.error ? <ErrorAlert error={plan.error} /> : null}
      </Card>
      {data ? (
        <Card size="small" style={{ marginTop: 16 }} data-testid="med-assign-result">
          <Row gutter={[12, 12]}>
            <Col xs={12} md={4}>
              <Statistic title={t('med.assign.cases')} value={data.cases} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('med.assign.mediators')} value={data.mediators} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                title={t('med.assign.assigned')}
                value={data.assignments.length}
                valueStyle={{ color: '#389e0d' }}
              />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                title={t('med.assign.unassigned')}
                value={data.unassigned.length}
                valueStyle={data.unassigned.length ? { color: '#cf1322' } : undefined}
              />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('med.assign.total')} value={data.total} precision={1} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('med.assign.elapsed')} value={data.elapsedMs} suffix="ms" precision={0} />
            </Col>
          </Row>
          <Table<PlannedAssignment>
            rowKey="caseId"
            size="small"
            style={{ marginTop: 12 }}
            dataSource={data.assignments}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
            locale={{ emptyText: <Empty description={t('med.assign.nothing')} /> }}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
            expandable={{ expandedRowRender: (a) => <ScoreBreakdown parts={a.parts} /> }}
            onRow={(a) => ({ ...testId(`med-plan-${a.caseNumber}`) })}
            columns={[
              { title: t('med.case.number'), dataIndex: 'caseNumber' },
              { title: t('med.case.title'), dataIndex: 'caseTitle' },
              { title: t('med.assign.mediator'), dataIndex: 'mediatorName' },
              { title: t('med.assign.score'), dataIndex: 'score', align: 'right', render: (s: number) => s.toFixed(1) },
            ]}
          />
          {data.unassigned.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              message={t('med.assign.unassignedTitle')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {data.unassigned.map((u) => (
                    <li key={u.caseId}>
                      {u.caseNumber} {u.caseTitle}: {u.reason}
                    </li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Flex justify="end" style={{ marginTop: 12 }} gap={8} align="center" wrap>
            {apply.data ? (
              <Typography.Text type="success" data-testid="med-assign-applied">
                {t('med.assign.applied', { applied: apply.data.applied, skipped: apply.data.skipped.length })}
              </Typography.Text>
            ) : null}
            <Popconfirm
              title={t('med.assign.applyConfirm', { count: chosen.length })}
              onConfirm={() =>
                apply.mutate({ assignments: chosen.map((a) => ({ caseId: a.caseId, mediatorId: a.mediatorId })) })
              }
              disabled={chosen.length === 0}
            >
              <Button
                type="primary"
                disabled={chosen.length === 0 || !!apply.data}
                loading={apply.isPending}
                data-testid="med-assign-apply"
              >
                {t('med.assign.apply', { count: chosen.length })}
              </Button>
            </Popconfirm>
          </Flex>
          {apply.error ? <ErrorAlert error={apply.error} /> : null}
        </Card>
      ) : null}
    </>
  );
}
