import {
  IdParam,
  Organization,
  OrganizationCreate,
  OrganizationListQuery,
  OrganizationUpdate,
  pageOf,
} from '@zhili/contracts';
import type { App } from '../../platform/module.ts';
import * as service from './organizations.service.ts';

const tags = ['organizations'];

/** `/api/organizations` (read: organization.read; create and update: organization.write). */
export function organizationRoutes(app: App): void {
  app.get(
    '/api/organizations',
    {
      config: { access: 'organization.read' },
      schema: { querystring: OrganizationListQuery, response: { 200: pageOf(Organization) }, tags },
    },
    async (req) => service.listOrganizations(req.ctx, req.query),
  );

  app.get(
    '/api/organizations/:id',
    { config: { access: 'organization.read' }, schema: { params: IdParam, response: { 200: Organization }, tags } },
    async (req) => service.getOrganization(req.ctx, req.params.id),
  );

  app.post(
    '/api/organizations',
    {
      config: { access: 'organization.write' },
      schema: { body: OrganizationCreate, response: { 201: Organization }, tags },
    },
    async (req, reply) => reply.status(201).send(await service.createOrganization(req.ctx, req.body)),
  );

  app.patch(
    '/api/organizations/:id',
    {
      config: { access: 'organization.write' },
      schema: { params: IdParam, body: OrganizationUpdate, response: { 200: Organization }, tags },
    },
    async (req) => service.updateOrganization(req.ctx, req.params.id, req.body),
  );
}
