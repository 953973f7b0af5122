import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AvailabilityQuery,
  ChampionEntry,
  ChampionListQuery,
  DatasetAvailability,
  DatasetListQuery,
  DatasetSummary,
  DatasetUploadQuery,
  FrameworkCodeParam,
  FrameworkCreate,
  FrameworkCreated,
  FrameworkCreateQuery,
  FrameworkListQuery,
  FrameworkSummary,
  FrameworkVersion,
  FrameworkVersionInfo,
  FrameworkVersionParam,
  IdParam,
  Run,
  RunCreate,
  RunListQuery,
  RunPublished,
  RunSummary,
  RunUnitParam,
  SensitivityAccepted,
  SensitivityCreate,
  SensitivityJob,
  UnitProfile,
  UnitProfileQuery,
  pageOf,
} from '@zhili/contracts';
import { invalid } from '../../platform/errors.ts';
import type { App } from '../../platform/module.ts';
import * as analysis from './analysis.service.ts';
import * as frameworks from './frameworks.service.ts';
import * as reports from './reports.service.ts';
import * as runs from './runs.service.ts';

/** Data files: the 40,000-unit benchmark panel is ~15 MB as CSV. */
const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
const YAML_TYPES = ['text/yaml', 'application/yaml', 'application/x-yaml', 'text/x-yaml'];
const FILE_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];
const tags = ['evaluation'];
const P = '/api/evaluation';

/** `Content-Disposition` with an ASCII fallback and the real (often Chinese) name per RFC 6266. */
function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The bytes of an uploaded data file: a multipart `file` part, or the raw body (CSV / XLSX). */
async function uploadedBytes(req: FastifyRequest): Promise<Uint8Array> {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part || part.fieldname !== 'file')
      throw invalid('body.file', 'send the data file in the multipart field "file"', 'missing');
    return part.toBuffer();
  }
  const body = req.body;
  if (typeof body === 'string' && body.length > 0) return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body) && body.length > 0) return body;
  throw invalid('body', 'send a CSV or XLSX file (text/csv, XLSX or multipart "file")', 'missing');
}

/** `/api/evaluation`: frameworks, datasets, runs, awards, exports and sensitivity analyses. */
export async function evaluationRoutes(root: App): Promise<void> {
  // Content types of this module only (YAML, data files, multipart) live in their own context.
  await root.register(async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 5, parts: 6 } });
    for (const type of YAML_TYPES) {
      if (!app.hasContentTypeParser(type))
        app.addContentTypeParser(type, { parseAs: 'string' }, (_r, b, done) => done(null, b));
    }
    for (const type of FILE_TYPES) {
      if (app.hasContentTypeParser(type)) continue;
      const parseAs = type === 'text/csv' ? 'string' : 'buffer';
      app.addContentTypeParser(type, { parseAs, bodyLimit: UPLOAD_LIMIT_BYTES }, (_r, b, done) => done(null, b));
    }
    register(app);
  });
}

