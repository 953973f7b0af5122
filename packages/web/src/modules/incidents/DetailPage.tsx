import { useState } from 'react';
import {
  Input,
  Rate,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Image,
  Row,
  Skeleton,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import dayjs from 'dayjs';
import type { Category, Clock, IncidentDetail, JointOrder } from '@zhili/contracts';
import { ErrorAlert, PageHeader } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useCan } from '../auth/me.ts';
import { ActionPanel } from './ActionPanel.tsx';
import { CLOCK_COLOURS } from './clock.ts';
import { Countdown } from './Countdown.tsx';
import { attachmentUrl, useCategories, useFeedback, useIncident } from './incidentsApi.ts';
import { handlerLabel } from './handler.ts';
import { PRIORITY_TAG, STATUS_TAG, useIncidentNames } from './names.ts';
import { useIncidentStream } from './stream.ts';
import { ONLY_PLACES, usePlaceName } from '../../lib/placeName.ts';

const fmt = (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm:ss') : '—');

/** One incident: header, reporter, location, photos, clocks, timeline, joint orders, actions. */
export function DetailPage() {
  const { t } = useTranslation();
  const place = usePlaceName();
  const { id } = useParams();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const query = useIncident(id);
  const canRead = useCan('incident.read');
  // Someone else's change (or a clock firing) refreshes this screen live too.
  useIncidentStream(!!id && canRead);
  const names = useIncidentNames();
  const categories = useCategories();
  const d = query.data;
  // The reporting resident rates the result (or reopens it) from here; staff follow up instead.
  const canRate = !!d && !canRead && (d.status === 'resolved' || d.status === 'followed_up') && d.satisfaction === null;

  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!d) return <Skeleton active />;

  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)} aria-label="back" />
            <span data-testid="inc-detail-number">{d.number}</span>
            <Tag color={STATUS_TAG[d.status]} data-testid="inc-detail-status">
              {names.statusName(d.status)}
            </Tag>
            <Tag data-testid="inc-detail-category">{names.categoryName(d)}</Tag>
            <Tag color={PRIORITY_TAG[d.priority]}>{names.priorityName(d.priority)}</Tag>
            {d.overdue ? <Tag color="red">{t('inc.clockBreached')}</Tag> : null}
          </Flex>
        }
      />
      <Flex vertical gap={12}>
        <Card size="small">
          <ActionPanel incident={d} large={isPhone} />
          {d.allowedActions.length === 0 && !canRate ? (
            <Typography.Text type="secondary">{t('inc.noActionsNow')}</Typography.Text>
          ) : null}
          {canRate ? <ReporterFeedback d={d} /> : null}
        </Card>
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={14}>
            <Flex vertical gap={12}>
              <Card size="small" title={t('inc.description')}>
                <Typography.Paragraph
                  style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}
                  data-testid="inc-detail-description"
                >
                  {d.description}
                </Typography.Paragraph>
                <Descriptions
                  size="small"
                  column={isPhone ? 1 : 2}
                  items={infoItems(
                    d,
                    t,
                    names,
                    categories.data?.find((c) => c.code === d.categoryCode),
                    place,
                  )}
                />
              </Card>
              <Card size="small" title={t('inc.photos')}>
                <Photos d={d} />
              </Card>
              <Card size="small" title={t('inc.jointOrders')}>
                <JointOrders orders={d.jointOrders} />
              </Card>
            </Flex>
          </Col>
          <Col xs={24} lg={10}>
            <Flex vertical gap={12}>
              <Card size="small" title={t('inc.clocks')}>
                <Clocks clocks={d.clocks} />
              </Card>
              <Card size="small" title={t('inc.timeline')}>
                <Timeline
                  data-testid="inc-timeline"
                  items={d.timeline.map((e) => ({
                    color:
                      e.action === 'clock_breach'
                        ? CLOCK_COLOURS.breached
                        : e.action === 'clock_warning'
                          ? CLOCK_COLOURS.warning
                          : 'blue',
                    children: (
                      <div data-testid={`inc-timeline-${e.action}`}>
                        <Typography.Text strong>{names.actionName(e.action)}</Typography.Text>
                        {e.toStatus && e.toStatus !== e.fromStatus ? (
                          <Tag style={{ marginInlineStart: 8 }} color={STATUS_TAG[e.toStatus]}>
                            {names.statusName(e.toStatus)}
                          </Tag>
                        ) : null}
                        <div style={{ color: '#8c8c8c', fontSize: 12 }}>
                          {fmt(e.at)} · {e.actorName}
                        </div>
                        {e.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
                      </div>
                    ),
                  }))}
                />
              </Card>
            </Flex>
          </Col>
        </Row>
      </Flex>
    </>
  );
}

