import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ErrorBody, InAppNotification, OutboxEntry, Page } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildRegions, type BuiltAccount } from '../../../test/builders.ts';
import { deliverOutbox, enqueueNotification, notifyAccounts } from './index.ts';
import { maskWebhookTarget } from './notifications.service.ts';

let t: TestApp;
let admin: Session;
let alice: Session;
let bob: Session;
let aliceAccount: BuiltAccount;
let bobAccount: BuiltAccount;
let robot: http.Server;
let robotUrl: string;
let robotHits = 0;

beforeAll(async () => {
  robot = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      robotHits += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => robot.listen(0, '127.0.0.1', r));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/robot/send?access_token=abcdef123456`;

  t = await buildTestApp();
  await buildRegions(t.db.db);
  await buildAccount(t.db.db, { username: 'outbox_admin', roles: [{ role: 'admin', regionCode: null }] });
  aliceAccount = await buildAccount(t.db.db, {
    username: 'alice',
    roles: [{ role: 'dispatcher', regionCode: '330502' }],
  });
  bobAccount = await buildAccount(t.db.db, {
    username: 'bob',
    roles: [{ role: 'grid_worker', regionCode: '330502102' }],
  });
  admin = await t.login('outbox_admin');
  alice = await t.login('alice');
  bob = await t.login('bob');

  await t.db.db.transaction(async (tx) => {
    await notifyAccounts(tx, [aliceAccount.id], {
      title: '新事件待派单',
      text: '妙西镇 噪音扰民',
      link: '/incidents/1',
      kind: 'incident.created',
    });
    await notifyAccounts(tx, [aliceAccount.id, aliceAccount.id, bobAccount.id], {
      title: '事件即将超时',
      text: '请在 20 分钟内到场',
    });
    await notifyAccounts(tx, [aliceAccount.id], { title: '调解成功' });
  });
});
afterAll(async () => {
  await t.close();
  robot.closeAllConnections();
  await new Promise((r) => robot.close(r));
});

async function inbox(session: Session, query = ''): Promise<Page<InAppNotification>> {
  const res = await t.request(session, 'GET', `/api/notifications${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page<InAppNotification>>();
}
async function unread(session: Session): Promise<number> {
  const res = await t.request(session, 'GET', '/api/notifications/unread-count');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ count: number }>().count;
}

