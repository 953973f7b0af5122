import { IdParam, Person, PersonCreate, PersonListQuery, PersonUpdate, pageOf } from '@zhili/contracts';
import type { App, AppDeps } from '../../platform/module.ts';
import * as service from './persons.service.ts';

const tags = ['persons'];

/**
 * `/api/persons` (read: person.read; create and update: person.write). Phone and ID number are
 * masked in every response unless the caller holds pii.read over the person's region.
 */
export function personRoutes(app: App, { pii }: Pick<AppDeps, 'pii'>): void {
  app.get(
    '/api/persons',
    {
      config: { access: 'person.read' },
      schema: { querystring: PersonListQuery, response: { 200: pageOf(Person) }, tags },
    },
    async (req) => service.listPersons(req.ctx, pii, req.query),
  );

  app.get(
    '/api/persons/:id',
    { config: { access: 'person.read' }, schema: { params: IdParam, response: { 200: Person }, tags } },
    async (req) => service.getPerson(req.ctx, pii, req.params.id),
  );

  app.post(
    '/api/persons',
    { config: { access: 'person.write' }, schema: { body: PersonCreate, response: { 201: Person }, tags } },
    async (req, reply) => reply.status(201).send(await service.createPerson(req.ctx, pii, req.body)),
  );

  app.patch(
    '/api/persons/:id',
    {
      config: { access: 'person.write' },
      schema: { params: IdParam, body: PersonUpdate, response: { 200: Person }, tags },
    },
    async (req) => service.updatePerson(req.ctx, pii, req.params.id, req.body),
  );
}
