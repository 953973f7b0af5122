import { lazy, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import type { Permission } from '@zhili/contracts';
import { antdLocale, useLanguage } from './lib/i18n.ts';
import { createQueryClient } from './lib/queryClient.ts';
import { LoginPage } from './modules/auth/LoginPage.tsx';
import { RequireAuth, RequirePermission } from './modules/auth/RequireAuth.tsx';
import { PublicTrack } from './modules/incidents/PublicTrack.tsx';
import { AppLayout } from './modules/layout/AppLayout.tsx';
import { NotFoundPage } from './modules/layout/NotFoundPage.tsx';
import { ScopeProvider } from './modules/layout/scope.tsx';

// Pages load on demand: ECharts only comes down with the home page, and so on.
const HomePage = lazy(() => import('./modules/home/HomePage.tsx'));
const RegionsPage = lazy(() => import('./modules/regions/RegionsPage.tsx'));
const RegionImportPage = lazy(() => import('./modules/regions/RegionImportPage.tsx'));
const OrganizationsPage = lazy(() => import('./modules/organizations/OrganizationsPage.tsx'));
const AccountsPage = lazy(() => import('./modules/accounts/AccountsPage.tsx'));
const ApiKeysPage = lazy(() => import('./modules/apikeys/ApiKeysPage.tsx'));
const AuditPage = lazy(() => import('./modules/audit/AuditPage.tsx'));
const EvaluationRoutes = lazy(() => import('./modules/evaluation/EvaluationRoutes.tsx'));
const IncidentsRoutes = lazy(() => import('./modules/incidents/IncidentsRoutes.tsx'));
const MediationRoutes = lazy(() => import('./modules/mediation/MediationRoutes.tsx'));

const queryClient = createQueryClient();

/** Those who ask their system for less motion get no zooming popovers or sliding drawers. */
const reducedMotion =
  typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

const guarded = (permission: Permission, page: ReactNode) => (
  <RequirePermission permission={permission}>{page}</RequirePermission>
);

function Providers({ children }: { children: ReactNode }) {
  const lang = useLanguage();
  return (
    <ConfigProvider
      locale={antdLocale(lang)}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6, motion: !reducedMotion } }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** The app: providers, then the routes (login outside, everything else behind RequireAuth). */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Providers>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/track" element={<PublicTrack />} />
            <Route
              element={
                <RequireAuth>
                  <ScopeProvider>
                    <AppLayout />
                  </ScopeProvider>
                </RequireAuth>
              }
            >
              <Route index element={<HomePage />} />
              <Route path="regions" element={guarded('region.read', <RegionsPage />)} />
              <Route path="regions/import" element={guarded('region.write', <RegionImportPage />)} />
              <Route path="organizations" element={guarded('organization.read', <OrganizationsPage />)} />
              <Route path="accounts" element={guarded('account.read', <AccountsPage />)} />
              <Route path="apikeys" element={guarded('apikey.manage', <ApiKeysPage />)} />
              <Route path="audit" element={guarded('audit.read', <AuditPage />)} />
              <Route path="evaluation/*" element={guarded('evaluation.read', <EvaluationRoutes />)} />
              <Route path="incidents/*" element={<IncidentsRoutes />} />
              <Route path="mediation/*" element={guarded('mediation.read', <MediationRoutes />)} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </Providers>
    </QueryClientProvider>
  );
}
