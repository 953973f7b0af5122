import { IncidentStats, IncidentStatsQuery } from '@zhili/contracts';
import type { App, AppDeps } from '../../platform/module.ts';
import * as service from './stats.service.ts';

const tags = ['incidents'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `Content-Disposition` with an ASCII fallback and the real (Chinese) name per RFC 6266. */
function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** `/api/incidents/stats` and its XLSX export (incident.read, narrowed to the caller's scope). */
export function registerStatsRoutes(app: App, _deps: AppDeps): void {
  app.get(
    '/api/incidents/stats',
    {
      config: { access: 'incident.read' },
      schema: { querystring: IncidentStatsQuery, response: { 200: IncidentStats }, tags },
    },
    async (req) => service.incidentStats(req.ctx, req.query),
  );
  app.get(
    '/api/incidents/stats/export',
    {
      config: { access: 'incident.read' },
      schema: {
        description: 'The statistics as XLSX: a sheet per breakdown and the period’s incident list.',
        querystring: IncidentStatsQuery,
        tags,
      },
    },
    async (req, reply) => {
      const { fileName, body } = await service.exportIncidentStats(req.ctx, req.query);
      return reply.type(XLSX).header('content-disposition', attachment(fileName)).send(body);
    },
  );
}
