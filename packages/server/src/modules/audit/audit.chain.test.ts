import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { openDatabase, type Database } from '../../platform/db/pool.ts';
import { canonicalJson, recordAudit, REDACTED, sealAudit, verifyAudit } from '../../platform/audit.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import { auditSealer } from './audit.jobs.ts';

let db: TestDatabase;
let other: Database;
let ctx: Ctx;

beforeAll(async () => {
  db = await createTestDatabase();
  other = openDatabase(db.url, { max: 4 });
  ctx = systemCtx(db.db, 'req-test');
});
afterAll(async () => {
  await other.close();
  await db.drop();
});

/** Runs `statements` as the superuser with triggers off: what an attacker with DB root could do. */
async function asSuperuserBypassingTriggers(statements: string): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(`begin; set local session_replication_role = replica; ${statements}; commit;`);
  } finally {
    await client.end();
  }
}

async function sealAll(): Promise<void> {
  while ((await sealAudit(db.db)) > 0);
}

describe('audit hash chain', () => {
  it('chains rows written concurrently by many writers, losing none', async () => {
    // The sealer runs from another pool while 20 transactions write 50 rows each.
    let writing = true;
    const sealer = (async () => {
      while (writing) await sealAudit(other.db, 200);
    })();
    await Promise.all(
      Array.from({ length: 20 }, (_, w) =>
        db.db.transaction(async (tx) => {
          for (let i = 0; i < 50; i++) {
            await recordAudit(ctx, tx, {
              action: 'test.write',
              entity: 'test',
              entityId: `${w}-${i}`,
              before: i % 2 ? null : { n: i },
              after: { n: i + 1, writer: w, at: new Date(Date.UTC(2023, 8, 1)), tags: ['生态鼎', '冠军鼎'] },
            });
          }
        }),
      ),
    );
    writing = false;
    await sealer;
    await auditSealer.run({ db: db.db });

    const stats = await db.db.execute<{
      total: number;
      sealed: number;
      min: number;
      max: number;
      distinct_ids: number;
    }>(sql`
      select count(*)::int as total, count(seq)::int as sealed, min(seq)::int as min, max(seq)::int as max,
             count(distinct entity_id)::int as distinct_ids
      from audit_log`);
    expect(stats.rows[0]).toEqual({ total: 1000, sealed: 1000, min: 1, max: 1000, distinct_ids: 1000 });
    expect(await verifyAudit(db.db)).toEqual({ ok: true, checked: 1000, unsealed: 0, firstTampered: null });
    // Small pages walk the same chain.
    expect((await verifyAudit(db.db, 7)).checked).toBe(1000);
  });

  it('the database refuses to update, delete or truncate audit rows', async () => {
    const attempts = [
      sql`update audit_log set after = '{"n":0}' where seq = 10`,
      sql`update audit_log set seq = 5000 where seq = 10`,
      sql`update audit_log set chain_hash = 'x' where seq = 10`,
      sql`delete from audit_log where seq = 10`,
      sql`truncate audit_log`,
    ];
    for (const statement of attempts) {
      await expect(db.db.execute(statement)).rejects.toThrow();
    }
    // The error says why (drizzle wraps the driver error).
    const err: unknown = await db.db.execute(sql`delete from audit_log`).catch((e: unknown) => e);
    expect(String((err as { cause?: Error }).cause?.message ?? err)).toMatch(/append-only/);

    // Sealing an unsealed row is allowed, but not together with any other change.
    await recordAudit(ctx, db.db, { action: 'test.unsealed', entity: 'test' });
    await expect(
      db.db.execute(sql`update audit_log set seq = 99999, chain_hash = 'x', action = 'forged' where seq is null`),
    ).rejects.toThrow();
    await sealAll();
    expect((await verifyAudit(db.db)).ok).toBe(true);
  });

  it('reports exactly the row whose content was changed behind the trigger', async () => {
    const original = await db.db.execute<{ after: unknown }>(sql`select after from audit_log where seq = 500`);
    await asSuperuserBypassingTriggers(`update audit_log set after = '{"n":999}' where seq = 500`);
    const report = await verifyAudit(db.db);
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(499);
    expect(report.firstTampered).toMatchObject({ seq: 500, reason: 'content does not match its hash' });

    // Put it back: the chain is whole again.
    await asSuperuserBypassingTriggers(
      `update audit_log set after = '${JSON.stringify(original.rows[0]?.after)}' where seq = 500`,
    );
    expect((await verifyAudit(db.db)).ok).toBe(true);
  });

  it('an attacker who also recomputes the row hash still breaks the chain link', async () => {
    const row = await db.db.execute<{ row_hash: string }>(sql`select row_hash from audit_log where seq = 321`);
    await asSuperuserBypassingTriggers(`update audit_log set row_hash = md5('x') || md5('y') where seq = 321`);
    const report = await verifyAudit(db.db);
    // Content no longer matches the stored hash either way; the first broken row is 321.
    expect(report.firstTampered?.seq).toBe(321);
    await asSuperuserBypassingTriggers(`update audit_log set row_hash = '${row.rows[0]?.row_hash}' where seq = 321`);
    await asSuperuserBypassingTriggers(`update audit_log set chain_hash = md5('z') where seq = 322`);
    expect((await verifyAudit(db.db)).firstTampered).toMatchObject({ seq: 322, reason: 'chain link broken' });
  });

  it('reports a deleted row by its missing position', async () => {
    const fresh = await createTestDatabase();
    try {
      const c = systemCtx(fresh.db);
      for (let i = 0; i < 30; i++)
        await recordAudit(c, fresh.db, { action: 'test.write', entity: 'test', entityId: String(i) });
      while ((await sealAudit(fresh.db)) > 0);
      const victim = await fresh.db.execute<{ id: number }>(sql`select id from audit_log where seq = 17`);
      const next = await fresh.db.execute<{ id: number }>(sql`select id from audit_log where seq = 18`);
      const client = new pg.Client({ connectionString: fresh.url });
      await client.connect();
      await client.query(
        `begin; set local session_replication_role = replica; delete from audit_log where id = ${victim.rows[0]?.id}; commit;`,
      );
      await client.end();
      const report = await verifyAudit(fresh.db);
      expect(report).toMatchObject({ ok: false, checked: 16 });
      expect(report.firstTampered).toMatchObject({ seq: 17, id: String(next.rows[0]?.id) });
      expect(report.firstTampered?.reason).toMatch(/deleted/);
    } finally {
      await fresh.drop();
    }
  });
});

