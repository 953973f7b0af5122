import { useMemo, type ReactNode } from 'react';
import type { CaseStatus } from '@zhili/contracts';
import { Button, Card, Col, Flex, Row, Statistic, Tooltip, Typography } from 'antd';
import { AlertOutlined, CommentOutlined, TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useMe } from '../auth/me.ts';
import { useFrameworks } from '../evaluation/evaluationApi.ts';
import { useIncidents } from '../incidents/incidentsApi.ts';
import { useCases } from '../mediation/mediationApi.ts';
import { useScope } from '../layout/scope.tsx';
import {
  CASE_FIGURE_FILTERS,
  INCIDENT_FIGURE_FILTERS,
  homeCards,
  isScoped,
  type FigureKey,
  type HomeCard,
  type HomeFigure,
  type HomeModule,
} from './homeCards.ts';

const ICONS: Record<HomeModule, ReactNode> = {
  incidents: <AlertOutlined />,
  mediation: <CommentOutlined />,
  evaluation: <TrophyOutlined />,
};

/** Figures that are bad news when above zero are shown in red. */
const ALARMING: ReadonlySet<FigureKey> = new Set(['incidentOverdue', 'mediationOverdue']);

/** Where the numbers come from differs per figure; what is shown is the same. */
interface Count {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  value: number | undefined;
}

/** "My work": one card per built module the caller may open, with live counts and its screens. */
export function MyWork() {
  const { t } = useTranslation();
  const me = useMe();
  const cards = useMemo(() => homeCards(me), [me]);
  if (cards.length === 0) return null;
  return (
    <div data-testid="home-work">
      <Typography.Title level={5}>{t('home.work.title')}</Typography.Title>
      <Row gutter={[12, 12]}>
        {cards.map((c) => (
          <Col key={c.module} xs={24} md={12} xl={8}>
            <WorkCard card={c} />
          </Col>
        ))}
      </Row>
    </div>
  );
}

function WorkCard({ card }: { card: HomeCard }) {
  const { t } = useTranslation();
  // Thumb-sized buttons on a phone, where grid workers open their tasks from here.
  const isPhone = useIsPhone();
  return (
    <Card
      size="small"
      style={{ height: '100%' }}
      styles={{ body: { display: 'flex', flexDirection: 'column', gap: 12, height: '100%' } }}
      data-testid={`home-work-${card.module}`}
    >
      <div>
        <Flex gap={8} align="center">
          <span style={{ fontSize: 18, color: '#1677ff' }}>{ICONS[card.module]}</span>
          <Typography.Text strong>{t(`home.modules.${card.module}.title`)}</Typography.Text>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t(`home.work.purpose.${card.purpose}`)}
        </Typography.Text>
      </div>
      {card.figures.length > 0 ? (
        <Flex gap={24} wrap>
          {card.figures.map((f) => (
            <Figure key={f.key} figure={f} />
          ))}
        </Flex>
      ) : null}
      <Flex gap={8} wrap style={{ marginTop: 'auto' }}>
        {card.links.map((item, i) => (
          <Link key={item.key} to={item.path} data-testid={`home-link-${item.key}`}>
            <Button
              size={isPhone ? 'middle' : 'small'}
              type={i === 0 ? 'primary' : 'default'}
              icon={item.icon}
              tabIndex={-1}
            >
              {t(item.labelKey)}
            </Button>
          </Link>
        ))}
      </Flex>
    </Card>
  );
}

function Figure({ figure }: { figure: HomeFigure }) {
  const { regionFilter } = useScope();
  const regionCode = isScoped(figure.key) ? regionFilter : undefined;
  const k = figure.key;
  if (k === 'frameworks') return <FrameworkFigure figure={figure} />;
  if (k === 'mediationOpen' || k === 'mediationOverdue')
    return <CaseFigure figure={figure} filters={{ ...CASE_FIGURE_FILTERS[k], regionCode }} />;
  return <IncidentFigure figure={figure} filters={{ ...INCIDENT_FIGURE_FILTERS[k], regionCode }} />;
}

function IncidentFigure({
  figure,
  filters,
}: {
  figure: HomeFigure;
  filters: (typeof INCIDENT_FIGURE_FILTERS)[keyof typeof INCIDENT_FIGURE_FILTERS] & { regionCode?: string };
}) {
  const q = useIncidents({ ...filters, page: 1, pageSize: 1 }, { refetchMs: 60_000 });
  return <FigureView figure={figure} count={{ ...q, value: q.data?.total }} />;
}

function CaseFigure({
  figure,
  filters,
}: {
  figure: HomeFigure;
  filters: { status: readonly CaseStatus[]; overdue?: boolean; regionCode?: string };
}) {
  const q = useCases({
    status: filters.status,
    overdue: filters.overdue ? 'true' : undefined,
    regionCode: filters.regionCode,
    page: 1,
    pageSize: 1,
  });
  return <FigureView figure={figure} count={{ ...q, value: q.data?.total }} />;
}

function FrameworkFigure({ figure }: { figure: HomeFigure }) {
  // The framework list is small and the evaluation page loads the same query, so it is cached there.
  const q = useFrameworks('');
  return <FigureView figure={figure} count={{ ...q, value: q.data?.length }} />;
}

function FigureView({ figure, count }: { figure: HomeFigure; count: Count }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const title = t(`home.work.figures.${figure.key}`);
  const testId = `home-figure-${figure.key}`;
  if (count.isError) {
    return (
      <Tooltip title={t('home.work.figureError', { reason: errorText(count.error, lang, t) })}>
        <div data-testid={testId} data-state="error">
          <Statistic title={title} value="—" />
        </div>
      </Tooltip>
    );
  }
  const value = count.value;
  const alarming = ALARMING.has(figure.key) && (value ?? 0) > 0;
  return (
    <Link to={figure.to} data-testid={testId} aria-label={`${title} ${value ?? ''}`}>
      <Statistic
        title={title}
        value={value ?? 0}
        loading={count.isPending}
        valueStyle={alarming ? { color: '#cf1322' } : { color: '#1677ff' }}
      />
    </Link>
  );
}
