import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAudit, verifyAudit } from '../../platform/audit.ts';
import { openDatabase } from '../../platform/db/pool.ts';
import type { Db } from '../../platform/db/pool.ts';
import { Scheduler } from '../../platform/scheduler.ts';
import { buildAccount } from '../../../test/builders.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { INCIDENTS_CHANNEL, clockSweepTask, notifyChunks, sweepClocks } from './clocks.sweep.ts';

const COUNTY = '33/3303/330383';
const COMMUNITY = `${COUNTY}/330383198001`;
const GRID = `${COMMUNITY}/330383198001-G01`;
const OTHER = '33/3303/330382';

let tdb: TestDatabase;
let db: Db;
let serial = 0;

async function incident(
  opts: {
    level?: string;
    assigneeRegion?: [string, string] | null;
    accountId?: string | null;
    org?: string | null;
  } = {},
): Promise<string> {
  const id = randomUUID();
  const [code, path] =
    opts.assigneeRegion === undefined ? ['330383198001-G01', GRID] : (opts.assigneeRegion ?? [null, null]);
  await db.execute(sql`
    insert into incidents (id, number, category_code, description, region_code, region_path, tracking_hash, priority,
      channel, status, handling_level, assignee_region_code, assignee_region_path, assignee_account_id,
      assignee_organization_id, received_at, updated_at)
    values (${id}, ${`LG-2026-${String(++serial).padStart(6, '0')}`}, 'sanitation', '垃圾堆放', '330383198001-G01', ${GRID},
      'x', 'normal', 'resident', 'dispatched', ${opts.level ?? 'grid'}, ${code}, ${path}, ${opts.accountId ?? null},
      ${opts.org ?? null}, now(), now())`);
  return id;
}

/** A running clock whose warning and deadline are `warnIn` / `dueIn` ms from now (negative: past). */
async function clock(
  incidentId: string,
  kind: string,
  warnIn: number,
  dueIn: number,
  org: string | null = null,
): Promise<string> {
  const res = await db.execute<{ id: string }>(sql`
    insert into incident_clocks (incident_id, kind, organization_id, state, started_at, warn_at, due_at, check_at, target_ms)
    values (${incidentId}, ${kind}, ${org}, 'running', now() - interval '1 minute',
      now() + make_interval(secs => ${warnIn / 1000}), now() + make_interval(secs => ${dueIn / 1000}),
      now() + make_interval(secs => ${Math.min(warnIn, dueIn) / 1000}), 60000)
    returning id::text as id`);
  return res.rows[0]!.id;
}

async function events(incidentId: string): Promise<{ action: string; note: string; data: Record<string, unknown> }[]> {
  const res = await db.execute<{ action: string; note: string; data: Record<string, unknown> }>(
    sql`select action, note, data from incident_events where incident_id = ${incidentId} order by id`,
  );
  return res.rows;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  await db.execute(sql`
    insert into regions (code, name, level, parent_code, path) values
      ('33', '浙江省', 'province', null, '33'),
      ('3303', '温州市', 'city', '33', '33/3303'),
      ('330383', '龙港市', 'county', '3303', ${COUNTY}),
      ('330383198001', '示范社区', 'community', '330383', ${COMMUNITY}),
      ('330383198001-G01', '第一网格', 'grid', '330383198001', ${GRID}),
      ('330382', '乐清市', 'county', '3303', ${OTHER})`);
});
afterAll(async () => {
  await tdb.drop();
});

