import {
  AssignmentApplied,
  AssignmentApply,
  AssignmentPlan,
  AssignmentPlanInput,
  CaseAssign,
  CaseCreate,
  CaseDetail,
  CaseListQuery,
  CasePage,
  CaseTransition,
  CaseUpdate,
  IdParam,
  MatchPanel,
  MatchQuery,
  SessionCreate,
  TimeLimitList,
  TimeLimitsInput,
} from '@zhili/contracts';
import type { App, AppDeps } from '../../platform/module.ts';
import * as cases from './cases.service.ts';
import * as documents from './documents.service.ts';
import * as lifecycle from './lifecycle.service.ts';
import * as matching from './matching.service.ts';

const tags = ['mediation'];
const P = '/api/mediation';

/** `Content-Disposition` with an ASCII fallback and the real (Chinese) name per RFC 6266. */
function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Cases, their life, matching, batch assignment, time limits and documents. */
export function caseRoutes(app: App, { pii }: Pick<AppDeps, 'pii'>): void {
  app.get(
    `${P}/cases`,
    { config: { access: 'mediation.read' }, schema: { querystring: CaseListQuery, response: { 200: CasePage }, tags } },
    async (req) => cases.listCases(req.ctx, req.query),
  );
  app.post(
    `${P}/cases`,
    { config: { access: 'mediation.write' }, schema: { body: CaseCreate, response: { 201: CaseDetail }, tags } },
    async (req, reply) => reply.status(201).send(await cases.createCase(req.ctx, pii, req.body)),
  );
  app.get(
    `${P}/cases/:id`,
    { config: { access: 'mediation.read' }, schema: { params: IdParam, response: { 200: CaseDetail }, tags } },
    async (req) => cases.getCase(req.ctx, pii, req.params.id),
  );
  app.patch(
    `${P}/cases/:id`,
    {
      config: { access: 'mediation.write' },
      schema: { params: IdParam, body: CaseUpdate, response: { 200: CaseDetail }, tags },
    },
    async (req) => cases.updateCase(req.ctx, pii, req.params.id, req.body),
  );
  app.post(
    `${P}/cases/:id/transitions`,
    {
      config: { access: 'mediation.write' },
      schema: { params: IdParam, body: CaseTransition, response: { 200: CaseDetail }, tags },
    },
    async (req) => lifecycle.transitionCase(req.ctx, pii, req.params.id, req.body),
  );
  app.post(
    `${P}/cases/:id/sessions`,
    {
      config: { access: 'mediation.write' },
      schema: { params: IdParam, body: SessionCreate, response: { 201: CaseDetail }, tags },
    },
    async (req, reply) => reply.status(201).send(await lifecycle.recordSession(req.ctx, pii, req.params.id, req.body)),
  );
  app.post(
    `${P}/cases/:id/assign`,
    {
      config: { access: 'mediation.write' },
      schema: { params: IdParam, body: CaseAssign, response: { 200: CaseDetail }, tags },
    },
    async (req) => lifecycle.assignCase(req.ctx, pii, req.params.id, req.body),
  );
  app.get(
    `${P}/cases/:id/matches`,
    {
      config: { access: 'mediation.read' },
      schema: { params: IdParam, querystring: MatchQuery, response: { 200: MatchPanel }, tags },
    },
    async (req) => matching.matchCase(req.ctx, req.params.id, req.query),
  );
  for (const [path, kind] of [
    ['agreement.pdf', 'agreement'],
    ['judicial-confirmation.pdf', 'judicial_confirmation'],
  ] as const) {
    app.get(
      `${P}/cases/:id/documents/${path}`,
      {
        config: { access: 'mediation.read' },
        schema: {
          description: kind === 'agreement' ? '人民调解协议书 (PDF)' : '司法确认申请书 (PDF)',
          params: IdParam,
          tags,
        },
      },
      async (req, reply) => {
        const doc = await documents.caseDocument(req.ctx, pii, req.params.id, kind);
        return reply.type('application/pdf').header('content-disposition', attachment(doc.fileName)).send(doc.pdf);
      },
    );
  }
  app.post(
    `${P}/assignments/plan`,
    {
      config: { access: 'mediation.manage' },
      schema: { body: AssignmentPlanInput, response: { 200: AssignmentPlan }, tags },
    },
    async (req) => matching.planAssignments(req.ctx, req.body),
  );
  app.post(
    `${P}/assignments/apply`,
    {
      config: { access: 'mediation.manage' },
      schema: { body: AssignmentApply, response: { 200: AssignmentApplied }, tags },
    },
    async (req) => matching.applyAssignments(req.ctx, req.body),
  );
  app.get(
    `${P}/time-limits`,
    { config: { access: 'mediation.read' }, schema: { response: { 200: TimeLimitList }, tags } },
    async (req) => cases.listTimeLimits(req.ctx),
  );
  app.put(
    `${P}/time-limits`,
    {
      config: { access: 'mediation.manage' },
      schema: { body: TimeLimitsInput, response: { 200: TimeLimitList }, tags },
    },
    async (req) => cases.setTimeLimits(req.ctx, req.body),
  );
}
