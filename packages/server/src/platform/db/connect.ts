import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { startEmbedded, type EmbeddedCluster } from './embedded.ts';
import { openDatabase, type Database } from './pool.ts';

export interface Connection {
  database: Database;
  /** The embedded cluster, when zhili runs on it (owner: this process started it). */
  cluster: EmbeddedCluster | null;
  /** Closes the pool, then stops the embedded cluster if this process owns it. */
  close(): Promise<void>;
}

const MIN_SERVER_VERSION = 150000;

/**
 * Connects to `DATABASE_URL` when set, else to the embedded cluster under the data dir —
 * starting it, or joining the one a running zhili already supervises.
 */
export async function connectDatabase(
  config: Config,
  opts: { poolMax?: number; log?: (line: string) => void } = {},
): Promise<Connection> {
  let cluster: EmbeddedCluster | null = null;
  let url = config.databaseUrl;
  if (!url) {
    cluster = await startEmbedded({ dataDir: config.dataDir, ...(opts.log ? { log: opts.log } : {}) });
    url = cluster.url;
  }
  const database = openDatabase(url, { max: opts.poolMax ?? 10 });
  try {
    const res = await database.db.execute<{ server_version_num: string }>(sql`show server_version_num`);
    const version = Number(res.rows[0]?.server_version_num ?? 0);
    if (version < MIN_SERVER_VERSION) {
      throw new Error(`PostgreSQL ${Math.floor(version / 10000)} is too old: zhili needs 15 or newer`);
    }
  } catch (err) {
    await database.close();
    await cluster?.stop();
    throw err;
  }
  return {
    database,
    cluster,
    async close() {
      await database.close();
      await cluster?.stop();
    },
  };
}
