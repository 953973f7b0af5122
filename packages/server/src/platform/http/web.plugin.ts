import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { App } from '../module.ts';
import { PlatformErrors } from '../errors.ts';

/** Serves the built React app; unknown non-API paths get index.html (client-side routes). */
export async function registerWebApp(app: App, webDir: string): Promise<boolean> {
  if (!existsSync(webDir)) {
    app.log.warn({ webDir }, 'web app not built; serving the API only');
    return false;
  }
  await app.register(fastifyStatic, { root: webDir, wildcard: false, maxAge: '1h' });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (request.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/open311/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send(PlatformErrors.ROUTE_NOT_FOUND().toBody(request.id));
  });
  return true;
}
