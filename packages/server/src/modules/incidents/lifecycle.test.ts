import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type {
  ErrorBody,
  IncidentDetail,
  IncidentStatus,
  IncidentTrack,
  IntakeReceipt,
  TransitionInput,
} from '@zhili/contracts';
import type { Ctx, Grant } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import {
  buildAccount,
  buildIncidentCategory,
  buildIncidentRegions,
  buildIntake,
  buildOrganization,
  type BuiltAccount,
} from '../../../test/builders.ts';
import { giveFeedback } from './feedback.service.ts';
import { getIncident } from './incidents.service.ts';
import { invalidateIncidentConfig } from './intake.cache.ts';
import { submitIncident } from './intake.service.ts';
import { reportIn, whistle } from './joint.service.ts';
import { onIncidentStatusChange, transitionIncident } from './lifecycle.service.ts';

let t: TestApp;
let dispatcher: Ctx;
let worker: Ctx;
let otherWorker: Ctx;
let deptA: { id: string };
let deptB: { id: string };
let staffA: Ctx;
let staffB: Ctx;
let category: string;
let dispatcherSession: Session;
const seen: { incidentId: string; status: IncidentStatus }[] = [];

function ctxFor(a: BuiltAccount, grants: Grant[]): Ctx {
  return { db: t.db.db, actor: { kind: 'account', id: a.id, name: a.username, grants }, requestId: null, ip: null };
}
const G01 = '33/3305/330502/330502102/330502102201/330502102201-G01';
const G02 = '33/3305/330502/330502102/330502102201/330502102201-G02';

function step(
  action: TransitionInput['action'],
  version: number,
  extra: Partial<TransitionInput> = {},
): TransitionInput {
  return {
    action,
    version,
    note: null,
    organizationId: null,
    regionCode: null,
    accountId: null,
    targetId: null,
    lat: null,
    lng: null,
    attachmentIds: [],
    satisfaction: null,
    ...extra,
  };
}

async function clockStates(id: string): Promise<Record<string, string>> {
  const rows = await t.db.db.execute<{ kind: string; state: string }>(
    sql`select kind, state from incident_clocks where incident_id = ${id} order by id`,
  );
  return Object.fromEntries(rows.rows.map((r) => [r.kind, r.state]));
}

async function file(): Promise<IntakeReceipt> {
  return submitIncident(dispatcher, buildIntake(category));
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.db.db;
  await buildIncidentRegions(db);
  category = await buildIncidentCategory(db, { code: 'dispute', nameZh: '邻里纠纷' });
  await invalidateIncidentConfig();
  deptA = await buildOrganization(db, { name: '城管局' });
  deptB = await buildOrganization(db, { name: '公安分局' });
  const d = await buildAccount(db, { username: 'disp', roles: [{ role: 'dispatcher', regionCode: '330502' }] });
  const w = await buildAccount(db, {
    username: 'gw01',
    roles: [{ role: 'grid_worker', regionCode: '330502102201-G01' }],
  });
  const w2 = await buildAccount(db, {
    username: 'gw02',
    roles: [{ role: 'grid_worker', regionCode: '330502102201-G02' }],
  });
  const sa = await buildAccount(db, {
    username: 'staffa',
    roles: [{ role: 'department_staff', organizationId: deptA.id }],
  });
  const sb = await buildAccount(db, {
    username: 'staffb',
    roles: [{ role: 'department_staff', organizationId: deptB.id }],
  });
  dispatcher = ctxFor(d, [
    { role: 'dispatcher', regionPath: '33/3305/330502', regionCode: '330502', organizationId: null },
  ]);
  worker = ctxFor(w, [{ role: 'grid_worker', regionPath: G01, regionCode: '330502102201-G01', organizationId: null }]);
  otherWorker = ctxFor(w2, [
    { role: 'grid_worker', regionPath: G02, regionCode: '330502102201-G02', organizationId: null },
  ]);
  staffA = ctxFor(sa, [{ role: 'department_staff', regionPath: null, regionCode: null, organizationId: deptA.id }]);
  staffB = ctxFor(sb, [{ role: 'department_staff', regionPath: null, regionCode: null, organizationId: deptB.id }]);
  dispatcherSession = await t.login('disp');
  onIncidentStatusChange(async (e) => {
    // Runs inside the transaction: the change is visible to it.
    const r = await e.tx.execute<{ status: string }>(sql`select status from incidents where id = ${e.incidentId}`);
    expect(r.rows[0]!.status).toBe(e.status);
    seen.push({ incidentId: e.incidentId, status: e.status });
  });
});