describe('clock sweep', () => {
  it('warns once at 80 % and then waits for the deadline', async () => {
    const id = await incident();
    const clockId = await clock(id, 'on_site', -10, 60_000);
    const sut = await sweepClocks(db);
    expect(sut).toEqual({ warned: 1, breached: 0 });
    const row = await db.execute<{ warned: boolean; check_is_due: boolean; version: number }>(sql`
      select c.warned_at is not null as warned, c.check_at = c.due_at as check_is_due, i.version
      from incident_clocks c join incidents i on i.id = c.incident_id where c.id = ${clockId}`);
    expect(row.rows[0]).toEqual({ warned: true, check_is_due: true, version: 1 });
    expect((await events(id)).map((e) => e.action)).toEqual(['clock_warning']);
    expect(await sweepClocks(db)).toEqual({ warned: 0, breached: 0 });
  });

  it('records a breach, escalates grid → community, audits and notifies the assignee and covering dispatchers', async () => {
    const worker = await buildAccount(db, { roles: [{ role: 'grid_worker', regionCode: '330383198001-G01' }] });
    const community = await buildAccount(db, { roles: [{ role: 'community_staff', regionCode: '330383198001' }] });
    const elsewhere = await buildAccount(db, { roles: [{ role: 'dispatcher', regionCode: '330382' }] });
    const disabled = await buildAccount(db, { roles: [{ role: 'dispatcher', regionCode: '330383' }], disabled: true });
    const id = await incident({ accountId: worker.id });
    const clockId = await clock(id, 'dispatch', -2000, -1000);
    expect(await sweepClocks(db)).toEqual({ warned: 0, breached: 1 });

    const c = await db.execute<{ breached: boolean; check_at: string | null; lag_ok: boolean }>(sql`
      select breached_at is not null as breached, check_at, breached_at - due_at < interval '5 seconds' as lag_ok
      from incident_clocks where id = ${clockId}`);
    expect(c.rows[0]).toEqual({ breached: true, check_at: null, lag_ok: true });
    const i = await db.execute(sql`
      select overdue, version, handling_level, escalation_level, assignee_region_code, assignee_region_path
      from incidents where id = ${id}`);
    expect(i.rows[0]).toEqual({
      overdue: true,
      version: 2,
      handling_level: 'community',
      escalation_level: 1,
      assignee_region_code: '330383198001',
      assignee_region_path: COMMUNITY,
    });
    const [e] = await events(id);
    expect(e!.action).toBe('clock_breach');
    expect(e!.data).toMatchObject({
      kind: 'dispatch',
      clockId,
      escalated: { fromLevel: 'grid', toLevel: 'community' },
    });
    expect(typeof e!.data.dueAt).toBe('string');
    expect(e!.note).toContain('派单');

    const audit = await db.execute(
      sql`select actor_name, entity_id from audit_log where action = 'incident.clock_breach'`,
    );
    expect(audit.rows).toEqual([{ actor_name: 'system', entity_id: id }]);
    // Rows written in bulk hash exactly as recordAudit's: the chain seals and verifies.
    await sealAudit(db);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, unsealed: 0 });
    const outbox = await db.execute<{ target: string; kind: string }>(
      sql`select target, payload->>'kind' as kind from outbox where channel = 'in_app' order by target`,
    );
    const targets = outbox.rows.map((r) => r.target).sort();
    expect(targets).toEqual([`account:${community.id}`, `account:${worker.id}`].sort());
    expect(targets).not.toContain(`account:${elsewhere.id}`);
    expect(targets).not.toContain(`account:${disabled.id}`);
    expect(outbox.rows.every((r) => r.kind === 'incident.clock_breach')).toBe(true);
  });

  it('does not escalate on respond breaches; marks report-in members overdue', async () => {
    const id = await incident({ level: 'department', assigneeRegion: null });
    await clock(id, 'respond', -2000, -1000);
    const org = randomUUID();
    await clock(id, 'report_in', -2000, -500, org);
    expect(await sweepClocks(db)).toEqual({ warned: 0, breached: 2 });
    const evs = await events(id);
    expect(evs.map((e) => e.data.kind)).toEqual(['respond', 'report_in']);
    expect(evs[0]!.data.escalated).toBeUndefined();
    expect(evs[1]!.data).toMatchObject({ organizationId: org, memberOverdue: true });
    const i = await db.execute(
      sql`select handling_level, escalation_level, overdue, version from incidents where id = ${id}`,
    );
    expect(i.rows[0]).toEqual({ handling_level: 'department', escalation_level: 0, overdue: true, version: 2 });
  });

  it('leaves stopped and already-breached clocks alone but clears their check_at', async () => {
    const id = await incident();
    const met = await clock(id, 'respond', -2000, -1000);
    await db.execute(sql`update incident_clocks set state = 'met' where id = ${met}`);
    expect(await sweepClocks(db)).toEqual({ warned: 0, breached: 0 });
    const res = await db.execute(sql`select check_at from incident_clocks where id = ${met}`);
    expect(res.rows[0]).toEqual({ check_at: null });
    expect(await events(id)).toEqual([]);
  });

  it('announces every touched incident on the channel once per batch', async () => {
    const listener = new pg.Client({ connectionString: tdb.url });
    await listener.connect();
    const got: unknown[] = [];
    listener.on('notification', (n) => got.push(...(JSON.parse(n.payload ?? '[]') as unknown[])));
    await listener.query(`listen ${INCIDENTS_CHANNEL}`);
    try {
      const a = await incident();
      const b = await incident();
      await clock(a, 'resolve', -2000, -1000);
      await clock(b, 'resolve', -1000, 60_000);
      await sweepClocks(db);
      const deadline = Date.now() + 5000;
      while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(got).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'clock', id: a, status: 'dispatched', version: 2, regionPath: GRID }),
          expect.objectContaining({ type: 'clock', id: b, version: 1 }),
        ]),
      );
    } finally {
      await listener.end();
    }
  });

  it('names the assignee department and the summoned departments in the announcement', async () => {
    const listener = new pg.Client({ connectionString: tdb.url });
    await listener.connect();
    const got: Record<string, unknown>[] = [];
    listener.on('notification', (n) => got.push(...(JSON.parse(n.payload ?? '[]') as Record<string, unknown>[])));
    await listener.query(`listen ${INCIDENTS_CHANNEL}`);
    try {
      const assignee = randomUUID();
      const [summoned, reported] = [randomUUID(), randomUUID()];
      const id = await incident({ level: 'department', assigneeRegion: null, org: assignee });
      const order = await db.execute<{ id: string }>(sql`
        insert into incident_joint_orders (incident_id, note, created_by) values (${id}, '联合处置', 'test')
        returning id::text as id`);
      const orderId = order.rows[0]!.id;
      await db.execute(sql`
        insert into incident_joint_order_members (order_id, organization_id, state, deadline_at, reported_at) values
          (${orderId}, ${summoned}, 'summoned', now(), null), (${orderId}, ${reported}, 'reported', now(), now())`);
      await clock(id, 'report_in', -2000, -500, summoned);
      await sweepClocks(db);
      const deadline = Date.now() + 5000;
      while (!got.some((g) => g.id === id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const sut = got.find((g) => g.id === id);
      expect(sut).toMatchObject({ type: 'clock', assigneeOrganizationId: assignee, assigneeRegionPath: null });
      expect([...(sut?.jointOrganizationIds as string[])].sort()).toEqual([summoned, reported].sort());
    } finally {
      await listener.end();
    }
  });

  it('splits NOTIFY payloads under 7,000 bytes without losing items', () => {
    const items = Array.from({ length: 400 }, (_, k) => ({
      type: 'clock',
      id: randomUUID(),
      number: `LG-2026-${k}`,
      regionPath: GRID,
    }));
    const sut = notifyChunks(items);
    expect(sut.length).toBeGreaterThan(1);
    for (const c of sut) expect(Buffer.byteLength(c)).toBeLessThan(7000);
    expect(sut.flatMap((c) => JSON.parse(c) as unknown[])).toEqual(items);
  });

  it('two concurrent sweepers never process a clock twice', async () => {
    await db.execute(sql`delete from incident_events`);
    // 600 incidents, each with one clock past its deadline and one past its warning only.
    await db.execute(sql`
      insert into incidents (id, number, category_code, description, region_code, region_path, tracking_hash, priority,
        channel, status, handling_level, received_at, updated_at)
      select gen_random_uuid(), 'LG-2026-9' || lpad(g::text, 5, '0'), 'sanitation', 'x', '330383198001-G01', ${GRID}, 'x',
        'normal', 'api', 'dispatched', 'department', now(), now()
      from generate_series(1, 600) g`);
    await db.execute(sql`
      insert into incident_clocks (incident_id, kind, state, started_at, warn_at, due_at, check_at, target_ms)
      select i.id, k.kind, 'running', now() - interval '1 hour', now() - interval '10 seconds',
        case when k.kind = 'resolve' then now() - interval '1 second' else now() + interval '1 hour' end,
        now() - interval '10 seconds' + random() * interval '5 seconds', 60000
      from incidents i cross join (values ('resolve'), ('on_site')) as k(kind)
      where i.number like 'LG-2026-9%'`);
    const other = openDatabase(tdb.url, { max: 3 });
    try {
      const [x, y] = await Promise.all([sweepClocks(db, { limit: 50 }), sweepClocks(other.db, { limit: 50 })]);
      // Whatever the first call left (20-batch cap) the second pass finishes.
      const rest = await sweepClocks(db, { limit: 500 });
      expect(x.breached + y.breached + rest.breached).toBe(600);
      expect(x.warned + y.warned + rest.warned).toBe(600);
      expect(x.breached + x.warned).toBeGreaterThan(0);
      expect(y.breached + y.warned).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
    const dup = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from (
        select data->>'clockId', action from incident_events group by 1, 2 having count(*) > 1) d`);
    expect(dup.rows[0]!.n).toBe(0);
    const counts = await db.execute(
      sql`select action, count(*)::int as n from incident_events group by action order by action`,
    );
    expect(counts.rows).toEqual([
      { action: 'clock_breach', n: 600 },
      { action: 'clock_warning', n: 600 },
    ]);
  });

  it('runs in the platform scheduler and detects a breach well under a second after it', async () => {
    const id = await incident();
    const clockId = await clock(id, 'on_site', 60_000, 400);
    // The warning is later than the deadline here only to test the breach path alone.
    await db.execute(sql`update incident_clocks set check_at = due_at, warned_at = now() where id = ${clockId}`);
    const scheduler = new Scheduler({ db })
      .every(clockSweepTask.name, clockSweepTask.intervalMs, clockSweepTask.run)
      .start();
    try {
      let lag: number | null = null;
      const deadline = Date.now() + 10_000;
      while (lag === null && Date.now() < deadline) {
        const r = await db.execute<{ lag: number | null }>(
          sql`select extract(epoch from breached_at - due_at)::float8 as lag from incident_clocks where id = ${clockId}`,
        );
        lag = r.rows[0]!.lag;
        if (lag === null) await new Promise((res) => setTimeout(res, 50));
      }
      expect(lag).not.toBeNull();
      expect(lag!).toBeLessThan(1);
    } finally {
      await scheduler.stop();
    }
  });
});
