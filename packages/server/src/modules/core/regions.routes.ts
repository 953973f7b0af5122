import { z } from 'zod';
import {
  ImportResult,
  Region,
  RegionCodeParam,
  RegionCreate,
  RegionDetail,
  RegionImportBody,
  RegionListQuery,
  RegionUpdate,
  pageOf,
} from '@zhili/contracts';
import type { App } from '../../platform/module.ts';
import * as service from './regions.service.ts';

/** Region files are small text: the province's 1,489 rows are under 60 KB. */
const IMPORT_LIMIT_BYTES = 5 * 1024 * 1024;
const tags = ['regions'];

/** `/api/regions`: the region tree (read: region.read; write and import: region.write). */
export function regionRoutes(app: App): void {
  // A CSV body arrives as a string; the route's schema decides what to make of it.
  if (!app.hasContentTypeParser('text/csv')) {
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_LIMIT_BYTES }, (_req, body, done) =>
      done(null, body),
    );
  }

  app.get(
    '/api/regions',
    {
      config: { access: 'region.read' },
      schema: { querystring: RegionListQuery, response: { 200: pageOf(Region) }, tags },
    },
    async (req) => service.listRegions(req.ctx, req.query),
  );

  app.get(
    '/api/regions/:code',
    { config: { access: 'region.read' }, schema: { params: RegionCodeParam, response: { 200: RegionDetail }, tags } },
    async (req) => service.getRegion(req.ctx, req.params.code),
  );

  app.post(
    '/api/regions',
    { config: { access: 'region.write' }, schema: { body: RegionCreate, response: { 201: Region }, tags } },
    async (req, reply) => reply.status(201).send(await service.createRegion(req.ctx, req.body)),
  );

  app.patch(
    '/api/regions/:code',
    {
      config: { access: 'region.write' },
      schema: { params: RegionCodeParam, body: RegionUpdate, response: { 200: Region }, tags },
    },
    async (req) => service.updateRegion(req.ctx, req.params.code, req.body),
  );

  app.post(
    '/api/regions/import',
    {
      config: { access: 'region.write' },
      bodyLimit: IMPORT_LIMIT_BYTES,
      schema: {
        description:
          'Import regions from CSV (`code,name,level,parent_code[,illustrative]`), sent as text/csv or as {"csv": "..."}. All rows land or none.',
        body: z.union([z.string().min(1), RegionImportBody]),
        response: { 200: ImportResult },
        tags,
      },
    },
    async (req) => service.importRegionsCsv(req.ctx, typeof req.body === 'string' ? req.body : req.body.csv),
  );
}
