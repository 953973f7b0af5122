import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { IncidentIntake, IntakeReceipt } from '@zhili/contracts';
import { startEmbedded } from '../packages/server/src/platform/db/embedded.ts';
import { loginClient, startZhili, type ZhiliProcess } from './zhili-process.ts';

const PASSWORD = 'Crash-test-2026';
const ENV = { ZHILI_DEMO_PASSWORD: PASSWORD, ZHILI_DEMO_SIMULATE: '0' };

/** Auto-dispatched at intake by a rule: must carry exactly one 'dispatch' event. */
const AUTO = 'crash-auto';
/** No rule: stays received, its 2-second respond clock must breach after the restart. */
const SLOW = 'crash-slow';

const fast = { respondSeconds: 2, dispatchSeconds: 3, onSiteSeconds: null, resolveSeconds: 3600, calendar: null };
const category = (code: string, nameZh: string) => ({
  code,
  nameZh,
  nameEn: code,
  handlingLevel: 'community',
  onSiteRequired: false,
  clocks: { normal: fast, high: fast, urgent: fast, low: fast },
});

interface Sent {
  key: string;
  body: IncidentIntake;
  id: string | null;
}

function intake(i: number): IncidentIntake {
  return {
    categoryCode: i % 2 === 0 ? AUTO : SLOW,
    description: `压力测试事件 ${i}：新城社区世纪大道路口有情况需要处理。`,
    location: { address: '龙港市世纪大道', lat: 27.58, lng: 120.55, regionCode: '330383198001-G02' },
    reporter: { name: null, phone: null, email: null, anonymous: true },
    priority: null,
    channel: 'api',
    attributes: {},
    attachmentIds: [],
    mediaUrl: null,
    sourceRef: `crash-${randomUUID()}`,
  };
}

async function post(url: string, apiKey: string, s: Sent): Promise<IntakeReceipt | null> {
  const res = await fetch(`${url}/api/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'idempotency-key': s.key, 'content-type': 'application/json' },
    body: JSON.stringify(s.body),
  });
  if (res.status !== 201) throw new Error(`intake ${res.status}: ${await res.text()}`);
  return (await res.json()) as IntakeReceipt;
}

const postmasterPid = (dataDir: string) =>
  Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

/** SIGKILLs zhili and its PostgreSQL during an intake load: no acknowledged incident lost or doubled, clocks still fire. */
describe('incident intake across a crash', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhili-incidents-crash-'));
  let server: ZhiliProcess | undefined;
  let db: pg.Client | undefined;

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    if (server && server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged incident once, dispatches none twice, and fires clocks after restart', async () => {
    server = await startZhili({ dataDir, env: ENV });
    const admin = await loginClient(server.url, 'admin', PASSWORD);
    for (const c of [category(AUTO, '压测-自动派单'), category(SLOW, '压测-待响应')]) {
      expect((await admin.call('POST', '/api/incident-categories', c)).status).toBe(201);
    }
    const rule = { categoryCode: AUTO, regionCode: '330383', handlingLevel: 'community', autoDispatch: true };
    expect((await admin.call('POST', '/api/dispatch-rules', rule)).status).toBe(201);
    const created = await admin.call('POST', '/api/apikeys', {
      name: 'crash',
      role: 'dispatcher',
      regionCode: '330383',
    });
    const { key: apiKey } = (await created.json()) as { key: string };

    const sent: Sent[] = [];
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const s: Sent = { key: randomUUID(), body: intake(sent.length), id: null };
        sent.push(s);
        try {
          s.id = (await post(server?.url ?? '', apiKey, s))?.id ?? null;
        } catch {
          return; // the kill: this request's fate is unknown until it is retried
        }
      }
    };
    const writers = Array.from({ length: 8 }, () => writer());
    for (const t0 = Date.now(); sent.filter((s) => s.id).length < 200 && Date.now() - t0 < 30_000;) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const pid = postmasterPid(dataDir);
    server.proc.kill('SIGKILL');
    process.kill(pid, 'SIGKILL');
    stop = true;
    await server.exited;
    await Promise.all(writers);
    const acknowledged = sent.filter((s) => s.id !== null);
    const unknown = sent.filter((s) => s.id === null);
    expect(acknowledged.length).toBeGreaterThan(50);
    console.log(`killed with ${acknowledged.length} acknowledged and ${unknown.length} unanswered intakes`);

    server = await startZhili({ dataDir, env: ENV });
    // Every request without an answer is retried with its own key and body: at most one incident results.
    for (const s of unknown) s.id = (await post(server.url, apiKey, s))?.id ?? null;

    const cluster = await startEmbedded({ dataDir });
    db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    const refs = sent.map((s) => s.body.sourceRef);
    const rows = await db.query<{ id: string; source_ref: string }>(
      'select id, source_ref from incidents where source_ref = any($1)',
      [refs],
    );
    const byRef = new Map(rows.rows.map((r) => [r.source_ref, r.id]));
    expect(rows.rows.length).toBe(byRef.size); // no source ref twice
    expect(rows.rows.length).toBe(sent.length); // every request, acknowledged or retried, stored once
    for (const s of sent) expect(byRef.get(s.body.sourceRef ?? '')).toBe(s.id);

    const doubled = await db.query<{ n: number }>(
      `select count(*)::int as n from (select e.incident_id from incident_events e join incidents i on i.id = e.incident_id
        where i.source_ref = any($1) and e.action = 'dispatch' group by e.incident_id having count(*) > 1) d`,
      [refs],
    );
    expect(doubled.rows[0]?.n).toBe(0);
    const autos = await db.query<{ n: number }>(
      `select count(*)::int as n from incidents where source_ref = any($1) and category_code = $2 and status <> 'dispatched'`,
      [refs, AUTO],
    );
    expect(autos.rows[0]?.n).toBe(0);

    // Clocks survive the crash: every unresponded incident's 2 s respond clock breaches.
    const slow = sent.filter((s) => s.body.categoryCode === SLOW).map((s) => s.id);
    let missing = slow.length;
    for (const t0 = Date.now(); missing > 0 && Date.now() - t0 < 20_000;) {
      await new Promise((r) => setTimeout(r, 500));
      const r = await db.query<{ n: number }>(
        `select count(*)::int as n from unnest($1::uuid[]) as s(id)
          where not exists (select 1 from incident_events e where e.incident_id = s.id and e.action = 'clock_breach')`,
        [slow],
      );
      missing = r.rows[0]?.n ?? slow.length;
    }
    expect(missing).toBe(0);
  }, 300_000);
});
