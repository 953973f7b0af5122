import type {
  FastifyInstance,
  FastifyBaseLogger,
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/pool.ts';
import type { PiiCipher } from './pii.ts';
import type { JobHandler, RecurringTask } from './scheduler.ts';

/** The Fastify instance with zod schemas as its type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What the platform hands every module at start. */
export interface AppDeps {
  config: Config;
  database: Database;
  pii: PiiCipher;
}

/**
 * A module's public face to the platform: its routes and its background jobs. Modules are
 * listed in modules/index.ts; nothing else wires them.
 */
export interface ZhiliModule {
  name: string;
  routes?: (app: App, deps: AppDeps) => void | Promise<void>;
  jobs?: Record<string, JobHandler>;
  /** Sweeps the scheduler runs for this module (audit sealing, outbox delivery…). */
  recurring?: readonly RecurringTask[];
}
