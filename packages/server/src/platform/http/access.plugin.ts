import type { FastifyRequest } from 'fastify';
import type { Permission } from '@zhili/contracts';
import { checkAccess } from '../access.ts';
import { PlatformErrors } from '../errors.ts';
import type { App } from '../module.ts';

/**
 * What a route requires before its body is even validated: a permission (scope is then checked
 * by the service against the target), any signed-in caller, or nothing. Every `/api/` route
 * declares one in `config.access`; a test walks the routes and fails on any that does not.
 */
export type RouteAccess = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export interface RouteInfo {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

/** Records every route with its declared access (register before any route). */
export function collectRoutes(app: App, routes: RouteInfo[]): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, access: route.config?.access });
    }
  });
}

/**
 * Checks `config.access` once the caller is known: register after the auth hooks, which finish
 * resolving API keys from form bodies in their own preValidation hook.
 */
export function enforceRouteAccess(app: App): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    if (request.ctx.actor.kind === 'anonymous') throw PlatformErrors.UNAUTHENTICATED();
    if (access !== 'authenticated') checkAccess(request.ctx.actor, access);
  });
}
