import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppError } from '../../platform/errors.ts';
import { toAppError } from '../../platform/http/errors.plugin.ts';
import type { App, AppDeps } from '../../platform/module.ts';
import {
  formatOfUrl,
  renderDiscovery,
  renderErrors,
  renderServiceDefinition,
  renderServiceRequests,
  renderServices,
  splitResource,
  type Open311Error,
  type Rendered,
} from './open311.format.ts';
import * as requests from './open311-requests.service.ts';
import type { Open311Fields } from './open311.fields.ts';
import * as service from './open311.service.ts';

export const OPEN311_PREFIX = '/open311/v2';
const tags = ['open311'];
const FormatParam = z.object({ format: z.string() });
const FileParam = z.object({ file: z.string().min(1) });
/** Open311 arguments are loose by design (jurisdiction_id and the like are ignored, not refused). */
const Arguments = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
/** Form fields arrive as strings; a JSON body may carry numbers, which mean the same. */
const Body = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]))
  .optional();

function asFields(body: z.infer<typeof Body>): Open311Fields {
  const out: Open311Fields = {};
  for (const [k, v] of Object.entries(body ?? {})) out[k] = Array.isArray(v) ? v.map(String) : String(v);
  return out;
}

function send(reply: FastifyReply, doc: Rendered, status = 200): FastifyReply {
  return reply.status(status).type(doc.contentType).send(doc.body);
}

/**
 * The spec's error statuses: 403 for a missing, invalid or insufficient api_key, 404 for what
 * does not exist, 400 for any other request that cannot be fulfilled; our own failures stay 5xx.
 */
export function open311Errors(err: AppError): { status: number; errors: Open311Error[] } {
  if (err.status === 401 || err.status === 403) {
    const description =
      err.status === 401
        ? '缺少或无效的 api_key，无法提交服务请求 / Missing or invalid api_key: cannot create a service request'
        : 'api_key 无提交事件的权限 (incident.report) / The api_key may not create service requests (incident.report)';
    return { status: 403, errors: [{ code: 403, description }] };
  }
  const status = err.status === 404 ? 404 : err.status >= 500 ? err.status : 400;
  const errors: Open311Error[] =
    err.details.length > 0
      ? err.details.map((d) => ({ code: status, description: d.path ? `${d.path}: ${d.message}` : d.message }))
      : [{ code: status, description: `${err.spec.zh} / ${err.spec.en}` }];
  return { status, errors };
}

/**
 * `/open311/v2/…`: GeoReport v2 in JSON and XML. Registered in its own scope with the spec's
 * error bodies and 404s; every route is public (POST checks its api_key in the service).
 * Await the returned promise (it registers a plugin).
 */
export async function registerOpen311Routes(root: App, _deps: AppDeps): Promise<void> {
  await root.register(
    async (plain) => {
      const app = plain.withTypeProvider<ZodTypeProvider>();
      app.setErrorHandler((err, req, reply) => {
        const appError = toAppError(err);
        if (appError.status >= 500) req.log.error({ err }, 'open311 request failed');
        const { status, errors } = open311Errors(appError);
        return send(reply, renderErrors(formatOfUrl(req.url), errors), status);
      });
      app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) =>
        send(
          reply,
          renderErrors(formatOfUrl(req.url), [
            { code: 404, description: `no such resource: ${req.url.split('?')[0]}` },
          ]),
          404,
        ),
      );
      const config = { access: 'public' as const };

      app.get(
        '/discovery.:format',
        { config, schema: { params: FormatParam, querystring: Arguments, tags } },
        async (req, reply) => {
          const format = service.requireFormat(req.params.format);
          const url = `${req.protocol}://${req.host}${OPEN311_PREFIX}`;
          return send(reply, renderDiscovery(format, await service.discovery(req.ctx, url)));
        },
      );

      app.get(
        '/services.:format',
        { config, schema: { params: FormatParam, querystring: Arguments, tags } },
        async (req, reply) => {
          const format = service.requireFormat(req.params.format);
          return send(reply, renderServices(format, await service.listServices(req.ctx)));
        },
      );

      app.get(
        '/services/:file',
        { config, schema: { params: FileParam, querystring: Arguments, tags } },
        async (req, reply) => {
          const { id, format } = splitResource(req.params.file);
          const fmt = service.requireFormat(format);
          return send(reply, renderServiceDefinition(fmt, await service.serviceDefinition(req.ctx, id)));
        },
      );

      app.post(
        '/requests.:format',
        {
          config,
          schema: {
            description:
              'POST Service Request (application/x-www-form-urlencoded; api_key with incident.report). Creates the incident at once: the reply carries service_request_id, never a token.',
            params: FormatParam,
            body: Body,
            tags,
          },
        },
        async (req, reply) => {
          const format = service.requireFormat(req.params.format);
          return send(
            reply,
            renderServiceRequests(format, await service.createServiceRequest(req.ctx, asFields(req.body))),
          );
        },
      );

      app.get(
        '/requests.:format',
        { config, schema: { params: FormatParam, querystring: Arguments, tags } },
        async (req, reply) => {
          const format = service.requireFormat(req.params.format);
          return send(reply, renderServiceRequests(format, await requests.listServiceRequests(req.ctx, req.query)));
        },
      );

      app.get(
        '/requests/:file',
        { config, schema: { params: FileParam, querystring: Arguments, tags } },
        async (req, reply) => {
          const { id, format } = splitResource(req.params.file);
          const fmt = service.requireFormat(format);
          return send(reply, renderServiceRequests(fmt, await requests.getServiceRequest(req.ctx, id)));
        },
      );

      app.get(
        '/tokens/:file',
        { config, schema: { params: FileParam, querystring: Arguments, tags } },
        async (req, reply) => {
          const { id, format } = splitResource(req.params.file);
          const fmt = service.requireFormat(format);
          return send(reply, renderServiceRequests(fmt, await requests.tokenLookup(req.ctx, id)));
        },
      );
    },
    { prefix: OPEN311_PREFIX },
  );
}
