import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject as vitestInject } from 'vitest';
import { openDatabase, type Database } from '../src/platform/db/pool.ts';

/** Values the global setup provides (vitest's ProvidedContext augmentation does not reach here). */
function inject(key: 'adminDbUrl' | 'templateDb'): string {
  return (vitestInject as unknown as (k: string) => string)(key);
}

export interface TestDatabase extends Database {
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: inject('adminDbUrl') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh, migrated database for one test file (copied from the run's template). */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `zt_${randomBytes(6).toString('hex')}`;
  const template = opts.empty ? 'template0' : inject('templateDb');
  await admin((c) => c.query(`create database ${name} template ${template}`));
  const url = new URL(inject('adminDbUrl'));
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString(), { max: 5 });
  return {
    ...database,
    url: url.toString(),
    name,
    async drop() {
      await database.close();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
