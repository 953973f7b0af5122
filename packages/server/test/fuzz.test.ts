import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTestApp, type Session, type TestApp } from './app.ts';
import { buildAccount, buildRegions } from './builders.ts';

/** Fills a route's path parameters with `value` (`/api/x/:id` → `/api/x/<value>`). */
function fillParams(url: string, value: string): string {
  return url.replace(/:[A-Za-z]+/g, encodeURIComponent(value));
}

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const badBody = fc.oneof(
  jsonValue,
  fc.dictionary(fc.string({ maxLength: 12 }), jsonValue, { maxKeys: 6 }),
  fc.record(
    {
      name: fc.oneof(fc.integer(), fc.string({ maxLength: 400 }), fc.constant(null)),
      code: fc.string(),
      regionCode: fc.string(),
      username: fc.string(),
      password: fc.string(),
      role: fc.string(),
      type: fc.string(),
    },
    { requiredKeys: [] },
  ),
);
const paramValue = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('33', '330502102', '0', '-1', '%00', '../etc'),
);

/** Sends generated bad bodies and parameters to every route: refusals are 4xx, never 5xx. */
describe('every route survives bad input', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'fuzzadmin', roles: [{ role: 'admin', regionCode: null }] });
    admin = await t.login('fuzzadmin');
  });
  afterAll(async () => {
    await t.close();
  });

  it('never answers 5xx', async () => {
    const routes = t.sut.zhiliRoutes.filter(
      (r) =>
        r.url.startsWith('/api/') &&
        !r.url.startsWith('/api/docs') &&
        r.url !== '/api/auth/logout' &&
        r.url !== '/api/auth/password',
    );
    expect(routes.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(badBody, paramValue, fc.string({ maxLength: 20 }), async (body, param, query) => {
          const method = route.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
          const url = `${fillParams(route.url, param)}?q=${encodeURIComponent(query)}&page=${encodeURIComponent(query)}`;
          const res = await t.request(
            admin,
            method,
            url,
            method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(body),
            {
              'content-type': 'application/json',
            },
          );
          if (res.statusCode >= 500)
            failures.push(`${route.method} ${route.url} ${JSON.stringify(body)} → ${res.statusCode} ${res.body}`);
          return true;
        }),
        { numRuns: 25, seed: 20261127 },
      );
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