describe('recordAudit', () => {
  it('never stores secrets, whatever the caller passes', async () => {
    await recordAudit(ctx, db.db, {
      action: 'test.secret',
      entity: 'test',
      before: { username: 'zhang', passwordHash: '$argon2id$…' },
      after: { username: 'zhang', password: 'Passw0rd!', nested: { csrfToken: 't', keyHash: 'h' } },
    });
    const row = await db.db.execute<{ before: unknown; after: unknown }>(
      sql`select before, after from audit_log where action = 'test.secret'`,
    );
    expect(row.rows[0]).toEqual({
      before: { username: 'zhang', passwordHash: REDACTED },
      after: { username: 'zhang', password: REDACTED, nested: { csrfToken: REDACTED, keyHash: REDACTED } },
    });
  });

  it('any JSON before/after survives jsonb and still verifies (hashing is canonical)', async () => {
    const fresh = await createTestDatabase();
    try {
      const c = systemCtx(fresh.db);
      await fc.assert(
        fc.asyncProperty(
          fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
          fc.jsonValue({ maxDepth: 2 }),
          async (before, after) => {
            // PostgreSQL text cannot hold NUL at all, so no write could carry one to the audit log.
            fc.pre(!JSON.stringify([before, after]).includes('\\u0000'));
            await recordAudit(c, fresh.db, { action: 'test.json', entity: 'test', before, after });
            await sealAudit(fresh.db);
            const report = await verifyAudit(fresh.db);
            return report.ok;
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      await fresh.drop();
    }
  });

  it('canonicalJson ignores key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        return canonicalJson(obj) === canonicalJson(reversed);
      }),
    );
  });
});
