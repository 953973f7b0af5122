import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { Skeleton, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import type { Permission } from '@zhili/contracts';
import { useCan } from '../auth/me.ts';
import { RequirePermission } from '../auth/RequireAuth.tsx';
import { NotFoundPage } from '../layout/NotFoundPage.tsx';
import { CaseBoardPage } from './CaseBoardPage.tsx';
import { CaseDetailPage } from './CaseDetailPage.tsx';
import './i18n.ts';

// The case board and detail are the daily screens; the rest (charts, imports) load on demand.
const MediatorsPage = lazy(() => import('./MediatorsPage.tsx'));
const PoolHealthPage = lazy(() => import('./PoolHealthPage.tsx'));
const AssignmentPage = lazy(() => import('./AssignmentPage.tsx'));
const CorpsPage = lazy(() => import('./CorpsPage.tsx'));
const OutreachPage = lazy(() => import('./OutreachPage.tsx'));
const AntiFraudPage = lazy(() => import('./AntiFraudPage.tsx'));
const TrainingPage = lazy(() => import('./TrainingPage.tsx'));
const StatsPage = lazy(() => import('./StatsPage.tsx'));
const TimeLimitsPage = lazy(() => import('./TimeLimitsPage.tsx'));

const guarded = (permission: Permission, page: ReactNode) => (
  <RequirePermission permission={permission}>{page}</RequirePermission>
);

const SECTIONS: { key: string; permission: Permission }[] = [
  { key: 'cases', permission: 'mediation.read' },
  { key: 'mediators', permission: 'mediation.read' },
  { key: 'pools', permission: 'mediation.read' },
  { key: 'assign', permission: 'mediation.manage' },
  { key: 'corps', permission: 'mediation.read' },
  { key: 'outreach', permission: 'mediation.read' },
  { key: 'antifraud', permission: 'mediation.read' },
  { key: 'training', permission: 'mediation.read' },
  { key: 'stats', permission: 'mediation.read' },
  { key: 'time-limits', permission: 'mediation.read' },
];

/** The module's own tabs under the single menu entry; on phones antd folds the overflow into "…". */
function SectionTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const canManage = useCan('mediation.manage');
  const section = pathname.split('/')[2] || 'cases';
  const items = SECTIONS.filter((s) => s.permission !== 'mediation.manage' || canManage).map((s) => ({
    key: s.key,
    label: <span data-testid={`med-tab-${s.key}`}>{t(`med.section.${s.key}`)}</span>,
  }));
  return (
    <Tabs
      activeKey={section}
      items={items}
      size="small"
      style={{ marginTop: -8, marginBottom: 4 }}
      onChange={(key) => void navigate(key === 'cases' ? '/mediation' : `/mediation/${key}`)}
      data-testid="med-tabs"
    />
  );
}

/** The hometown mediation (老乡调解) screens under `/mediation`. */
export default function MediationRoutes() {
  return (
    <>
      <SectionTabs />
      <Suspense fallback={<Skeleton active />}>
        <Routes>
          <Route index element={<CaseBoardPage />} />
          <Route path="cases" element={<CaseBoardPage />} />
          <Route path="cases/:id" element={<CaseDetailPage />} />
          <Route path="mediators" element={<MediatorsPage />} />
          <Route path="pools" element={<PoolHealthPage />} />
          <Route path="assign" element={guarded('mediation.manage', <AssignmentPage />)} />
          <Route path="corps" element={<CorpsPage />} />
          <Route path="outreach" element={<OutreachPage />} />
          <Route path="antifraud" element={<AntiFraudPage />} />
          <Route path="training" element={<TrainingPage />} />
          <Route path="stats" element={<StatsPage />} />
          <Route path="time-limits" element={<TimeLimitsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </>
  );
}
