import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { openDatabase, type Database } from './db/pool.ts';
import { AppError } from './errors.ts';
import { accountTarget, deliverOutbox, enqueueNotification, outboxBackoffMs, webhookBody } from './outbox.ts';

/** A robot endpoint: records every POST body and answers as each path says. */
interface Received {
  path: string;
  body: { msgtype: string; markdown: Record<string, string> };
}
let server: http.Server;
let base: string;
const received: Received[] = [];

let db: TestDatabase;
let other: Database;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, body: JSON.parse(raw) as Received['body'] });
      const answer = (status: number, body: string, type = 'application/json') =>
        res.writeHead(status, { 'content-type': type }).end(body);
      if (path === '/ok') return answer(200, '{"errcode":0,"errmsg":"ok"}');
      if (path === '/plain') return answer(204, '', 'text/plain');
      if (path === '/refused') return answer(200, '{"errcode":310000,"errmsg":"keywords not in content"}');
      if (path === '/broken') return answer(502, 'bad gateway', 'text/plain');
      if (path === '/slow') return void setTimeout(() => answer(200, '{"errcode":0}'), 30);
      if (path === '/hang') return; // never answers
      return answer(404, 'not found', 'text/plain');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = await createTestDatabase();
  other = openDatabase(db.url, { max: 5 });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await other.close();
  await db.drop();
});
beforeEach(async () => {
  received.length = 0;
  await db.db.execute(sql`delete from outbox`);
});

const ACCOUNT = '6f1c2b9e-8a47-4c55-9d0e-3b2a1f6e7d8c';

async function row(id: string) {
  const res = await db.db.execute<{ state: string; attempts: number; last_error: string | null; due_in: number }>(
    sql`select state, attempts, last_error, extract(epoch from next_attempt_at - now())::int as due_in
        from outbox where id = ${id}`,
  );
  return res.rows[0]!;
}