function infoItems(
  d: IncidentDetail,
  t: (k: string, o?: Record<string, string>) => string,
  names: ReturnType<typeof useIncidentNames>,
  category: Category | undefined,
  place: ReturnType<typeof usePlaceName>,
) {
  const r = d.reporter;
  const reporter = r.anonymous ? t('inc.anonymous') : [r.name, r.phone, r.email].filter(Boolean).join(' · ') || '—';
  const items = [
    {
      key: 'reporter',
      label: t('inc.reporter'),
      children: r.masked ? t('inc.maskedValue', { value: reporter }) : reporter,
    },
    { key: 'channel', label: t('inc.channel'), children: names.channelName(d.channel) },
    {
      key: 'location',
      label: t('inc.location'),
      children: (
        <span>
          <EnvironmentOutlined /> {d.address ?? '—'}
          {d.lat !== null && d.lng !== null ? ` (${d.lat.toFixed(5)}, ${d.lng.toFixed(5)})` : ''}
        </span>
      ),
    },
    { key: 'region', label: t('inc.region'), children: (d.regionName ? place(d.regionName) : d.regionCode) ?? '—' },
    {
      key: 'assignee',
      label: t('inc.assignee'),
      children: handlerLabel(names.levelName(d.handlingLevel), d, (n) => place(n, ONLY_PLACES)),
    },
    { key: 'received', label: t('inc.receivedAt'), children: fmt(d.receivedAt) },
  ];
  for (const [k, v] of Object.entries(d.attributes)) {
    const def = category?.attributes.find((a) => a.code === k);
    const valueName = (x: unknown) => def?.values.find((o) => o.key === x)?.name ?? String(x);
    items.push({
      key: `attr-${k}`,
      label: def?.description ?? k,
      children: Array.isArray(v) ? v.map(valueName).join('、') : valueName(v),
    });
  }
  if (d.mergedIntoId) {
    items.push({
      key: 'merged',
      label: t('inc.mergedInto'),
      children: <Link to={`/incidents/${d.mergedIntoId}`}>{d.mergedIntoId.slice(0, 8)}</Link>,
    });
  }
  if (d.satisfaction !== null) {
    items.push({
      key: 'sat',
      label: t('inc.satisfaction'),
      children: `${'★'.repeat(d.satisfaction)}${d.feedback ? ` ${d.feedback}` : ''}`,
    });
  }
  if (d.mediationCaseId) {
    items.push({
      key: 'med',
      label: t('inc.mediationCase'),
      children: <Link to={`/mediation/${d.mediationCaseId}`}>{d.mediationCaseId.slice(0, 8)}</Link>,
    });
  }
  return items;
}

function Photos({ d }: { d: IncidentDetail }) {
  const { t } = useTranslation();
  // Photos of the result come with the resolve event; show them with the reporter's ones.
  const resultIds = d.timeline.flatMap((e) => {
    const ids = e.data.attachmentIds;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  });
  const ids = [...new Set([...d.attachmentIds, ...resultIds])];
  if (ids.length === 0 && !d.mediaUrl)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inc.noData')} />;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap data-testid="inc-photos">
        {ids.map((pid) => (
          <Image key={pid} src={attachmentUrl(pid)} width={104} height={104} style={{ objectFit: 'cover' }} />
        ))}
        {d.mediaUrl ? <Image src={d.mediaUrl} width={104} height={104} style={{ objectFit: 'cover' }} /> : null}
      </Flex>
    </Image.PreviewGroup>
  );
}

function Clocks({ clocks }: { clocks: Clock[] }) {
  const { t } = useTranslation();
  const { clockName } = useIncidentNames();
  if (clocks.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inc.noData')} />;
  return (
    <Flex vertical gap={6} data-testid="inc-clocks">
      {clocks.map((c, i) => (
        <Flex key={`${c.kind}-${i}`} justify="space-between" align="center" gap={8}>
          <Typography.Text>{clockName(c.kind)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.metAt ? `✓ ${fmt(c.metAt)}` : c.dueAt ? `${t('inc.deadline')} ${fmt(c.dueAt)}` : ''}
          </Typography.Text>
          <Countdown clock={c} showKind={false} testId={`inc-clock-${c.kind}`} />
        </Flex>
      ))}
    </Flex>
  );
}

function JointOrders({ orders }: { orders: JointOrder[] }) {
  const { t } = useTranslation();
  if (orders.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inc.noJointOrders')} />;
  const stateTag = { summoned: 'gold', reported: 'green', done: 'default' } as const;
  return (
    <Flex vertical gap={12} data-testid="inc-joint-orders">
      {orders.map((o) => (
        <div key={o.id}>
          <Typography.Text type="secondary">
            {fmt(o.createdAt)} · {o.createdBy}：{o.note}
          </Typography.Text>
          <Table
            rowKey="organizationId"
            size="small"
            pagination={false}
            dataSource={o.members}
            columns={[
              { title: t('inc.department'), dataIndex: 'organizationName' },
              {
                title: t('inc.status'),
                dataIndex: 'state',
                render: (s: 'summoned' | 'reported' | 'done') => <Tag color={stateTag[s]}>{t(`inc.${s}`)}</Tag>,
              },
              { title: t('inc.deadline'), dataIndex: 'deadlineAt', render: fmt },
              { title: t('inc.reported'), dataIndex: 'reportedAt', render: fmt },
              { title: t('inc.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
            ]}
          />
        </div>
      ))}
    </Flex>
  );
}

/** The reporter's own follow-up: a 1–5 rating, or "not fixed" which reopens the incident. */
function ReporterFeedback({ d }: { d: IncidentDetail }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  if (feedback.isSuccess) return <Typography.Text type="success">{t('inc.thanks')}</Typography.Text>;
  const send = (reopen: boolean) =>
    feedback.mutate({
      idOrNumber: d.id,
      input: { satisfaction: reopen ? null : rating, comment: comment.trim() || null, reopen },
    });
  return (
    <Flex vertical gap={8} data-testid="inc-reporter-feedback">
      <Rate value={rating} onChange={setRating} style={{ fontSize: 28 }} />
      <Input.TextArea
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('inc.feedback')}
        maxLength={2000}
      />
      <Flex gap={8} wrap>
        <Button type="primary" disabled={rating === 0} loading={feedback.isPending} onClick={() => send(false)}>
          {t('inc.rate')}
        </Button>
        <Button danger loading={feedback.isPending} onClick={() => send(true)}>
          {t('inc.notFixed')}
        </Button>
      </Flex>
      {feedback.error ? <ErrorAlert error={feedback.error} /> : null}
    </Flex>
  );
}