describe('in-app notifications', () => {
  it('each account sees its own inbox, newest first, once per notification', async () => {
    const page = await inbox(alice);
    expect(page.total).toBe(3);
    expect(page.items.map((n) => n.title)).toEqual(['调解成功', '事件即将超时', '新事件待派单']);
    expect(page.items[2]).toMatchObject({
      text: '妙西镇 噪音扰民',
      link: '/incidents/1',
      kind: 'incident.created',
      readAt: null,
    });
    expect((await inbox(bob)).items.map((n) => n.title)).toEqual(['事件即将超时']);
    expect(await unread(alice)).toBe(3);
    expect((await inbox(alice, '?q=超时')).total).toBe(1);
    expect((await inbox(alice, '?pageSize=1&page=2')).items.map((n) => n.title)).toEqual(['事件即将超时']);
  });

  it("marks one read (idempotently, audited once) and cannot touch another account's", async () => {
    const target = (await inbox(alice)).items.find((n) => n.title === '调解成功')!;
    const first = await t.request(alice, 'POST', `/api/notifications/${target.id}/read`);
    expect(first.statusCode, first.body).toBe(200);
    const readAt = first.json<InAppNotification>().readAt;
    expect(readAt).not.toBeNull();
    const again = await t.request(alice, 'POST', `/api/notifications/${target.id}/read`);
    expect(again.json<InAppNotification>().readAt).toBe(readAt);
    expect(await unread(alice)).toBe(2);
    expect((await inbox(alice, '?unread=true')).total).toBe(2);
    expect((await inbox(alice, '?unread=false')).items.map((n) => n.id)).toEqual([target.id]);

    const audits = await t.db.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'notification.read' and entity_id = ${target.id}`,
    );
    expect(audits.rows[0]?.n).toBe(1);

    const stolen = await t.request(bob, 'POST', `/api/notifications/${target.id}/read`);
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json<ErrorBody>().code).toBe('NOTIFICATION_NOT_FOUND');
  });

  it('marks all read', async () => {
    const res = await t.request(alice, 'POST', '/api/notifications/read-all');
    expect(res.json()).toEqual({ marked: 2 });
    expect(await unread(alice)).toBe(0);
    expect(await unread(bob)).toBe(1);
    expect((await t.request(alice, 'POST', '/api/notifications/read-all')).json()).toEqual({ marked: 0 });
  });

  it('needs a signed-in account: anonymous is 401, an API key has no inbox', async () => {
    expect((await t.request(null, 'GET', '/api/notifications')).statusCode).toBe(401);
    expect((await t.request(null, 'GET', '/api/notifications/unread-count')).statusCode).toBe(401);
    const created = await t.request(admin, 'POST', '/api/apikeys', {
      name: '数据接口',
      role: 'grid_worker',
      regionCode: '330502102',
    });
    expect(created.statusCode, created.body).toBe(201);
    const key = created.json<{ key: string }>().key;
    const res = await t.request(null, 'GET', '/api/notifications', undefined, { authorization: `Bearer ${key}` });
    expect(res.statusCode).toBe(403);
    expect(res.json<ErrorBody>().code).toBe('NOTIFICATION_INBOX_ACCOUNT_ONLY');
  });

  it('refuses a malformed id and unknown query fields', async () => {
    expect((await t.request(alice, 'POST', '/api/notifications/not-a-uuid/read')).statusCode).toBe(400);
    expect((await t.request(alice, 'GET', '/api/notifications?unread=maybe')).statusCode).toBe(400);
    expect((await t.request(alice, 'GET', '/api/notifications?colour=red')).statusCode).toBe(400);
  });
});

describe('outbox dead letters', () => {
  let deadId: string;

  beforeAll(async () => {
    const { id } = await enqueueNotification(t.db.db, {
      channel: 'webhook',
      target: robotUrl,
      payload: { format: 'dingtalk', title: '预警', text: '事件超时' },
    });
    deadId = id;
    await t.db.db.execute(
      sql`update outbox set state = 'dead', attempts = 8, last_error = 'HTTP 502: bad gateway' where id = ${id}`,
    );
  });

  it('lists dead letters to outbox.manage holders, hiding the robot token', async () => {
    const res = await t.request(admin, 'GET', '/api/outbox?state=dead');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<Page<OutboxEntry>>();
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ id: deadId, state: 'dead', attempts: 8, lastError: 'HTTP 502: bad gateway' });
    expect(page.items[0]?.target).toContain('access_token=abcd****');
    expect(page.items[0]?.target).not.toContain('abcdef123456');
    expect((await t.request(admin, 'GET', '/api/outbox?state=dead&q=502')).json<Page<OutboxEntry>>().total).toBe(1);
    expect(
      (await t.request(admin, 'GET', '/api/outbox?state=pending&channel=webhook')).json<Page<OutboxEntry>>().total,
    ).toBe(0);
  });

  it('refuses anyone without outbox.manage', async () => {
    for (const s of [alice, bob]) {
      expect((await t.request(s, 'GET', '/api/outbox?state=dead')).statusCode).toBe(403);
      expect((await t.request(s, 'POST', `/api/outbox/${deadId}/retry`)).statusCode).toBe(403);
    }
  });

  it('retry re-queues a dead letter once; the deliverer then sends it', async () => {
    const res = await t.request(admin, 'POST', `/api/outbox/${deadId}/retry`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<OutboxEntry>()).toMatchObject({ state: 'pending', attempts: 0 });
    const again = await t.request(admin, 'POST', `/api/outbox/${deadId}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().code).toBe('OUTBOX_NOT_DEAD');
    const missing = await t.request(admin, 'POST', '/api/outbox/00000000-0000-4000-8000-000000000000/retry');
    expect(missing.statusCode).toBe(404);

    const audit = await t.db.db.execute<{ before: unknown; after: unknown }>(
      sql`select before, after from audit_log where action = 'outbox.retry' and entity_id = ${deadId}`,
    );
    expect(audit.rows).toEqual([
      {
        before: { state: 'dead', attempts: 8, lastError: 'HTTP 502: bad gateway' },
        after: { state: 'pending', attempts: 0 },
      },
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain('abcdef123456');

    const report = await deliverOutbox(t.db.db);
    expect(report.delivered).toBeGreaterThanOrEqual(1);
    expect(robotHits).toBe(1);
  });
});

describe('maskWebhookTarget', () => {
  it('masks DingTalk and WeCom credentials and leaves other URLs alone', () => {
    expect(maskWebhookTarget('https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=0123****',
    );
    expect(maskWebhookTarget('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693axxx6-7aoc')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a****',
    );
    expect(maskWebhookTarget('https://example.org/hook?channel=ops')).toBe('https://example.org/hook?channel=ops');
  });
});
