import { z } from 'zod';
import {
  Category,
  CategoryCodeParam,
  CategoryInput,
  CategoryListQuery,
  CategoryPage,
  DispatchRule,
  DispatchRuleIdParam,
  DispatchRuleInput,
  DispatchRuleListQuery,
  DispatchRulePage,
  IncidentPrefixList,
  OutlineImportResult,
  RegionOutlineCollection,
  RegionOutlineUpload,
  RegionOutlinesQuery,
  WorkingCalendar,
  WorkingCalendarCodeParam,
  WorkingCalendarInput,
} from '@zhili/contracts';
import type { App, AppDeps } from '../../platform/module.ts';
import * as service from './config.service.ts';
import * as regional from './dispatch-config.service.ts';

/** A county's grid outlines run to a few MB of GeoJSON. */
const OUTLINE_LIMIT_BYTES = 32 * 1024 * 1024;
const tags = ['incident-config'];

/**
 * Configuration of the incidents module: `/api/incident-categories`, `/api/dispatch-rules`,
 * `/api/working-calendars`, `/api/region-outlines`, `/api/incident-prefixes`.
 */
export function registerConfigRoutes(app: App, _deps: AppDeps): void {
  app.get(
    '/api/incident-categories',
    {
      config: { access: 'authenticated' },
      schema: { querystring: CategoryListQuery, response: { 200: CategoryPage }, tags },
    },
    async (req) => service.listCategories(req.ctx, req.query),
  );
  app.get(
    '/api/incident-categories/:code',
    { config: { access: 'authenticated' }, schema: { params: CategoryCodeParam, response: { 200: Category }, tags } },
    async (req) => service.getCategory(req.ctx, req.params.code),
  );
  app.post(
    '/api/incident-categories',
    { config: { access: 'incident.configure' }, schema: { body: CategoryInput, response: { 201: Category }, tags } },
    async (req, reply) => reply.status(201).send(await service.createCategory(req.ctx, req.body)),
  );
  app.put(
    '/api/incident-categories/:code',
    {
      config: { access: 'incident.configure' },
      schema: { params: CategoryCodeParam, body: CategoryInput, response: { 200: Category }, tags },
    },
    async (req) => service.updateCategory(req.ctx, req.params.code, req.body),
  );

  app.get(
    '/api/dispatch-rules',
    {
      config: { access: 'incident.read' },
      schema: { querystring: DispatchRuleListQuery, response: { 200: DispatchRulePage }, tags },
    },
    async (req) => regional.listDispatchRules(req.ctx, req.query),
  );
  app.post(
    '/api/dispatch-rules',
    {
      config: { access: 'incident.configure' },
      schema: { body: DispatchRuleInput, response: { 201: DispatchRule }, tags },
    },
    async (req, reply) => reply.status(201).send(await regional.createDispatchRule(req.ctx, req.body)),
  );
  app.put(
    '/api/dispatch-rules/:id',
    {
      config: { access: 'incident.configure' },
      schema: { params: DispatchRuleIdParam, body: DispatchRuleInput, response: { 200: DispatchRule }, tags },
    },
    async (req) => regional.updateDispatchRule(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/dispatch-rules/:id',
    { config: { access: 'incident.configure' }, schema: { params: DispatchRuleIdParam, tags } },
    async (req, reply) => {
      await regional.deleteDispatchRule(req.ctx, req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/working-calendars',
    { config: { access: 'incident.read' }, schema: { response: { 200: z.array(WorkingCalendar) }, tags } },
    async (req) => service.listCalendars(req.ctx),
  );
  app.get(
    '/api/working-calendars/:code',
    {
      config: { access: 'incident.read' },
      schema: { params: WorkingCalendarCodeParam, response: { 200: WorkingCalendar }, tags },
    },
    async (req) => service.getCalendar(req.ctx, req.params.code),
  );
  app.put(
    '/api/working-calendars/:code',
    {
      config: { access: 'incident.configure' },
      schema: {
        description: 'Creates (201) or replaces (200) a working calendar.',
        params: WorkingCalendarCodeParam,
        body: WorkingCalendarInput,
        response: { 200: WorkingCalendar, 201: WorkingCalendar },
        tags,
      },
    },
    async (req, reply) => {
      const { calendar, created } = await service.putCalendar(req.ctx, req.params.code, req.body);
      return reply.status(created ? 201 : 200).send(calendar);
    },
  );

  app.get(
    '/api/region-outlines',
    {
      config: { access: 'authenticated' },
      schema: { querystring: RegionOutlinesQuery, response: { 200: RegionOutlineCollection }, tags },
    },
    async (req) => regional.getOutlines(req.ctx, req.query.within),
  );
  app.put(
    '/api/region-outlines',
    {
      config: { access: 'incident.configure' },
      bodyLimit: OUTLINE_LIMIT_BYTES,
      schema: {
        description:
          'Upserts outlines from a GeoJSON FeatureCollection (properties.code = region code). All land or none; every bad feature is listed.',
        body: RegionOutlineUpload,
        response: { 200: OutlineImportResult },
        tags,
      },
    },
    async (req) => regional.putOutlines(req.ctx, req.body),
  );

  app.get(
    '/api/incident-prefixes',
    { config: { access: 'incident.read' }, schema: { response: { 200: IncidentPrefixList }, tags } },
    async (req) => regional.listPrefixes(req.ctx),
  );
  app.put(
    '/api/incident-prefixes',
    {
      config: { access: 'incident.configure' },
      schema: { body: IncidentPrefixList, response: { 200: IncidentPrefixList }, tags },
    },
    async (req) => regional.putPrefixes(req.ctx, req.body),
  );
}
