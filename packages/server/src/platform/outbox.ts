import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { InAppPayload, WebhookPayload } from '@zhili/contracts';
import type { Db, Tx } from './db/pool.ts';
import { invalid } from './errors.ts';

/** A notification to queue; validated here so a bad one fails its caller, not the deliverer. */
export type NotificationInput =
  | { channel: 'in_app'; target: string; payload: z.input<typeof InAppPayload>; maxAttempts?: number }
  | { channel: 'webhook'; target: string; payload: WebhookPayload; maxAttempts?: number };

const ACCOUNT_TARGET = /^account:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The outbox target of an account's in-app inbox. */
export function accountTarget(accountId: string): string {
  return `account:${accountId}`;
}

function checkWebhookUrl(target: string): void {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw invalid('target', 'webhook target is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('target', 'webhook target must be http(s)');
}

/**
 * Queues a notification inside the caller's transaction: it is sent if and only if the change
 * that caused it commits. In-app rows are read through the API; webhook rows are POSTed by
 * {@link deliverOutbox}. Returns the outbox row id.
 */
export async function enqueueNotification(tx: Tx, input: NotificationInput): Promise<{ id: string }> {
  let payload: unknown;
  if (input.channel === 'in_app') {
    if (!ACCOUNT_TARGET.test(input.target)) throw invalid('target', 'in-app target must be account:<uuid>');
    payload = InAppPayload.parse(input.payload);
  } else {
    checkWebhookUrl(input.target);
    payload = WebhookPayload.parse(input.payload);
  }
  // clock_timestamp, not now(): several notifications from one transaction keep their order.
  const res = await tx.execute<{ id: string }>(sql`
    insert into outbox (channel, target, payload, max_attempts, created_at)
    values (${input.channel}, ${input.target}, ${JSON.stringify(payload)}::jsonb, ${input.maxAttempts ?? 8}, clock_timestamp())
    returning id`);
  return { id: res.rows[0]!.id };
}

/**
 * The robot message: DingTalk `{ msgtype, markdown: { title, text } }`, WeCom
 * `{ msgtype, markdown: { content } }`. The title is repeated as a heading because both apps
 * show only the markdown body in the chat (DingTalk uses `title` for the preview alone).
 */
export function webhookBody(p: WebhookPayload): Record<string, unknown> {
  const text = `### ${p.title}\n\n${p.text}`;
  return p.format === 'dingtalk'
    ? { msgtype: 'markdown', markdown: { title: p.title, text } }
    : { msgtype: 'markdown', markdown: { content: text } };
}

export interface DeliveryOutcome {
  ok: boolean;
  /** Why it failed; null on success. */
  error: string | null;
  /** True when retrying cannot help (the stored payload is malformed). */
  permanent?: boolean;
}

/**
 * POSTs one webhook. Success means HTTP 2xx and, when the answer is JSON, `errcode` 0 or absent
 * (both robots answer 200 with an errcode for refused messages). Never throws.
 */
export async function sendWebhook(target: string, payload: unknown, timeoutMs = 5000): Promise<DeliveryOutcome> {
  const parsed = WebhookPayload.safeParse(payload);
  if (!parsed.success) return { ok: false, error: `invalid webhook payload: ${parsed.error.message}`, permanent: true };
  try {
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(webhookBody(parsed.data)),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await res.text()).slice(0, 2000);
    if (res.status < 200 || res.status >= 300) return { ok: false, error: `HTTP ${res.status}: ${text.slice(0, 500)}` };
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: true, error: null }; // a 2xx that is not JSON: nothing says it failed
    }
    const errcode = typeof body === 'object' && body !== null ? (body as { errcode?: unknown }).errcode : undefined;
    if (errcode === undefined || errcode === null || errcode === 0 || errcode === '0') return { ok: true, error: null };
    const errmsg = (body as { errmsg?: unknown }).errmsg;
    return {
      ok: false,
      error: `errcode ${JSON.stringify(errcode)}: ${typeof errmsg === 'string' ? errmsg : ''}`.trim(),
    };
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError') return { ok: false, error: `timed out after ${timeoutMs} ms` };
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, error: `${e.message}${cause ? ` (${cause.code ?? cause.message ?? ''})` : ''}` };
  }
}

/** 10 s, 20 s, 40 s … capped at one hour: after the retry numbered `attempts`. */
export function outboxBackoffMs(attempts: number): number {
  return Math.min(3600_000, 10_000 * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}

export interface DeliverOptions {
  /** Most webhooks POSTed (in parallel) per call; default 20. */
  batch?: number;
  timeoutMs?: number;
  backoffMs?: (attempts: number) => number;
}

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  dead: number;
}

type WebhookRow = {
  id: string;
  target: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
};

/**
 * Delivers due outbox rows. In-app rows are marked delivered at once; webhook rows are locked
 * with `FOR UPDATE SKIP LOCKED` for the length of their POST, so concurrent deliverers (other
 * processes) never send one twice, and a deliverer that dies mid-POST releases its rows to be
 * retried. A failure waits {@link outboxBackoffMs}; after `max_attempts` the row is 'dead'.
 */
export async function deliverOutbox(db: Db, opts: DeliverOptions = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retrying: 0, dead: 0 };
  const inApp = await db.execute(sql`
    update outbox set state = 'delivered', delivered_at = now()
    where id in (
      select id from outbox where channel = 'in_app' and state = 'pending'
      limit 1000 for update skip locked)`);
  report.delivered += inApp.rowCount ?? 0;

  const backoff = opts.backoffMs ?? outboxBackoffMs;
  await db.transaction(async (tx) => {
    const due = await tx.execute<WebhookRow>(sql`
      select id, target, payload, attempts, max_attempts from outbox
      where channel = 'webhook' and state = 'pending' and next_attempt_at <= now()
      order by next_attempt_at
      limit ${opts.batch ?? 20}
      for update skip locked`);
    const outcomes = await Promise.all(due.rows.map((r) => sendWebhook(r.target, r.payload, opts.timeoutMs)));
    for (const [i, row] of due.rows.entries()) {
      const outcome = outcomes[i]!;
      const attempts = row.attempts + 1;
      if (outcome.ok) {
        await tx.execute(sql`
          update outbox set state = 'delivered', delivered_at = now(), attempts = ${attempts}, last_error = null
          where id = ${row.id}`);
        report.delivered += 1;
      } else if (outcome.permanent || attempts >= row.max_attempts) {
        await tx.execute(sql`
          update outbox set state = 'dead', attempts = ${attempts}, last_error = ${outcome.error}
          where id = ${row.id}`);
        report.dead += 1;
      } else {
        await tx.execute(sql`
          update outbox set attempts = ${attempts}, last_error = ${outcome.error},
            next_attempt_at = now() + make_interval(secs => ${backoff(attempts) / 1000})
          where id = ${row.id}`);
        report.retrying += 1;
      }
    }
  });
  return report;
}
