import type { ReactNode } from 'react';
import { Flex, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { ErrorAlert } from '../../lib/ui.tsx';
import { ForcePasswordChange } from './ForcePasswordChange.tsx';
import { MeContext, can, useMe, useMeQuery } from './me.ts';
import type { Permission } from '@zhili/contracts';

/** Renders its children only for a logged-in caller (else → /login?next=…), providing Me. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const meQuery = useMeQuery();
  const location = useLocation();

  if (meQuery.isPending) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (meQuery.isError) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
        <ErrorAlert error={meQuery.error} onRetry={() => void meQuery.refetch()} />
      </Flex>
    );
  }
  const me = meQuery.data;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mustChangePassword) return <ForcePasswordChange />;
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

/** Guards a page by permission: the menu hides it, and a typed-in URL gets a 403 screen. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (!can(me, permission)) {
    return (
      <div data-testid="forbidden">
        <Result status="403" title="403" subTitle={t('error.forbiddenPage')} />
      </div>
    );
  }
  return <>{children}</>;
}
