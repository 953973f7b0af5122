import { lazy } from 'react';
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import type { Permission } from '@zhili/contracts';
import { RequirePermission } from '../auth/RequireAuth.tsx';
import { NotFoundPage } from '../layout/NotFoundPage.tsx';
import { BoardPage } from './BoardPage.tsx';
import { DetailPage } from './DetailPage.tsx';
import { MyReportsPage } from './MyReportsPage.tsx';
import { MyTasksPage } from './MyTasksPage.tsx';
import { ReportForm } from './ReportForm.tsx';
import './i18n.ts';

// Statistics and settings are visited rarely: their charts and editors load on demand.
const StatsPage = lazy(() => import('./StatsPage.tsx'));
const ConfigPage = lazy(() => import('./ConfigPage.tsx'));

const guarded = (permission: Permission, page: ReactNode) => (
  <RequirePermission permission={permission}>{page}</RequirePermission>
);

/**
 * The incident screens under `/incidents`, one chunk. Each route checks its own permission:
 * a resident reaches the report form and "my reports", not the board.
 */
export default function IncidentsRoutes() {
  return (
    <Routes>
      <Route index element={guarded('incident.read', <BoardPage />)} />
      <Route path="tasks" element={guarded('incident.handle', <MyTasksPage />)} />
      <Route path="report" element={guarded('incident.report', <ReportForm key="resident" channel="resident" />)} />
      <Route path="hotline" element={guarded('incident.report', <ReportForm key="hotline" channel="hotline" />)} />
      <Route path="mine" element={guarded('incident.report', <MyReportsPage />)} />
      <Route path="stats" element={guarded('incident.read', <StatsPage />)} />
      <Route path="config" element={guarded('incident.configure', <ConfigPage />)} />
      {/* The service decides who may see one incident (scope or own report). */}
      <Route path=":id" element={<DetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
