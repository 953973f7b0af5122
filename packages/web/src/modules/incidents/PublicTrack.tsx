import { lazy, Suspense } from 'react';
import { Flex, Spin } from 'antd';

const TrackPage = lazy(() => import('./TrackPage.tsx'));

/** `/track` outside the login: the public tracking page, loaded on demand. */
export function PublicTrack() {
  return (
    <Suspense
      fallback={
        <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
          <Spin size="large" />
        </Flex>
      }
    >
      <TrackPage />
    </Suspense>
  );
}