describe('enqueueNotification', () => {
  it('queues only when the surrounding transaction commits', async () => {
    await expect(
      db.db.transaction(async (tx) => {
        await enqueueNotification(tx, {
          channel: 'in_app',
          target: accountTarget(ACCOUNT),
          payload: { title: '新事件' },
        });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const { id } = await db.db.transaction((tx) =>
      enqueueNotification(tx, { channel: 'in_app', target: accountTarget(ACCOUNT), payload: { title: '新事件' } }),
    );
    const all = await db.db.execute<{ id: string; payload: unknown }>(sql`select id, payload from outbox`);
    expect(all.rows).toEqual([{ id, payload: { title: '新事件', text: '', link: null, kind: null } }]);
  });

  it('refuses a malformed target or payload with a 4xx', async () => {
    const bad = [
      () => enqueueNotification(db.db, { channel: 'in_app', target: 'account:nope', payload: { title: 't' } }),
      () =>
        enqueueNotification(db.db, {
          channel: 'webhook',
          target: 'ftp://example.org/hook',
          payload: { format: 'dingtalk', title: 't', text: 'x' },
        }),
      () =>
        enqueueNotification(db.db, {
          channel: 'webhook',
          target: 'not a url',
          payload: { format: 'wecom', title: 't', text: '' },
        }),
    ];
    for (const call of bad) {
      const err: unknown = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(400);
    }
  });
});

describe('webhookBody', () => {
  it('builds the DingTalk and WeCom robot shapes', () => {
    expect(webhookBody({ format: 'dingtalk', title: '超时预警', text: '事件 A 已超时' })).toEqual({
      msgtype: 'markdown',
      markdown: { title: '超时预警', text: '### 超时预警\n\n事件 A 已超时' },
    });
    expect(webhookBody({ format: 'wecom', title: '超时预警', text: '事件 A 已超时' })).toEqual({
      msgtype: 'markdown',
      markdown: { content: '### 超时预警\n\n事件 A 已超时' },
    });
  });
});

describe('deliverOutbox', () => {
  it('marks in-app rows delivered and POSTs webhooks in the robot shape', async () => {
    const inApp = await enqueueNotification(db.db, {
      channel: 'in_app',
      target: accountTarget(ACCOUNT),
      payload: { title: 'a' },
    });
    const ding = await enqueueNotification(db.db, {
      channel: 'webhook',
      target: `${base}/ok`,
      payload: { format: 'dingtalk', title: '调解成功', text: '纠纷已调解' },
    });
    const wecom = await enqueueNotification(db.db, {
      channel: 'webhook',
      target: `${base}/plain`,
      payload: { format: 'wecom', title: '到场', text: '20 分钟内到场' },
    });
    expect(await deliverOutbox(db.db)).toEqual({ delivered: 3, retrying: 0, dead: 0 });
    for (const id of [inApp.id, ding.id, wecom.id]) expect((await row(id)).state).toBe('delivered');
    expect(received.map((r) => r.path).sort()).toEqual(['/ok', '/plain']);
    expect(received.find((r) => r.path === '/ok')?.body).toEqual({
      msgtype: 'markdown',
      markdown: { title: '调解成功', text: '### 调解成功\n\n纠纷已调解' },
    });
    expect(await deliverOutbox(db.db)).toEqual({ delivered: 0, retrying: 0, dead: 0 });
  });

  it('retries an errcode≠0 answer with backoff, then delivers once it is accepted', async () => {
    const { id } = await enqueueNotification(db.db, {
      channel: 'webhook',
      target: `${base}/refused`,
      payload: { format: 'dingtalk', title: 't', text: 'x' },
    });
    expect(await deliverOutbox(db.db)).toEqual({ delivered: 0, retrying: 1, dead: 0 });
    const failed = await row(id);
    expect(failed).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_error: 'errcode 310000: keywords not in content',
    });
    expect(failed.due_in).toBeGreaterThanOrEqual(9); // 10 s backoff
    expect(await deliverOutbox(db.db)).toEqual({ delivered: 0, retrying: 0, dead: 0 }); // not due yet
    await db.db.execute(sql`update outbox set target = ${`${base}/ok`}, next_attempt_at = now() where id = ${id}`);
    expect(await deliverOutbox(db.db)).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(await row(id)).toMatchObject({ state: 'delivered', attempts: 2, last_error: null });
  });

  it('gives up after max attempts: HTTP errors, timeouts and refused connections', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((r) => closed.close(r));

    const ids: Record<string, string> = {};
    for (const [name, target] of [
      ['broken', `${base}/broken`],
      ['hang', `${base}/hang`],
      ['closed', closedUrl],
    ] as const) {
      ids[name] = (
        await enqueueNotification(db.db, {
          channel: 'webhook',
          target,
          payload: { format: 'wecom', title: name, text: '' },
          maxAttempts: 3,
        })
      ).id;
    }
    const reports = [];
    for (let i = 0; i < 3; i++) {
      // Long enough that a loaded machine still gets the 502 answer in time; /hang never answers.
      reports.push(await deliverOutbox(db.db, { timeoutMs: 2_000 }));
      await db.db.execute(sql`update outbox set next_attempt_at = now() where state = 'pending'`);
    }
    expect(reports).toEqual([
      { delivered: 0, retrying: 3, dead: 0 },
      { delivered: 0, retrying: 3, dead: 0 },
      { delivered: 0, retrying: 0, dead: 3 },
    ]);
    expect(await row(ids.broken!)).toMatchObject({ state: 'dead', attempts: 3, last_error: 'HTTP 502: bad gateway' });
    expect(await row(ids.hang!)).toMatchObject({ state: 'dead', last_error: 'timed out after 2000 ms' });
    expect((await row(ids.closed!)).last_error).toMatch(/ECONNREFUSED/);
  });

  it('buries a row whose stored payload can never be sent', async () => {
    const res = await db.db.execute<{ id: string }>(sql`
      insert into outbox (channel, target, payload) values ('webhook', ${`${base}/ok`}, '{"format":"telegram"}')
      returning id`);
    expect(await deliverOutbox(db.db)).toEqual({ delivered: 0, retrying: 0, dead: 1 });
    expect((await row(res.rows[0]!.id)).last_error).toMatch(/^invalid webhook payload/);
    expect(received).toHaveLength(0);
  });

  it('two concurrent deliverers send each webhook exactly once', async () => {
    for (let i = 0; i < 60; i++) {
      await enqueueNotification(db.db, {
        channel: 'webhook',
        target: `${base}/slow`,
        payload: { format: 'dingtalk', title: `m${i}`, text: String(i) },
      });
    }
    const run = async (d: Database) => {
      let total = 0;
      for (;;) {
        const r = await deliverOutbox(d.db, { batch: 7 });
        if (r.delivered === 0) return total;
        total += r.delivered;
      }
    };
    const [a, b] = await Promise.all([run(db), run(other)]);
    expect(a + b).toBe(60);
    const titles = received.map((r) => r.body.markdown.title);
    expect(titles).toHaveLength(60);
    expect(new Set(titles).size).toBe(60);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
  });
});

describe('outboxBackoffMs', () => {
  it('doubles from 10 s and stops at an hour', () => {
    expect([1, 2, 3, 4].map(outboxBackoffMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), (n) => outboxBackoffMs(n) <= 3600_000));
  });
});
