import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AntiFraudQuery,
  AntiFraudTrend,
  Corps,
  CorpsCreate,
  CorpsDetail,
  CorpsListQuery,
  CorpsMember,
  CorpsMemberCreate,
  CorpsPage,
  CorpsUpdate,
  DivisionList,
  DivisionQuery,
  IdParam,
  MediationImportResult,
  MediationStats,
  MediationStatsQuery,
  Mediator,
  MediatorCreate,
  MediatorListQuery,
  MediatorPage,
  MediatorUpdate,
  Outreach,
  OutreachCreate,
  OutreachListQuery,
  OutreachPage,
  PageQuery,
  Pool,
  PoolCreate,
  PoolDetail,
  PoolHealthList,
  PoolHealthQuery,
  PoolListQuery,
  PoolMembersInput,
  PoolPage,
  PoolUpdate,
  ResidentOriginPage,
  ResidentOriginQuery,
  TeamLeaderPage,
  TrainingBatch,
  TrainingBatchCreate,
  TrainingBatchListQuery,
  TrainingBatchPage,
} from '@zhili/contracts';
import { invalid } from '../../platform/errors.ts';
import type { App, AppDeps } from '../../platform/module.ts';
import { caseRoutes } from './cases.routes.ts';
import * as corps from './corps.service.ts';
import { listDivisions } from './divisions.service.ts';
import * as mediators from './mediators.service.ts';
import * as pools from './pools.service.ts';
import { mediationStats } from './stats.service.ts';

const tags = ['mediation'];
const P = '/api/mediation';
/** Imports are small tables (a street's months, a community's provinces). */
const CSV_LIMIT_BYTES = 5 * 1024 * 1024;

/** The CSV text of an import: a `text/csv` body. */
function csvBody(req: FastifyRequest): string {
  if (typeof req.body === 'string' && req.body.length > 0) return req.body;
  throw invalid('body', 'send the CSV file as text/csv', 'missing');
}

/** `/api/mediation`: registry, pools, cases, matching, corps, outreach, anti-fraud, training, statistics. */
export async function mediationRoutes(root: App, deps: Pick<AppDeps, 'pii'>): Promise<void> {
  // The CSV content type lives in this module's own context, like the evaluation module's.
  await root.register(async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    if (!app.hasContentTypeParser('text/csv'))
      app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_LIMIT_BYTES }, (_r, b, done) =>
        done(null, b),
      );
    registerRegistry(app, deps);
    registerCorps(app, deps);
    caseRoutes(app, deps);
  });
}

function registerRegistry(app: App, { pii }: Pick<AppDeps, 'pii'>): void {
  app.get(
    `${P}/divisions`,
    {
      config: { access: 'mediation.read' },
      schema: { querystring: DivisionQuery, response: { 200: DivisionList }, tags },
    },
    async (req) => listDivisions(req.ctx, req.query),
  );
  app.get(
    `${P}/mediators`,
    {
      config: { access: 'mediation.read' },
      schema: { querystring: MediatorListQuery, response: { 200: MediatorPage }, tags },
    },
    async (req) => mediators.listMediators(req.ctx, pii, req.query),
  );
  app.post(
    `${P}/mediators`,
    { config: { access: 'mediation.write' }, schema: { body: MediatorCreate, response: { 201: Mediator }, tags } },
    async (req, reply) => reply.status(201).send(await mediators.createMediator(req.ctx, pii, req.body)),
  );
  app.get(
    `${P}/mediators/:id`,
    { config: { access: 'mediation.read' }, schema: { params: IdParam, response: { 200: Mediator }, tags } },
    async (req) => mediators.getMediator(req.ctx, pii, req.params.id),
  );
  app.patch(
    `${P}/mediators/:id`,
    {
      config: { access: 'mediation.write' },
      schema: { params: IdParam, body: MediatorUpdate, response: { 200: Mediator }, tags },
    },
    async (req) => mediators.updateMediator(req.ctx, pii, req.params.id, req.body),
  );
  app.get(
    `${P}/pools`,
    { config: { access: 'mediation.read' }, schema: { querystring: PoolListQuery, response: { 200: PoolPage }, tags } },
    async (req) => pools.listPools(req.ctx, req.query),
  );
  app.post(
    `${P}/pools`,
    { config: { access: 'mediation.manage' }, schema: { body: PoolCreate, response: { 201: Pool }, tags } },
    async (req, reply) => reply.status(201).send(await pools.createPool(req.ctx, req.body)),
  );
  app.get(
    `${P}/pools/:id`,
    { config: { access: 'mediation.read' }, schema: { params: IdParam, response: { 200: PoolDetail }, tags } },
    async (req) => pools.getPool(req.ctx, pii, req.params.id),
  );
  app.patch(
    `${P}/pools/:id`,
    {
      config: { access: 'mediation.manage' },
      schema: { params: IdParam, body: PoolUpdate, response: { 200: Pool }, tags },
    },
    async (req) => pools.updatePool(req.ctx, req.params.id, req.body),
  );
  app.post(
    `${P}/pools/:id/members`,
    {
      config: { access: 'mediation.write' },
      schema: { params: IdParam, body: PoolMembersInput, response: { 200: PoolDetail }, tags },
    },
    async (req) => pools.setPoolMembers(req.ctx, pii, req.params.id, req.body),
  );
  app.get(
    `${P}/pool-health`,
    {
      config: { access: 'mediation.read' },
      schema: { querystring: PoolHealthQuery, response: { 200: PoolHealthList }, tags },
    },
    async (req) => pools.poolHealth(req.ctx, req.query),
  );
  app.get(
    `${P}/resident-origins`,
    {
      config: { access: 'mediation.read' },
      schema: { querystring: ResidentOriginQuery, response: { 200: ResidentOriginPage }, tags },
    },
    async (req) => pools.listResidentOrigins(req.ctx, req.query),
  );
  app.post(
    `${P}/resident-origins/import`,
    {
      config: { access: 'mediation.manage' },
      schema: {
        description: 'CSV (text/csv): communityCode,provinceCode,residents[,asOf]. All or nothing.',
        response: { 200: MediationImportResult },
        tags,
      },
    },
    async (req) => pools.importResidentOrigins(req.ctx, csvBody(req)),
  );
  app.get(
    `${P}/stats`,
    {
      config: { access: 'mediation.read' },
      schema: { querystring: MediationStatsQuery, response: { 200: MediationStats }, tags },
    },
    async (req) => mediationStats(req.ctx, req.query),
  );
}

