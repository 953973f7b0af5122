import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { openDatabase } from './pool.ts';
import { runMigrations } from './migrate.ts';

describe('runMigrations', () => {
  let empty: TestDatabase | undefined;
  afterAll(async () => {
    await empty?.drop();
  });

  it('lets several processes start together: one migrates, the others wait and find nothing to do', async () => {
    empty = await createTestDatabase({ empty: true });
    // Separate pools stand for separate processes.
    const pools = Array.from({ length: 4 }, () => openDatabase(empty!.url, { max: 2 }));
    try {
      await Promise.all(pools.map((p) => runMigrations(p.pool)));
      const applied = await empty.db.execute<{ n: number }>(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      const journal = (await import('../../../migrations/meta/_journal.json', { with: { type: 'json' } })).default as {
        entries: unknown[];
      };
      expect(applied.rows[0]?.n).toBe(journal.entries.length);
      const tables = await empty.db.execute<{ n: number }>(
        sql`select count(*)::int as n from information_schema.tables where table_name = 'regions'`,
      );
      expect(tables.rows[0]?.n).toBe(1);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });

  it('is a no-op on an up-to-date database', async () => {
    await expect(runMigrations(empty!.pool)).resolves.toBeUndefined();
  });
});
