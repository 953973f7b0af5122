import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../src/platform/config.ts';
import { buildApp } from '../src/platform/http/app.ts';
import type { App, AppDeps } from '../src/platform/module.ts';
import { createPiiCipher } from '../src/platform/pii.ts';
import { MODULES } from '../src/modules/index.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

/** A logged-in browser: its cookie and CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
}

export interface TestApp {
  sut: App;
  db: TestDatabase;
  deps: AppDeps;
  /** Logs in through the real endpoint; fails the test when login fails. */
  login(username: string, password?: string): Promise<Session>;
  /** An injected request as `session` (cookie + CSRF header on writes). */
  request(
    session: Session | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'Passw0rd-test';

/** The whole HTTP app (every module) on a fresh database; no web app, no background work. */
export async function buildTestApp(): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig(
    { LOG_LEVEL: 'silent' },
    { dataDir: path.join(os.tmpdir(), `zhili-test-${randomBytes(4).toString('hex')}`) },
  );
  const deps: AppDeps = { config, database: db, pii: createPiiCipher(randomBytes(32)) };
  const sut = await buildApp(deps, { modules: MODULES, webDir: null, logger: false });
  await sut.ready();

  const request: TestApp['request'] = (session, method, url, body, headers = {}) =>
    sut.inject({
      method,
      url,
      headers: {
        ...(session ? { cookie: session.cookie } : {}),
        ...(session && method !== 'GET' ? { 'x-csrf-token': session.csrf } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    });

  return {
    sut,
    db,
    deps,
    request,
    async login(username, password = TEST_PASSWORD) {
      const res = await sut.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'zhili_session');
      if (!cookie) throw new Error('login set no session cookie');
      const me = res.json<{ csrfToken: string }>();
      return { cookie: `zhili_session=${cookie.value}`, csrf: me.csrfToken };
    },
    async close() {
      await sut.close();
      await db.drop();
    },
  };
}
