import pg from 'pg';
import type { ClusterFile } from './embedded.files.ts';
import { sleep, within } from './embedded.proc.ts';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The connection URL of the embedded cluster (loopback TCP, password from cluster.json). */
export function urlOf(c: ClusterFile, port: number, database: string): string {
  return `postgres://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@127.0.0.1:${port}/${database}`;
}

/** Polls with a real login until PostgreSQL accepts connections, fails, or the deadline passes. */
export async function waitReady(
  cfg: ClusterFile,
  port: number,
  database: string,
  deadline: number,
  exitStatus: () => string | undefined | Promise<string | undefined>,
): Promise<void> {
  let last: unknown;
  for (;;) {
    const gone = await exitStatus();
    if (gone) throw new Error(`PostgreSQL exited during startup (${gone})`);
    const client = new pg.Client({ host: '127.0.0.1', port, user: cfg.user, password: cfg.password, database });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (err) {
      last = err;
      await within(
        client.end().catch(() => undefined),
        1_000,
        undefined,
      );
      const code: unknown = typeof err === 'object' && err !== null ? Reflect.get(err, 'code') : undefined;
      // Wrong credentials will not fix themselves: say so rather than wait out the timeout.
      if (code === '28P01' || code === '28000') {
        throw new Error(`PostgreSQL on port ${port} rejected the credentials in cluster.json: ${message(err)}`);
      }
    }
    if (Date.now() >= deadline) {
      throw new Error(`PostgreSQL was not ready in time (last error: ${message(last)})`);
    }
    await sleep(Math.min(100, Math.max(0, deadline - Date.now())));
  }
}

/** Creates the `zhili` database if missing (first start, or a start killed right after initdb). */
export async function ensureDatabase(cfg: ClusterFile, port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf(cfg, port, 'postgres') });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const r = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (r.rowCount === 0) {
      await client.query(`create database "${database.replace(/"/g, '""')}"`).catch((err: unknown) => {
        if (typeof err !== 'object' || err === null || Reflect.get(err, 'code') !== '42P04') throw err;
      });
    }
  } finally {
    await client.end();
  }
}
