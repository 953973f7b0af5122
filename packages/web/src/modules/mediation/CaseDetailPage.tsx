import { useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, Flex, Row, Skeleton, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, FilePdfOutlined, LinkOutlined, SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import dayjs from 'dayjs';
import type { CaseDetail, CaseEvent, Party, Session } from '@zhili/contracts';
import { ErrorAlert, PageHeader, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useCan } from '../auth/me.ts';
import { STATUS_COLOR, URGENCY_COLOR } from './CaseBoardPage.tsx';
import { CaseActions } from './CaseActions.tsx';
import { CaseAttachments } from './CaseAttachments.tsx';
import { CaseEditor, mayEditCase } from './CaseEditor.tsx';
import { ClockTag } from './ClockTag.tsx';
import { MatchingPanel } from './MatchingPanel.tsx';
import { caseDocumentUrl, useCase } from './mediationApi.ts';
import { useHometownName } from './mediatorColumns.tsx';
import { useMedNames } from './names.ts';
import { useIncidentNames } from '../incidents/names.ts';
import { usePlaceName } from '../../lib/placeName.ts';

const fmtTime = (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—');
const yuan = (v: number | null) => (v === null ? '—' : `¥${v.toLocaleString('zh-CN')}`);

/**
 * One case: facts (editable by writers), parties (contacts as masked by the server), matching,
 * sessions, outcome, attachments, documents, timeline.
 */
export function CaseDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useCase(id);
  const [editing, setEditing] = useState(false);
  const d = query.data;

  if (query.isPending) return <Skeleton active />;
  if (query.isError || !d) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;

  return (
    <>
      <PageHeader
        title={
          <Flex wrap gap={8} align="center">
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => void navigate('/mediation')}
              aria-label={t('med.back')}
            />
            <span data-testid="med-case-heading">{d.title}</span>
          </Flex>
        }
        extra={
          mayEditCase(d) ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="med-case-edit">
              {t('med.caseEdit.edit')}
            </Button>
          ) : undefined
        }
      />
      {editing ? <CaseEditor detail={d} onClose={() => setEditing(false)} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Flex vertical gap={16}>
            <Facts d={d} />
            <Parties parties={d.parties} />
            {d.allowedActions.includes('assign') ? <Matching d={d} /> : null}
            <Sessions sessions={d.sessions} />
            <Outcome d={d} />
          </Flex>
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('med.case.actions')}>
              <CaseActions detail={d} />
              {d.allowedActions.length === 0 ? (
                <Typography.Text type="secondary">{t('med.case.noActions')}</Typography.Text>
              ) : null}
            </Card>
            <CaseAttachments d={d} />
            <Documents d={d} />
            <CaseTimeline events={d.timeline} />
          </Flex>
        </Col>
      </Row>
    </>
  );
}

/**
 * The matching panel while nobody is assigned; once mediators are, it stays folded behind a
 * "reassign" button so the proposal does not read as still pending.
 */
function Matching({ d }: { d: CaseDetail }) {
  const { t } = useTranslation();
  const [reassigning, setReassigning] = useState(false);
  if (d.mediators.length === 0 || reassigning) return <MatchingPanel detail={d} />;
  return (
    <Card size="small">
      <Button icon={<SwapOutlined />} onClick={() => setReassigning(true)} data-testid="med-reassign">
        {t('med.match.reassign')}
      </Button>
    </Card>
  );
}

