/**
 * The baseline of bench/intake.bench.ts: a bare Fastify + pg endpoint that inserts the request
 * body as one row of its own table and answers 201 — what any HTTP intake costs before it does
 * anything of its own. Run as its own process, like zhili, with the same pool size.
 *
 * Env: BARE_DATABASE_URL (required). Prints `listening <url>` once ready.
 */
import Fastify from 'fastify';
import pg from 'pg';

const url = process.env.BARE_DATABASE_URL;
if (!url) throw new Error('BARE_DATABASE_URL is required');
const pool = new pg.Pool({ connectionString: url, max: 10 });
pool.on('error', () => undefined);
await pool.query(`create table if not exists bench_bare_insert (
  id bigserial primary key, idempotency_key text, payload jsonb not null, created_at timestamptz not null default now())`);

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/api/incidents', async (req, reply) => {
  const key = req.headers['idempotency-key'];
  const r = await pool.query<{ id: string }>(
    'insert into bench_bare_insert (idempotency_key, payload) values ($1, $2) returning id',
    [typeof key === 'string' ? key : null, JSON.stringify(req.body)],
  );
  return reply.status(201).send({ id: r.rows[0]?.id });
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
const stop = () => {
  void app.close().then(() => pool.end().then(() => process.exit(0)));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
