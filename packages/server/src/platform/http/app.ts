import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import type { App, AppDeps, ZhiliModule } from '../module.ts';
import { ANONYMOUS_ACTOR, type Ctx } from '../context.ts';
import { registerApiNotFound, registerErrorHandling } from './errors.plugin.ts';
import { registerIdempotency } from './idempotency.plugin.ts';
import { registerWebApp } from './web.plugin.ts';
import { collectRoutes, enforceRouteAccess, type RouteInfo } from './access.plugin.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The service context of this request; the auth module fills in the actor. */
    ctx: Ctx;
  }
  interface FastifyInstance {
    /** Every route with its declared access, for the access-matrix tests. */
    zhiliRoutes: RouteInfo[];
  }
}

export interface BuildOptions {
  modules: ZhiliModule[];
  /** Serve the built web app from this directory (skipped when missing). */
  webDir?: string | null;
  logger?: boolean;
}

/** Builds the HTTP app: platform plugins, then every module's routes, then the web app. */
export async function buildApp(deps: AppDeps, opts: BuildOptions): Promise<App> {
  const { config, database } = deps;
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Unknown JSON fields are refused by strict schemas; prototype poisoning is refused here.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  const routes: RouteInfo[] = [];
  app.decorate('zhiliRoutes', routes);
  collectRoutes(app, routes);

  app.addHook('onRequest', async (request, reply) => {
    request.ctx = { db: database.db, actor: ANONYMOUS_ACTOR, requestId: request.id, ip: request.ip };
    void reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
      },
    },
    hsts: config.secureCookies,
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'zhili API', version: '0.1.0', description: '治理 — grassroots governance platform' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'zhili_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/healthz', { schema: { hide: true }, config: { access: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) => {
    try {
      await database.db.execute(sql`select 1`);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'not ready' });
    }
  });

  for (const m of opts.modules) {
    if (m.name === 'auth' && m.routes) await m.routes(app, deps);
  }
  enforceRouteAccess(app);
  registerIdempotency(app, database.db);
  for (const m of opts.modules) {
    if (m.name !== 'auth' && m.routes) await m.routes(app, deps);
  }
  if (!(opts.webDir && (await registerWebApp(app, opts.webDir)))) registerApiNotFound(app);
  return app;
}
