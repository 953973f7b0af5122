import { Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { EnvironmentOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import type { IncidentSummary } from '@zhili/contracts';
import { ErrorAlert, PageHeader } from '../../lib/ui.tsx';
import { ActionPanel } from './ActionPanel.tsx';
import { Countdown } from './Countdown.tsx';
import { useIncident, useIncidents } from './incidentsApi.ts';
import { PRIORITY_TAG, STATUS_TAG, useIncidentNames } from './names.ts';
import { useIncidentStream } from './stream.ts';
import { usePlaceName } from '../../lib/placeName.ts';

/** The handler's steps on the phone: accept, arrive (check-in), resolve with a photo. */
const TASK_ACTIONS = ['accept', 'arrive', 'resolve', 'report_in', 'return'] as const;

/** The grid worker's "my tasks", built for a phone: one card per open task, big buttons. */
export function MyTasksPage() {
  const { t } = useTranslation();
  useIncidentStream();
  const tasks = useIncidents({
    mine: true,
    status: ['dispatched', 'accepted', 'on_site', 'on_hold'],
    sort: 'deadline_asc',
    page: 1,
    pageSize: 50,
  });
  const items = tasks.data?.items ?? [];

  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <PageHeader
        title={t('inc.tasks')}
        extra={
          <Button
            icon={<ReloadOutlined />}
            size="large"
            onClick={() => void tasks.refetch()}
            aria-label={t('inc.refresh')}
          />
        }
      />
      {tasks.isError ? <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} /> : null}
      {tasks.isPending ? <Skeleton active /> : null}
      {!tasks.isPending && items.length === 0 ? (
        <Empty description={t('inc.taskEmpty')} data-testid="inc-tasks-empty" />
      ) : null}
      <Flex vertical gap={12} data-testid="inc-tasks">
        {items.map((i) => (
          <TaskCard key={i.id} task={i} />
        ))}
      </Flex>
    </div>
  );
}

function TaskCard({ task }: { task: IncidentSummary }) {
  const { t } = useTranslation();
  const place = usePlaceName();
  const names = useIncidentNames();
  // The card's buttons follow the server's allowedActions, which only the detail carries.
  const detail = useIncident(task.id);
  return (
    <Card size="small" data-testid={`inc-task-${task.number}`} styles={{ body: { padding: 14 } }}>
      <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 6 }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {names.categoryName(task)}
        </Typography.Text>
        <Countdown clock={task.nextClock} testId={`inc-task-clock-${task.number}`} />
      </Flex>
      <Flex gap={6} wrap style={{ marginBottom: 6 }}>
        <Tag color={STATUS_TAG[task.status]} data-testid={`inc-task-status-${task.number}`}>
          {names.statusName(task.status)}
        </Tag>
        <Tag color={PRIORITY_TAG[task.priority]}>{names.priorityName(task.priority)}</Tag>
        <Typography.Text type="secondary">{task.number}</Typography.Text>
      </Flex>
      <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ fontSize: 15, marginBottom: 6 }}>
        {task.description}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 10 }}>
        <EnvironmentOutlined /> {task.address ?? (task.regionName ? place(task.regionName) : '—')} ·{' '}
        {dayjs(task.receivedAt).format('MM-DD HH:mm')}
      </Typography.Paragraph>
      <Flex justify="space-between" align="center" gap={8} wrap>
        {detail.data ? (
          <ActionPanel incident={detail.data} large only={TASK_ACTIONS} />
        ) : (
          <Skeleton.Button active size="large" />
        )}
        <Link to={`/incidents/${task.id}`}>
          <Button size="large" type="link" icon={<RightOutlined />} iconPosition="end">
            {t('inc.open')}
          </Button>
        </Link>
      </Flex>
    </Card>
  );
}