function Facts({ d }: { d: CaseDetail }) {
  const { t } = useTranslation();
  const place = usePlaceName();
  const names = useMedNames();
  const hometownName = useHometownName();
  const isPhone = useIsPhone();
  const canSeeIncidents = useCan('incident.read');
  return (
    <Card size="small">
      <Flex wrap gap={6} style={{ marginBottom: 12 }}>
        <Tag color={STATUS_COLOR[d.status]} data-testid="med-case-status" data-status={d.status}>
          {names.name('status', d.status)}
        </Tag>
        <ClockTag clock={d.clock} testId="med-case-clock" />
        <Tag>{names.name('type', d.type)}</Tag>
        <Tag color={URGENCY_COLOR[d.urgency]}>{names.name('urgency', d.urgency)}</Tag>
        {d.crossProvince ? <Tag color="magenta">{t('med.case.cross')}</Tag> : null}
      </Flex>
      <Descriptions size="small" column={isPhone ? 1 : 2} bordered={!isPhone}>
        <Descriptions.Item label={t('med.case.number')}>{d.number}</Descriptions.Item>
        <Descriptions.Item label={t('med.case.amount')}>{yuan(d.amount)}</Descriptions.Item>
        <Descriptions.Item label={t('med.case.region')}>
          {d.regionName ? place(d.regionName) : d.regionCode}
        </Descriptions.Item>
        <Descriptions.Item label={t('med.case.address')}>{d.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('med.case.registeredAt')}>{fmtTime(d.registeredAt)}</Descriptions.Item>
        <Descriptions.Item label={t('med.case.occurredOn')}>{d.occurredOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('med.case.deadline')}>
          {fmtTime(d.clock.dueAt)} ({t('med.case.limitDays', { days: d.clock.limitDays })})
        </Descriptions.Item>
        <Descriptions.Item label={t('med.case.incident')}>
          {d.incidentId ? (
            canSeeIncidents ? (
              <Link to={`/incidents/${d.incidentId}`} data-testid="med-case-incident">
                <LinkOutlined /> {d.incidentNumber ?? d.incidentId.slice(0, 8)}
              </Link>
            ) : (
              (d.incidentNumber ?? '—')
            )
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('med.case.mediators')} span={isPhone ? 1 : 2}>
          <span data-testid="med-case-mediators">
            {d.mediators.length === 0
              ? '—'
              : d.mediators.map((m) => (
                  <Tag key={m.mediatorId} color={m.role === 'lead' ? 'blue' : 'default'}>
                    {m.name} · {hometownName(m.hometown)}
                    {m.role === 'lead' ? ` · ${t('med.case.lead')}` : ''}
                  </Tag>
                ))}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('med.case.description')} span={isPhone ? 1 : 2}>
          <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
            {d.description}
          </Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Parties({ parties }: { parties: Party[] }) {
  const { t } = useTranslation();
  const names = useMedNames();
  const hometownName = useHometownName();
  return (
    <Card size="small" title={t('med.party.title')}>
      <Table<Party>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={parties}
        scroll={{ x: 'max-content' }}
        data-testid="med-parties"
        onRow={(p) => ({ ...testId(`med-party-${p.id}`) })}
        columns={[
          { title: t('med.party.side'), dataIndex: 'side', render: (s: string) => names.name('side', s) },
          { title: t('med.party.name'), dataIndex: 'name' },
          { title: t('med.party.role'), dataIndex: 'role', render: (r: string) => names.name('role', r) },
          {
            title: t('med.hometown.label'),
            key: 'hometown',
            render: (_: unknown, p) => (p.hometown ? <Tag color="volcano">{hometownName(p.hometown)}</Tag> : '—'),
          },
          { title: t('med.mediator.dialects'), dataIndex: 'dialects', render: (ds: string[]) => ds.join('、') || '—' },
          {
            title: t('med.party.phone'),
            key: 'phone',
            render: (_: unknown, p) => (
              <Typography.Text type={p.masked ? 'secondary' : undefined}>{p.phone ?? '—'}</Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}

function Sessions({ sessions }: { sessions: Session[] }) {
  const { t } = useTranslation();
  if (sessions.length === 0) return null;
  return (
    <Card size="small" title={t('med.session.title')} data-testid="med-sessions">
      <Flex vertical gap={12}>
        {sessions.map((s) => (
          <div key={s.id}>
            <Typography.Text strong>
              {fmtTime(s.heldAt)} {s.place ? `· ${s.place}` : ''}
            </Typography.Text>
            <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{s.summary}</Typography.Paragraph>
            {s.attendees ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('med.session.attendees')}: {s.attendees}
              </Typography.Text>
            ) : null}
            {s.nextSteps ? (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
                {t('med.session.nextSteps')}: {s.nextSteps}
              </Typography.Paragraph>
            ) : null}
          </div>
        ))}
      </Flex>
    </Card>
  );
}

function Outcome({ d }: { d: CaseDetail }) {
  const { t } = useTranslation();
  const names = useMedNames();
  if (!d.agreement && !d.failureReason && !d.referral && !d.followUp) return null;
  return (
    <Card size="small" title={t('med.case.outcome')} data-testid="med-outcome">
      {d.agreement ? (
        <>
          <ol style={{ paddingInlineStart: 20, marginTop: 0 }}>
            {d.agreement.terms.map((term, i) => (
              <li key={i}>{term}</li>
            ))}
          </ol>
          <Typography.Text type="secondary">
            {t('med.agreement.amount')}: {yuan(d.agreement.amountAgreed)} · {t('med.agreement.performBy')}:{' '}
            {d.agreement.performBy ?? '—'} · {t(`med.followUp.perf.${d.agreement.performance}`)}
          </Typography.Text>
        </>
      ) : null}
      {d.failureReason ? <Typography.Paragraph>{d.failureReason}</Typography.Paragraph> : null}
      {d.referral ? (
        <Typography.Paragraph>
          {names.name('referral', d.referral.target)} {d.referral.note ?? ''}
        </Typography.Paragraph>
      ) : null}
      {d.followUp ? (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t('med.action.follow_up')}: {d.followUp.note}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

function Documents({ d }: { d: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('med.doc.title')}>
      {d.documents.length === 0 ? (
        <Typography.Text type="secondary">{t('med.doc.none')}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          {d.documents.map((doc) => (
            <Button
              key={doc}
              icon={<FilePdfOutlined />}
              href={caseDocumentUrl(d.id, doc)}
              target="_blank"
              data-testid={`med-doc-${doc}`}
            >
              {t(`med.doc.${doc}`)}
            </Button>
          ))}
        </Flex>
      )}
    </Card>
  );
}

function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const { t } = useTranslation();
  const names = useMedNames();
  const incidentNames = useIncidentNames();
  // The centre's status changes arrive with a Chinese note; name the status in the UI's language.
  const centreStatus = (e: CaseEvent) =>
    e.action === 'incident_status' && typeof e.data.status === 'string' ? e.data.status : null;
  const color = (e: CaseEvent) =>
    e.action === 'clock_breach'
      ? 'red'
      : e.action === 'clock_warning'
        ? 'orange'
        : e.action === 'agree'
          ? 'green'
          : 'blue';
  return (
    <Card size="small" title={t('med.case.timeline')}>
      {events.length === 0 ? (
        <Empty />
      ) : (
        <Timeline
          data-testid="med-timeline"
          items={events.map((e) => ({
            key: e.id,
            color: color(e),
            children: (
              <>
                <Typography.Text strong>{names.name('action', e.action)}</Typography.Text>
                {e.toStatus && e.toStatus !== e.fromStatus ? (
                  <Tag style={{ marginInlineStart: 6 }}>{names.name('status', e.toStatus)}</Tag>
                ) : null}
                {centreStatus(e) ? (
                  <Tag style={{ marginInlineStart: 6 }} {...testId(`med-timeline-incident-${centreStatus(e)}`)}>
                    {incidentNames.statusName(centreStatus(e)!)}
                  </Tag>
                ) : null}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmtTime(e.at)} · {centreStatus(e) ? t('med.case.centre') : e.actorName}
                  </Typography.Text>
                </div>
                {e.note && !centreStatus(e) ? (
                  <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                    {e.note}
                  </Typography.Paragraph>
                ) : null}
              </>
            ),
          }))}
        />
      )}
    </Card>
  );
}
