import { connectDatabase, loadConfig, systemCtx, type Config, type Connection, type Ctx } from '@zhili/server';

export interface GlobalOptions {
  dataDir?: string;
}

/** Parses configuration with the CLI's overrides; bad settings end the command with one clear line. */
export function configFrom(opts: GlobalOptions & { port?: number; host?: string }): Config {
  return loadConfig(process.env, {
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host ? { host: opts.host } : {}),
  });
}

/**
 * Runs `fn` with a system context on the configured database. On the embedded default this joins
 * the cluster a running server supervises, or starts it for the command and stops it after.
 */
export async function withDatabase<T>(
  config: Config,
  fn: (ctx: Ctx, connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await connectDatabase(config, { poolMax: 4 });
  try {
    return await fn(systemCtx(connection.database.db, `cli-${process.pid}`), connection);
  } finally {
    await connection.close();
  }
}

/** Prints an error the way every command does and sets a failing exit code. */
export function fail(message: string): never {
  process.stderr.write(`zhili: ${message}\n`);
  process.exit(1);
}
