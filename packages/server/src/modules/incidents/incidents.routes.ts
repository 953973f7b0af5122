import { z } from 'zod';
import {
  DuplicateQuery,
  DuplicateSuggestion,
  FeedbackInput,
  IdParam,
  IncidentDetail,
  IncidentIntake,
  IncidentListQuery,
  IncidentNumberParam,
  IncidentPage,
  IncidentRefParam,
  IncidentTrack,
  IncidentTrackQuery,
  IntakeReceipt,
  Ok,
  ReportInInput,
  TransitionInput,
  WhistleInput,
} from '@zhili/contracts';
import { invalid } from '../../platform/errors.ts';
import type { App } from '../../platform/module.ts';
import { giveFeedback, trackIncident } from './feedback.service.ts';
import { IncidentErrors } from './incidents.errors.ts';
import { findDuplicateSuggestions, getIncident, listIncidents } from './incidents.service.ts';
import { submitIncident } from './intake.service.ts';
import { reportIn, whistle } from './joint.service.ts';
import { transitionIncident } from './lifecycle.service.ts';
import { HEARTBEAT_MS, sseFrame, type IncidentListener } from './stream.ts';

const tags = ['incidents'];
/** Public routes (tracking code guessing) are rate limited per client address. */
const PUBLIC_LIMIT = { max: 30, timeWindow: '1 minute' };

/** `/api/incidents`: intake, board, detail, transitions, whistle, report-in, feedback, live stream. */
export function incidentRoutes(app: App, listener: IncidentListener): void {
  app.post(
    '/api/incidents',
    {
      // The intake honours Idempotency-Key inside its own group-commit transaction.
      config: { access: 'incident.report', idempotency: 'inline' },
      schema: { body: IncidentIntake, response: { 201: IntakeReceipt }, tags },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 200)) {
        throw invalid('headers.idempotency-key', 'Idempotency-Key must be 1-200 characters');
      }
      const { replayed, ...receipt } = await submitIncident(req.ctx, req.body, { idempotencyKey: key });
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(receipt);
    },
  );

  app.get(
    '/api/incidents',
    {
      config: { access: 'authenticated' },
      schema: { querystring: IncidentListQuery, response: { 200: IncidentPage }, tags },
    },
    async (req) => listIncidents(req.ctx, req.query),
  );

  app.get(
    '/api/incidents/duplicates',
    {
      config: { access: 'incident.report' },
      schema: { querystring: DuplicateQuery, response: { 200: z.array(DuplicateSuggestion) }, tags },
    },
    async (req) => findDuplicateSuggestions(req.ctx, req.query),
  );

  app.get(
    '/api/incidents/track/:number',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: { params: IncidentNumberParam, querystring: IncidentTrackQuery, response: { 200: IncidentTrack }, tags },
    },
    async (req) => trackIncident(req.ctx, req.params.number, req.query.code),
  );

  app.get(
    '/api/incidents/stream',
    { config: { access: 'incident.read' }, schema: { tags, description: 'text/event-stream of IncidentStreamEvent' } },
    async (req, reply) => {
      // EventSource always asks for the stream; anything else would hang on a response that never ends.
      if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
        throw IncidentErrors.INCIDENT_STREAM_NOT_ACCEPTED([
          { path: 'headers.accept', code: 'not_acceptable', message: 'text/event-stream' },
        ]);
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n: connected\n\n');
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const unsubscribe = listener.subscribe(
        req.ctx.actor,
        (e) => res.write(sseFrame(e)),
        () => res.end(),
      );
      req.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );

  app.get(
    '/api/incidents/:id',
    { config: { access: 'authenticated' }, schema: { params: IdParam, response: { 200: IncidentDetail }, tags } },
    async (req) => getIncident(req.ctx, req.params.id),
  );

  app.post(
    '/api/incidents/:id/transitions',
    {
      config: { access: 'authenticated' },
      schema: { params: IdParam, body: TransitionInput, response: { 200: IncidentDetail }, tags },
    },
    async (req) => transitionIncident(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/incidents/:id/whistle',
    {
      config: { access: 'incident.dispatch' },
      schema: { params: IdParam, body: WhistleInput, response: { 200: IncidentDetail }, tags },
    },
    async (req) => whistle(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/incidents/:id/report-in',
    {
      config: { access: 'incident.handle' },
      schema: { params: IdParam, body: ReportInInput, response: { 200: IncidentDetail }, tags },
    },
    async (req) => reportIn(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/incidents/:id/feedback',
    {
      config: { access: 'public', rateLimit: PUBLIC_LIMIT },
      schema: { params: IncidentRefParam, body: FeedbackInput, response: { 200: Ok }, tags },
    },
    async (req) => {
      await giveFeedback(req.ctx, req.params.id, req.body);
      return { ok: true as const };
    },
  );
}
