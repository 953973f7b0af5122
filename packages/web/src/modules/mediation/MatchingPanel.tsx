import { useState } from 'react';
import {
  Button,
  Card,
  Empty,
  Flex,
  InputNumber,
  List,
  Popconfirm,
  Progress,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { TeamOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { MATCH_KEYS, type CaseDetail, type RankedMediator, type ScorePart } from '@zhili/contracts';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { useCaseCommand, useMatches } from './mediationApi.ts';
import { useHometownName } from './mediatorColumns.tsx';
import { useMedNames } from './names.ts';

const PART_COLOR: Record<ScorePart['key'], string> = {
  hometown: '#d4380d',
  dialect: '#fa8c16',
  expertise: '#1677ff',
  distance: '#13c2c2',
  load: '#52c41a',
  success: '#722ed1',
  availability: '#8c8c8c',
};

/** One bar per part of the score, with the reason in the caller's language. */
export function ScoreBreakdown({ parts, testId }: { parts: ScorePart[]; testId?: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <div
      data-testid={testId}
      style={{
        display: 'grid',
        gridTemplateColumns: 'auto minmax(80px, 140px) 1fr',
        gap: '2px 8px',
        alignItems: 'center',
      }}
    >
      {parts.map((p) => (
        <div key={p.key} style={{ display: 'contents' }}>
          <Typography.Text style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {t(`med.match.part.${p.key}`)}
          </Typography.Text>
          <Tooltip title={`${fmtPoints(p.points)} / ${fmtPoints(p.max)}`}>
            <Progress
              percent={p.max > 0 ? Math.max(0, Math.min(100, (p.points / p.max) * 100)) : 0}
              showInfo={false}
              size="small"
              strokeColor={PART_COLOR[p.key]}
              style={{ margin: 0 }}
            />
          </Tooltip>
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12 }}
            data-testid={testId ? `${testId}-${p.key}` : undefined}
          >
            {pick(lang, p.reasonZh, p.reasonEn)}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

const fmtPoints = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** The whole score as one bar: a coloured segment per part, its width the points won out of the maximum. */
function StackedScore({ parts }: { parts: ScorePart[] }) {
  const { t } = useTranslation();
  const max = parts.reduce((s, p) => s + p.max, 0) || 1;
  return (
    <div
      style={{ display: 'flex', height: 8, borderRadius: 4, overflow: 'hidden', background: '#f0f0f0', minWidth: 120 }}
    >
      {parts.map((p) => (
        <Tooltip key={p.key} title={`${t(`med.match.part.${p.key}`)} ${fmtPoints(p.points)}/${fmtPoints(p.max)}`}>
          <div style={{ width: `${(Math.max(0, p.points) / max) * 100}%`, background: PART_COLOR[p.key] }} />
        </Tooltip>
      ))}
    </div>
  );
}

/** The colour key of the stacked bars. */
function PartLegend() {
  const { t } = useTranslation();
  return (
    <Flex wrap gap={10}>
      {MATCH_KEYS.map((k) => (
        <Space key={k} size={4}>
          <span
            style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: PART_COLOR[k] }}
          />
          <Typography.Text style={{ fontSize: 12 }}>{t(`med.match.part.${k}`)}</Typography.Text>
        </Space>
      ))}
    </Flex>
  );
}

function MediatorLine({ r }: { r: RankedMediator }) {
  const { t } = useTranslation();
  const hometownName = useHometownName();
  const m = r.mediator;
  return (
    <Flex wrap gap={6} align="center">
      <Typography.Text strong>{m.name}</Typography.Text>
      <Tag color="volcano">{hometownName(m.hometown)}</Tag>
      {m.dialects.map((d) => (
        <Tag key={d}>{d}</Tag>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('med.match.load', { open: m.openCases, capacity: m.capacity })}
        {m.certified ? '' : ` · ${t('med.match.uncertified')}`}
      </Typography.Text>
    </Flex>
  );
}

/**
 * The matching panel of a case: mediators ranked by the explained score and, for parties from
 * different provinces, the proposed panel of one mediator from each side's home province.
 */
export function MatchingPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const names = useMedNames();
  const [withinDays, setWithinDays] = useState(7);
  const [requireCertified, setRequireCertified] = useState(false);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const matches = useMatches(detail.id, { withinDays, requireCertified }, true);
  const command = useCaseCommand(detail.id);
  const data = matches.data;
  const panel = (data?.panel ?? []).filter((p) => p.mediator);

  // The best candidate shows its reasons at once; the others on demand, so twenty stay readable.
  const isOpen = (r: RankedMediator, i: number) => (i === 0) !== open.has(r.mediator.id);

  const assign = (mediators: { mediatorId: string; forPartyId: string | null }[]) =>
    command.mutate({ command: 'assign', body: { version: detail.version, mediators, note: null } });

  return (
    <Card
      size="small"
      title={t('med.match.title')}
      data-testid="med-matching"
      extra={
        <Space wrap size={8}>
          <Space size={4}>
            <Typography.Text style={{ fontSize: 12 }}>{t('med.match.withinDays')}</Typography.Text>
            <InputNumber
              size="small"
              min={0}
              max={90}
              value={withinDays}
              onChange={(v) => setWithinDays(v ?? 7)}
              style={{ width: 64 }}
            />
          </Space>
          <Space size={4}>
            <Switch size="small" checked={requireCertified} onChange={setRequireCertified} />
            <Typography.Text style={{ fontSize: 12 }}>{t('med.match.certifiedOnly')}</Typography.Text>
          </Space>
        </Space>
      }
    >
      {matches.isError ? <ErrorAlert error={matches.error} onRetry={() => void matches.refetch()} /> : null}
      {command.error ? <ErrorAlert error={command.error} testId="med-assign-error" /> : null}
      {data?.crossProvince ? (
        <Card
          type="inner"
          size="small"
          title={
            <Space>
              <TeamOutlined />
              {t('med.match.panelTitle')}
            </Space>
          }
          style={{ marginBottom: 12, borderColor: '#ffbb96' }}
          data-testid="med-panel"
          extra={
            panel.length > 1 ? (
              <Popconfirm
                title={t('med.match.assignPanelConfirm', {
                  names: panel.map((p) => p.mediator?.mediator.name).join('、'),
                })}
                onConfirm={() =>
                  assign(panel.map((p) => ({ mediatorId: p.mediator?.mediator.id ?? '', forPartyId: p.partyId })))
                }
                okButtonProps={{ ...testId('med-panel-assign-confirm') }}
              >
                <Button type="primary" size="small" loading={command.isPending} data-testid="med-panel-assign">
                  {t('med.match.assignPanel')}
                </Button>
              </Popconfirm>
            ) : null
          }
        >
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('med.match.panelHint')}
          </Typography.Paragraph>
          <Flex vertical gap={12}>
            {data.panel.map((p) => (
              <div key={p.partyId} data-testid={`med-panel-party-${p.provinceCode ?? 'none'}`}>
                <Typography.Text type="secondary">
                  {t('med.match.forParty', {
                    party: p.partyName,
                    province: names.province(p.provinceCode, p.provinceName),
                  })}
                </Typography.Text>
                {p.mediator ? (
                  <div style={{ marginTop: 4 }} data-testid={`med-panel-mediator-${p.provinceCode ?? 'none'}`}>
                    <Flex justify="space-between" wrap gap={8}>
                      <MediatorLine r={p.mediator} />
                      <Typography.Text strong>
                        {t('med.match.score', { score: fmtPoints(p.mediator.total) })}
                      </Typography.Text>
                    </Flex>
                    <ScoreBreakdown parts={p.mediator.parts} testId={`med-panel-reasons-${p.provinceCode ?? 'none'}`} />
                  </div>
                ) : (
                  <Typography.Paragraph type="warning">{t('med.match.noneFromProvince')}</Typography.Paragraph>
                )}
              </div>
            ))}
          </Flex>
        </Card>
      ) : null}
      <List<RankedMediator>
        loading={matches.isFetching}
        dataSource={showAll ? (data?.ranked ?? []) : (data?.ranked ?? []).slice(0, 5)}
        locale={{ emptyText: <Empty description={t('med.match.none')} /> }}
        header={
          data ? (
            <Flex vertical gap={6}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('med.match.considered', { count: data.considered, shown: data.ranked.length })}
              </Typography.Text>
              <PartLegend />
            </Flex>
          ) : null
        }
        footer={
          data && data.ranked.length > 5 ? (
            <Button type="link" size="small" onClick={() => setShowAll((v) => !v)} data-testid="med-ranked-more">
              {showAll ? t('med.match.showFewer') : t('med.match.showAll', { count: data.ranked.length })}
            </Button>
          ) : null
        }
        renderItem={(r, i) => (
          <List.Item key={r.mediator.id} data-testid={`med-ranked-${i}`} style={{ display: 'block' }}>
            <Flex justify="space-between" wrap gap={8} align="center">
              <Space>
                <Tag color={i === 0 ? 'gold' : 'default'}>#{i + 1}</Tag>
                <MediatorLine r={r} />
              </Space>
              <Space>
                <Typography.Text strong>{t('med.match.score', { score: fmtPoints(r.total) })}</Typography.Text>
                <Popconfirm
                  title={t('med.match.assignConfirm', { name: r.mediator.name })}
                  onConfirm={() => assign([{ mediatorId: r.mediator.id, forPartyId: null }])}
                  okButtonProps={{ ...testId(`med-assign-confirm-${i}`) }}
                >
                  <Button
                    size="small"
                    icon={<UserAddOutlined />}
                    loading={command.isPending}
                    data-testid={`med-assign-${i}`}
                  >
                    {t('med.match.assign')}
                  </Button>
                </Popconfirm>
              </Space>
            </Flex>
            <Flex gap={8} align="center" style={{ marginTop: 6 }}>
              <div style={{ flex: 1 }}>
                <StackedScore parts={r.parts} />
              </div>
              <Button
                type="link"
                size="small"
                onClick={() =>
                  setOpen((prev) => {
                    const next = new Set(prev);
                    if (next.has(r.mediator.id)) next.delete(r.mediator.id);
                    else next.add(r.mediator.id);
                    return next;
                  })
                }
                data-testid={`med-ranked-why-${i}`}
              >
                {t(isOpen(r, i) ? 'med.match.hideReasons' : 'med.match.reasons')}
              </Button>
            </Flex>
            {isOpen(r, i) ? (
              <div style={{ marginTop: 6 }}>
                <ScoreBreakdown parts={r.parts} testId={`med-ranked-reasons-${i}`} />
              </div>
            ) : null}
          </List.Item>
        )}
      />
    </Card>
  );
}
