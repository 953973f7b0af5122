import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/pool.ts';
import { PlatformErrors, invalid } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { principal: string; key: string };
  }
  interface FastifyContextConfig {
    /**
     * 'inline': the route honours Idempotency-Key itself, inside its own transaction (the
     * incident intake's group commit), so this plugin leaves it alone.
     */
    idempotency?: 'inline';
  }
}

/** A claim older than this whose request never finished (the process died) may be retried. */
const STALE_CLAIM_MS = 60_000;

function principalOf(request: FastifyRequest): string {
  const a = request.ctx.actor;
  return a.id ? `${a.kind}:${a.id}` : `anon:${request.ip}`;
}

/**
 * Honours `Idempotency-Key` on POST: the first request claims the key; a retry with the same key
 * and body replays the stored response and never writes again; a different body is refused.
 */
export function registerIdempotency(app: FastifyInstance, db: Db): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    if (request.routeOptions.config.idempotency === 'inline') return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
      throw invalid('headers.idempotency-key', 'Idempotency-Key must be 1-200 characters');
    }
    const principal = principalOf(request);
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.routeOptions.url ?? request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const claimed = await db.execute(sql`
      insert into idempotency_keys (key, principal, method, path, request_hash, state)
      values (${key}, ${principal}, ${request.method}, ${request.url}, ${requestHash}, 'pending')
      on conflict (principal, key) do update set state = 'pending', created_at = now(), request_hash = excluded.request_hash
        where idempotency_keys.state = 'pending'
          and idempotency_keys.created_at < now() - make_interval(secs => ${STALE_CLAIM_MS / 1000})
          and idempotency_keys.request_hash = excluded.request_hash
      returning key`);
    if (claimed.rows.length === 1) {
      request.idempotency = { principal, key };
      return;
    }
    const existing = await db.execute<{
      request_hash: string;
      state: string;
      status_code: number | null;
      response_body: string | null;
      response_type: string | null;
    }>(sql`select request_hash, state, status_code, response_body, response_type from idempotency_keys
           where principal = ${principal} and key = ${key}`);
    const row = existing.rows[0];
    if (!row) throw PlatformErrors.IDEMPOTENCY_IN_PROGRESS();
    if (row.request_hash !== requestHash) throw PlatformErrors.IDEMPOTENCY_KEY_REUSED();
    if (row.state !== 'done') throw PlatformErrors.IDEMPOTENCY_IN_PROGRESS();
    void reply
      .header('idempotent-replayed', 'true')
      .header('content-type', row.response_type ?? 'application/json; charset=utf-8')
      .status(row.status_code ?? 200)
      .send(row.response_body);
    return reply;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = undefined;
    if (reply.statusCode >= 500) {
      // A server failure is not an answer: free the key so the client's retry runs again.
      await db.execute(sql`delete from idempotency_keys where principal = ${claim.principal} and key = ${claim.key}`);
      return payload;
    }
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    await db.execute(sql`
      update idempotency_keys set state = 'done', status_code = ${reply.statusCode}, response_body = ${body},
        response_type = ${String(reply.getHeader('content-type') ?? '')}
      where principal = ${claim.principal} and key = ${claim.key}`);
    return payload;
  });
}