function register(app: App): void {
  // ── frameworks ──
  app.get(
    `${P}/frameworks`,
    {
      config: { access: 'evaluation.read' },
      schema: { querystring: FrameworkListQuery, response: { 200: pageOf(FrameworkSummary) }, tags },
    },
    async (req) => frameworks.listFrameworks(req.ctx, req.query),
  );
  app.post(
    `${P}/frameworks`,
    {
      config: { access: 'evaluation.write' },
      schema: {
        description:
          'Upload a framework: JSON `{regionCode, yaml}`, or the YAML itself (text/yaml) with `?regionCode=`.',
        querystring: FrameworkCreateQuery,
        body: z.union([z.string().min(1), FrameworkCreate]),
        response: { 201: FrameworkCreated },
        tags,
      },
    },
    async (req, reply) => {
      const input =
        typeof req.body === 'string' ? { regionCode: req.query.regionCode ?? '', yaml: req.body } : req.body;
      if (!input.regionCode) throw invalid('query.regionCode', 'regionCode is required', 'required');
      return reply.status(201).send(await frameworks.createFramework(req.ctx, input));
    },
  );
  app.get(
    `${P}/frameworks/:code`,
    {
      config: { access: 'evaluation.read' },
      schema: { params: FrameworkCodeParam, response: { 200: FrameworkVersion }, tags },
    },
    async (req) => frameworks.getFramework(req.ctx, req.params.code),
  );
  app.get(
    `${P}/frameworks/:code/versions`,
    {
      config: { access: 'evaluation.read' },
      schema: { params: FrameworkCodeParam, response: { 200: z.array(FrameworkVersionInfo) }, tags },
    },
    async (req) => frameworks.listFrameworkVersions(req.ctx, req.params.code),
  );
  app.get(
    `${P}/frameworks/:code/versions/:version`,
    {
      config: { access: 'evaluation.read' },
      schema: { params: FrameworkVersionParam, response: { 200: FrameworkVersion }, tags },
    },
    async (req) => frameworks.getFramework(req.ctx, req.params.code, req.params.version),
  );

  // ── datasets ──
  app.get(
    `${P}/datasets`,
    {
      config: { access: 'evaluation.read' },
      schema: { querystring: DatasetListQuery, response: { 200: pageOf(DatasetSummary) }, tags },
    },
    async (req) => frameworks.listDatasets(req.ctx, req.query),
  );
  app.post(
    `${P}/datasets`,
    {
      config: { access: 'evaluation.write' },
      bodyLimit: UPLOAD_LIMIT_BYTES,
      schema: {
        description:
          'Upload data (CSV or XLSX, wide or long) as text/csv, an XLSX body or multipart `file`. All or nothing.',
        querystring: DatasetUploadQuery,
        response: { 201: DatasetSummary },
        tags,
      },
    },
    async (req, reply) =>
      reply.status(201).send(await frameworks.uploadDataset(req.ctx, req.query, await uploadedBytes(req))),
  );
  app.get(
    `${P}/datasets/:id/availability`,
    {
      config: { access: 'evaluation.read' },
      schema: { params: IdParam, querystring: AvailabilityQuery, response: { 200: DatasetAvailability }, tags },
    },
    async (req) => frameworks.datasetAvailability(req.ctx, req.params.id, req.query.year),
  );

  // ── runs ──
  app.get(
    `${P}/runs`,
    {
      config: { access: 'evaluation.read' },
      schema: { querystring: RunListQuery, response: { 200: pageOf(RunSummary) }, tags },
    },
    async (req) => runs.listRuns(req.ctx, req.query),
  );
  app.post(
    `${P}/runs`,
    { config: { access: 'evaluation.write' }, schema: { body: RunCreate, response: { 201: Run }, tags } },
    async (req, reply) => reply.status(201).send(await runs.createRun(req.ctx, req.body)),
  );
  app.get(
    `${P}/runs/:id`,
    { config: { access: 'evaluation.read' }, schema: { params: IdParam, response: { 200: Run }, tags } },
    async (req) => runs.getRun(req.ctx, req.params.id),
  );
  app.post(
    `${P}/runs/:id/publish`,
    { config: { access: 'evaluation.publish' }, schema: { params: IdParam, response: { 200: RunPublished }, tags } },
    async (req) => runs.publishRun(req.ctx, req.params.id),
  );
  app.get(
    `${P}/runs/:id/units/:code`,
    {
      config: { access: 'evaluation.read' },
      schema: { params: RunUnitParam, querystring: UnitProfileQuery, response: { 200: UnitProfile }, tags },
    },
    async (req) => reports.getUnitProfile(req.ctx, req.params.id, req.params.code, req.query.targetRank),
  );
  app.get(
    `${P}/runs/:id/export.xlsx`,
    { config: { access: 'evaluation.read' }, schema: { params: IdParam, tags } },
    async (req, reply) => {
      const file = await reports.exportRunXlsx(req.ctx, req.params.id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(file.fileName))
        .send(file.data);
    },
  );
  app.get(
    `${P}/runs/:id/units/:code/report.pdf`,
    { config: { access: 'evaluation.read' }, schema: { params: RunUnitParam, tags } },
    async (req, reply) => {
      const file = await reports.unitReportPdf(req.ctx, req.params.id, req.params.code);
      return reply.type('application/pdf').header('content-disposition', attachment(file.fileName)).send(file.data);
    },
  );
  app.get(
    `${P}/runs/:id/certificates.pdf`,
    { config: { access: 'evaluation.read' }, schema: { params: IdParam, tags } },
    async (req, reply) => {
      const file = await reports.certificatesPdf(req.ctx, req.params.id);
      return reply.type('application/pdf').header('content-disposition', attachment(file.fileName)).send(file.data);
    },
  );

  // ── champion roll and sensitivity ──
  app.get(
    `${P}/champions`,
    {
      config: { access: 'evaluation.read' },
      schema: { querystring: ChampionListQuery, response: { 200: z.array(ChampionEntry) }, tags },
    },
    async (req) => runs.listChampions(req.ctx, req.query.framework),
  );
  app.post(
    `${P}/runs/:id/sensitivity`,
    {
      config: { access: 'evaluation.write' },
      schema: { params: IdParam, body: SensitivityCreate, response: { 202: SensitivityAccepted }, tags },
    },
    async (req, reply) => reply.status(202).send(await analysis.startSensitivity(req.ctx, req.params.id, req.body)),
  );
  app.get(
    `${P}/sensitivity/:id`,
    { config: { access: 'evaluation.read' }, schema: { params: IdParam, response: { 200: SensitivityJob }, tags } },
    async (req) => analysis.getSensitivity(req.ctx, req.params.id),
  );
}
