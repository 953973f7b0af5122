import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../layout/NotFoundPage.tsx';
import { FrameworkListPage } from './FrameworkListPage.tsx';
import { FrameworkPage } from './FrameworkPage.tsx';
import { UnitProfilePage } from './UnitProfilePage.tsx';
import './charts.ts';

/** The evaluation (生态鼎评价) screens under `/evaluation`, loaded as one chunk. */
export default function EvaluationRoutes() {
  return (
    <Routes>
      <Route index element={<FrameworkListPage />} />
      <Route path=":code" element={<FrameworkPage />} />
      <Route path=":code/runs/:runId/units/:unit" element={<UnitProfilePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