afterAll(async () => {
  await t.close();
});

describe('the closed loop', () => {
  it('respond → dispatch → accept → arrive → resolve → follow up → close, with clocks and timeline', async () => {
    const r = await file();
    let d = await transitionIncident(dispatcher, r.id, step('respond', 1));
    expect(await clockStates(r.id)).toMatchObject({ respond: 'met', dispatch: 'running' });
    d = await transitionIncident(dispatcher, r.id, step('dispatch', d.version, { regionCode: '330502102201-G01' }));
    expect(d.status).toBe('dispatched');
    expect(d.assigneeRegionCode).toBe('330502102201-G01');
    expect(await clockStates(r.id)).toEqual({
      respond: 'met',
      dispatch: 'met',
      on_site: 'running',
      resolve: 'running',
    });
    const notice = await t.db.db.execute<{ n: number }>(
      sql`select count(*)::int as n from outbox where target = ${`account:${worker.actor.id}`} and payload->>'link' = ${`/incidents/${r.id}`}`,
    );
    expect(notice.rows[0]!.n).toBe(1);

    d = await transitionIncident(worker, r.id, step('accept', d.version));
    expect(d.assigneeAccountId).toBe(worker.actor.id);
    d = await transitionIncident(worker, r.id, step('arrive', d.version, { lat: 30.8, lng: 119.9 }));
    d = await transitionIncident(worker, r.id, step('resolve', d.version));
    expect(await clockStates(r.id)).toEqual({ respond: 'met', dispatch: 'met', on_site: 'met', resolve: 'met' });
    d = await transitionIncident(dispatcher, r.id, step('follow_up', d.version, { satisfaction: 5 }));
    d = await transitionIncident(dispatcher, r.id, step('close', d.version));
    expect(d.status).toBe('closed');
    expect(d.timeline.map((e) => e.action)).toEqual([
      'receive',
      'respond',
      'dispatch',
      'accept',
      'arrive',
      'resolve',
      'follow_up',
      'close',
    ]);
    expect(d.satisfaction).toBe(5);
    const audit = await t.db.db.execute<{ action: string }>(
      sql`select action from audit_log where entity_id = ${r.id} order by id`,
    );
    expect(audit.rows.map((a) => a.action)).toHaveLength(8);
    expect(seen.filter((s) => s.incidentId === r.id).map((s) => s.status)).toEqual([
      'responded',
      'dispatched',
      'accepted',
      'on_site',
      'resolved',
      'followed_up',
      'closed',
    ]);
  });

  it('refuses a stale version with the current one in the details (HTTP 409)', async () => {
    const r = await file();
    await transitionIncident(dispatcher, r.id, step('respond', 1));
    const res = await t.request(
      dispatcherSession,
      'POST',
      `/api/incidents/${r.id}/transitions`,
      step('hold', 1, { note: '等待' }),
    );
    expect(res.statusCode).toBe(409);
    const body = res.json<ErrorBody>();
    expect(body.code).toBe('INCIDENT_STALE');
    expect(body.details.find((x) => x.path === 'currentVersion')?.message).toBe('2');
  });

  it('refuses invalid transitions and missing reasons', async () => {
    const r = await file();
    await expect(transitionIncident(dispatcher, r.id, step('close', 1))).rejects.toMatchObject({
      code: 'INCIDENT_INVALID_TRANSITION',
    });
    const err = (await transitionIncident(dispatcher, r.id, step('hold', 1)).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('INCIDENT_REASON_REQUIRED');
    expect(err.details[0]!.path).toBe('body.note');
  });

  it('hold pauses the clocks and resume restarts them', async () => {
    const r = await file();
    const held = await transitionIncident(dispatcher, r.id, step('hold', 1, { note: '等待报告人补充材料' }));
    expect(held.status).toBe('on_hold');
    expect(await clockStates(r.id)).toEqual({ respond: 'paused', dispatch: 'paused' });
    const paused = await t.db.db.execute<{ remaining_ms: number; check_at: string | null }>(
      sql`select remaining_ms, check_at from incident_clocks where incident_id = ${r.id}`,
    );
    expect(paused.rows.every((c) => c.remaining_ms > 0 && c.check_at === null)).toBe(true);
    const resumed = await transitionIncident(dispatcher, r.id, step('resume', held.version));
    expect(resumed.status).toBe('received');
    expect(await clockStates(r.id)).toEqual({ respond: 'running', dispatch: 'running' });
  });

  it('return needs a reason and starts a new dispatch clock; escalate moves the unit up', async () => {
    const r = await file();
    let d = await transitionIncident(dispatcher, r.id, step('dispatch', 1, { regionCode: '330502102201-G01' }));
    await expect(transitionIncident(worker, r.id, step('return', d.version))).rejects.toMatchObject({
      code: 'INCIDENT_REASON_REQUIRED',
    });
    d = await transitionIncident(worker, r.id, step('return', d.version, { note: '不属于本网格' }));
    expect(d.status).toBe('responded');
    expect(d.assigneeRegionCode).toBeNull();
    const kinds = await t.db.db.execute<{ kind: string; state: string }>(
      sql`select kind, state from incident_clocks where incident_id = ${r.id} and kind = 'dispatch' order by id`,
    );
    expect(kinds.rows.map((k) => k.state)).toEqual(['met', 'running']);
    d = await transitionIncident(dispatcher, r.id, step('escalate', d.version, { note: '网格处置不了' }));
    expect(d.handlingLevel).toBe('community');
    expect(d.escalationLevel).toBe(1);
    expect(d.assigneeRegionCode).toBe('330502102201');
    d = await transitionIncident(dispatcher, r.id, step('escalate', d.version, { note: '社区处置不了' }));
    expect([d.handlingLevel, d.assigneeRegionCode, d.escalationLevel]).toEqual(['township', '330502102', 2]);
  });

  it('merges a duplicate and cancels its clocks', async () => {
    const a = await file();
    const b = await file();
    const d = await transitionIncident(dispatcher, b.id, step('merge', 1, { targetId: a.id }));
    expect(d.status).toBe('merged');
    expect(d.mergedIntoId).toBe(a.id);
    expect(Object.values(await clockStates(b.id))).toEqual(['cancelled', 'cancelled']);
    await expect(transitionIncident(dispatcher, a.id, step('merge', 1, { targetId: a.id }))).rejects.toMatchObject({
      code: 'INCIDENT_MERGE_INVALID',
    });
  });

  it('keeps handlers to their own unit', async () => {
    const r = await file();
    const d = await transitionIncident(dispatcher, r.id, step('dispatch', 1, { regionCode: '330502102201-G01' }));
    await expect(transitionIncident(otherWorker, r.id, step('accept', d.version))).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
    await expect(transitionIncident(worker, r.id, step('close', d.version))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('whistle and report-in', () => {
  it('summons departments with report_in clocks; each reports in once', async () => {
    const r = await file();
    const d = await whistle(dispatcher, r.id, {
      version: 1,
      organizationIds: [deptA.id, deptB.id],
      note: '联合处置',
      reportInMinutes: 30,
    });
    expect(d.jointOrders).toHaveLength(1);
    expect(d.jointOrders[0]!.members.map((m) => m.state)).toEqual(['summoned', 'summoned']);
    expect(d.clocks.filter((c) => c.kind === 'report_in')).toHaveLength(2);
    // The summoned department now sees the incident and may report in.
    const seenByA = await getIncident(staffA, r.id);
    expect(seenByA.allowedActions).toContain('report_in');
    const after = await reportIn(staffA, r.id, { organizationId: deptA.id, note: '已到场' });
    const a = after.jointOrders[0]!.members.find((m) => m.organizationId === deptA.id)!;
    expect(a.state).toBe('reported');
    expect(after.clocks.find((c) => c.kind === 'report_in' && c.organizationId === deptA.id)!.state).toBe('met');
    await expect(reportIn(staffA, r.id, { organizationId: deptA.id, note: null })).rejects.toMatchObject({
      code: 'INCIDENT_NOT_SUMMONED',
    });
    await expect(reportIn(staffA, r.id, { organizationId: deptB.id, note: null })).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
    await reportIn(staffB, r.id, { organizationId: deptB.id, note: null });
  });
});

describe('feedback and tracking', () => {
  async function resolved(): Promise<{ receipt: IntakeReceipt; version: number }> {
    const receipt = await file();
    let d: IncidentDetail = await transitionIncident(
      dispatcher,
      receipt.id,
      step('dispatch', 1, { regionCode: '330502102201-G01' }),
    );
    d = await transitionIncident(worker, receipt.id, step('accept', d.version));
    d = await transitionIncident(worker, receipt.id, step('arrive', d.version));
    d = await transitionIncident(worker, receipt.id, step('resolve', d.version));
    return { receipt, version: d.version };
  }

  it('rates with the tracking code (public route) and refuses a wrong code', async () => {
    const { receipt } = await resolved();
    const wrong = await t.request(null, 'POST', `/api/incidents/${receipt.number}/feedback`, {
      trackingCode: 'WRONGCODE1',
      satisfaction: 4,
    });
    expect(wrong.statusCode).toBe(404);
    const ok = await t.request(null, 'POST', `/api/incidents/${receipt.number}/feedback`, {
      trackingCode: receipt.trackingCode,
      satisfaction: 4,
      comment: '处理及时',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const d = await getIncident(dispatcher, receipt.id);
    expect(d.status).toBe('followed_up');
    expect(d.satisfaction).toBe(4);
    const track = await t.request(null, 'GET', `/api/incidents/track/${receipt.number}?code=${receipt.trackingCode}`);
    expect(track.statusCode).toBe(200);
    expect(track.json<IncidentTrack>().timeline.map((e) => e.action)).toContain('follow_up');
    expect(track.body).not.toContain('13812341234');
    // A wrong code is refused, naming the query parameter it came in.
    const guess = await t.request(null, 'GET', `/api/incidents/track/${receipt.number}?code=WRONG-CODE`);
    expect(guess.statusCode).toBe(404);
    expect(guess.json<ErrorBody>().details[0]?.path).toBe('query.code');
  });

  it('reopens when the reporter says it is not fixed', async () => {
    const { receipt } = await resolved();
    await giveFeedback(
      { ...dispatcher, actor: { kind: 'anonymous', id: null, name: 'anonymous', grants: [] } },
      receipt.id,
      {
        trackingCode: receipt.trackingCode,
        satisfaction: null,
        comment: '还是很吵',
        reopen: true,
      },
    );
    const d = await getIncident(dispatcher, receipt.id);
    expect(d.status).toBe('dispatched');
    expect(d.timeline.at(-1)).toMatchObject({ action: 'reopen', note: '还是很吵', actorName: '报告人' });
    expect(d.clocks.filter((c) => c.kind === 'resolve').map((c) => c.state)).toEqual(['met', 'running']);
  });
});
