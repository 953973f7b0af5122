import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Config } from './platform/config.ts';
import { connectDatabase, type Connection } from './platform/db/connect.ts';
import { runMigrations } from './platform/db/migrate.ts';
import { buildApp } from './platform/http/app.ts';
import type { App, AppDeps } from './platform/module.ts';
import { createPiiCipher, loadSecretKey } from './platform/pii.ts';
import { startBackgroundWork, type BackgroundWork } from './platform/background.ts';
import { MODULES } from './modules/index.ts';

export interface StartOptions {
  /** Runs after migrations and module registration, before the port opens (the CLI seeds demo data here). */
  beforeListen?: (deps: AppDeps) => Promise<void>;
  /** Directory of the built web app; defaults to packages/web/dist. */
  webDir?: string | null;
  /** Run the scheduler, audit sealer and outbox delivery in this process (default true). */
  background?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  app: App;
  deps: AppDeps;
  url: string;
  connection: Connection;
  /** Graceful stop: refuse new requests, finish in-flight ones and jobs, close the database. */
  stop(): Promise<void>;
}

/** Finds the built web app both from source and from the bundled CLI. */
export function defaultWebDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../web/dist'), path.resolve(here, '../../../packages/web/dist')];
  return candidates.find((c) => existsSync(path.join(c, 'index.html'))) ?? null;
}

/** Starts zhili: database (embedded or DATABASE_URL), migrations, HTTP, background work. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const connection = await connectDatabase(config, opts.log ? { log: opts.log } : {});
  let app: App | undefined;
  let background: BackgroundWork | undefined;
  try {
    await runMigrations(connection.database.pool);
    const deps: AppDeps = { config, database: connection.database, pii: createPiiCipher(loadSecretKey(config)) };
    // The app first: its modules register their listeners (e.g. mediation follows incident
    // status changes), which the demo seed in beforeListen relies on.
    app = await buildApp(deps, { modules: MODULES, webDir: opts.webDir === undefined ? defaultWebDir() : opts.webDir });
    await opts.beforeListen?.(deps);
    const address = await app.listen({ port: config.port, host: config.host });
    if (opts.background !== false) background = startBackgroundWork(deps, MODULES);
    const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');
    const started = app;
    let stopping: Promise<void> | undefined;
    return {
      app: started,
      deps,
      url,
      connection,
      stop() {
        stopping ??= (async () => {
          await started.close();
          await background?.stop();
          await connection.close();
        })();
        return stopping;
      },
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await background?.stop().catch(() => undefined);
    await connection.close().catch(() => undefined);
    throw err;
  }
}