function registerCorps(app: App, { pii }: Pick<AppDeps, 'pii'>): void {
  app.get(
    `${P}/corps`,
    {
      config: { access: 'mediation.read' },
      schema: { querystring: CorpsListQuery, response: { 200: CorpsPage }, tags },
    },
    async (req) => corps.listCorps(req.ctx, req.query),
  );
  app.post(
    `${P}/corps`,
    { config: { access: 'mediation.manage' }, schema: { body: CorpsCreate, response: { 201: Corps }, tags } },
    async (req, reply) => reply.status(201).send(await corps.createCorps(req.ctx, req.body)),
  );
  app.get(
    `${P}/corps/:id`,
    { config: { access: 'mediation.read' }, schema: { params: IdParam, response: { 200: CorpsDetail }, tags } },
    async (req) => corps.getCorps(req.ctx, pii, req.params.id),
  );
  app.patch(
    `${P}/corps/:id`,
    {
      config: { access: 'mediation.manage' },
      schema: { params: IdParam, body: CorpsUpdate, response: { 200: Corps }, tags },
    },
    async (req) => corps.updateCorps(req.ctx, req.params.id, req.body),
  );
  app.post(
    `${P}/corps/:id/members`,
    {
      config: { access: 'mediation.write' },
      schema: { params: IdParam, body: CorpsMemberCreate, response: { 201: CorpsMember }, tags },
    },
    async (req, reply) => reply.status(201).send(await corps.addCorpsMember(req.ctx, pii, req.params.id, req.body)),
  );
  app.get(
    `${P}/outreach`,
    {
      config: { access: 'mediation.read' },
      schema: { querystring: OutreachListQuery, response: { 200: OutreachPage }, tags },
    },
    async (req) => corps.listOutreach(req.ctx, req.query),
  );
  app.post(
    `${P}/outreach`,
    { config: { access: 'mediation.write' }, schema: { body: OutreachCreate, response: { 201: Outreach }, tags } },
    async (req, reply) => reply.status(201).send(await corps.createOutreach(req.ctx, req.body)),
  );
  app.get(
    `${P}/anti-fraud`,
    {
      config: { access: 'mediation.read' },
      schema: { querystring: AntiFraudQuery, response: { 200: AntiFraudTrend }, tags },
    },
    async (req) => corps.antiFraudTrend(req.ctx, req.query),
  );
  app.post(
    `${P}/anti-fraud/import`,
    {
      config: { access: 'mediation.manage' },
      schema: {
        description:
          'CSV (text/csv): regionCode,month,alerts,cases[,lossYuan]. All or nothing; bad rows listed in details.',
        response: { 200: MediationImportResult },
        tags,
      },
    },
    async (req) => corps.importAntiFraud(req.ctx, csvBody(req)),
  );
  app.get(
    `${P}/training-batches`,
    {
      config: { access: 'mediation.read' },
      schema: { querystring: TrainingBatchListQuery, response: { 200: TrainingBatchPage }, tags },
    },
    async (req) => corps.listTrainingBatches(req.ctx, req.query),
  );
  app.post(
    `${P}/training-batches`,
    {
      config: { access: 'mediation.manage' },
      schema: { body: TrainingBatchCreate, response: { 201: TrainingBatch }, tags },
    },
    async (req, reply) => reply.status(201).send(await corps.createTrainingBatch(req.ctx, req.body)),
  );
  app.get(
    `${P}/training-batches/:id/leaders`,
    {
      config: { access: 'mediation.read' },
      schema: { params: IdParam, querystring: PageQuery, response: { 200: TeamLeaderPage }, tags },
    },
    async (req) => corps.listTeamLeaders(req.ctx, req.params.id, req.query),
  );
}
