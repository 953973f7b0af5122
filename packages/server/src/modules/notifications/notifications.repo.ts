import { and, count, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/pool.ts';
import { outbox } from '../../platform/db/schema.ts';
import { likeContains } from '../auth/index.ts';

export type OutboxRow = typeof outbox.$inferSelect;

const inboxOf = (target: string): SQL => and(eq(outbox.channel, 'in_app'), eq(outbox.target, target))!;

/** One page of an inbox, newest first. */
export async function listInbox(
  db: Tx,
  f: { target: string; unread?: boolean; q?: string | undefined; limit: number; offset: number },
): Promise<{ rows: OutboxRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [inboxOf(f.target)];
  if (f.unread !== undefined) conditions.push(f.unread ? isNull(outbox.readAt) : sql`${outbox.readAt} is not null`);
  if (f.q) {
    const pattern = likeContains(f.q);
    conditions.push(
      or(sql`${outbox.payload}->>'title' ilike ${pattern}`, sql`${outbox.payload}->>'text' ilike ${pattern}`),
    );
  }
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(outbox)
      .where(where)
      .orderBy(desc(outbox.createdAt), desc(outbox.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(outbox).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function countUnread(db: Tx, target: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(inboxOf(target), isNull(outbox.readAt)));
  return row?.n ?? 0;
}

export async function findInboxItem(db: Tx, target: string, id: string, lock = false): Promise<OutboxRow | undefined> {
  const query = db
    .select()
    .from(outbox)
    .where(and(inboxOf(target), eq(outbox.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Marks one notification read; returns the updated row. */
export async function markRead(tx: Tx, id: string, at: Date): Promise<OutboxRow | undefined> {
  const [row] = await tx.update(outbox).set({ readAt: at }).where(eq(outbox.id, id)).returning();
  return row;
}

/** Marks every unread notification of an inbox read; returns how many. */
export async function markAllRead(tx: Tx, target: string, at: Date): Promise<number> {
  const rows = await tx
    .update(outbox)
    .set({ readAt: at })
    .where(and(inboxOf(target), isNull(outbox.readAt)))
    .returning({ id: outbox.id });
  return rows.length;
}

/** One page of the outbox for administrators, newest first. */
export async function listOutbox(
  db: Tx,
  f: {
    state?: string | undefined;
    channel?: string | undefined;
    q?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ rows: OutboxRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [
    f.state ? eq(outbox.state, f.state) : undefined,
    f.channel ? eq(outbox.channel, f.channel) : undefined,
  ];
  if (f.q) {
    const pattern = likeContains(f.q);
    conditions.push(or(ilike(outbox.target, pattern), ilike(outbox.lastError, pattern)));
  }
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(outbox)
      .where(where)
      .orderBy(desc(outbox.createdAt), desc(outbox.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(outbox).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function findOutboxEntry(tx: Tx, id: string, lock = false): Promise<OutboxRow | undefined> {
  const query = tx.select().from(outbox).where(eq(outbox.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Gives a dead message a fresh set of attempts, due now. */
export async function requeueOutboxEntry(tx: Tx, id: string): Promise<OutboxRow | undefined> {
  const [row] = await tx
    .update(outbox)
    .set({ state: 'pending', attempts: 0, nextAttemptAt: sql`now()` })
    .where(eq(outbox.id, id))
    .returning();
  return row;
}
