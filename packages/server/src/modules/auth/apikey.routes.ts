import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyListQuery, IdParam, Ok, pageOf } from '@zhili/contracts';
import type { App } from '../../platform/module.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './apikey.service.ts';

/** API keys for machine clients (Open311 apps, data feeds): list, create (shown once), revoke. */
export function registerApiKeyRoutes(app: App): void {
  app.get(
    '/api/apikeys',
    {
      config: { access: 'apikey.manage' },
      schema: { querystring: ApiKeyListQuery, response: { 200: pageOf(ApiKey) }, tags: ['apikeys'] },
    },
    async (req) => listApiKeys(req.ctx, req.query),
  );

  app.post(
    '/api/apikeys',
    {
      config: { access: 'apikey.manage' },
      schema: { body: ApiKeyCreate, response: { 201: ApiKeyCreated }, tags: ['apikeys'] },
    },
    async (req, reply) => reply.status(201).send(await createApiKey(req.ctx, req.body)),
  );

  app.delete(
    '/api/apikeys/:id',
    { config: { access: 'apikey.manage' }, schema: { params: IdParam, response: { 200: Ok }, tags: ['apikeys'] } },
    async (req) => {
      await revokeApiKey(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );
}
