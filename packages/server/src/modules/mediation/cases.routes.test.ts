import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AssignmentApplied,
  AssignmentPlan,
  CaseDetail,
  CaseSummary,
  IncidentDetail,
  MatchPanel,
  MediationStats,
  Mediator,
  Page,
  TimeLimit,
} from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import {
  buildAccount,
  buildCaseInput,
  buildDispatchRule,
  buildIncidentCategory,
  buildIncidentRegions,
  buildMediatorInput,
} from '../../../test/builders.ts';
import { sweepCaseClocks } from './clock.sweep.ts';

interface ErrorBody {
  code: string;
  details: { path: string; code: string; message: string }[];
}

/** The text of a PDF, through poppler's pdftotext when installed (null otherwise). */
function pdfText(pdf: Buffer): string | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhili-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } catch {
    return null;
  }
}

describe('mediation API: cases, matching, assignment, documents', () => {
  let t: TestApp;
  let mediator: Session;
  let township: Session;
  let otherTownship: Session;
  let admin: Session;
  const med: Record<string, Mediator> = {};

  const newCase = async (session: Session, overrides = {}) => {
    const res = await t.request(session, 'POST', '/api/mediation/cases', buildCaseInput(overrides));
    expect(res.statusCode, res.body).toBe(201);
    return res.json<CaseDetail>();
  };
  const step = (session: Session, c: { id: string; version: number }, body: Record<string, unknown>) =>
    t.request(session, 'POST', `/api/mediation/cases/${c.id}/transitions`, { version: c.version, ...body });

  beforeAll(async () => {
    t = await buildTestApp();
    await buildIncidentRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'm.miaoxi', roles: [{ role: 'mediator', regionCode: '330502102' }] });
    await buildAccount(t.db.db, { username: 's.miaoxi', roles: [{ role: 'township_staff', regionCode: '330502102' }] });
    await buildAccount(t.db.db, {
      username: 's.lianshi',
      roles: [{ role: 'township_staff', regionCode: '330503102' }],
    });
    await buildAccount(t.db.db, { username: 'admin', roles: [{ role: 'admin', regionCode: null }] });
    mediator = await t.login('m.miaoxi');
    township = await t.login('s.miaoxi');
    otherTownship = await t.login('s.lianshi');
    admin = await t.login('admin');
    for (const [key, body] of [
      ['anhui', buildMediatorInput({ name: '安徽老乡调解员', hometownCode: '341221', dialects: ['皖北话'] })],
      [
        'hubei',
        buildMediatorInput({
          name: '湖北老乡调解员',
          hometownCode: '420106',
          hometownName: '湖北省武汉市武昌区',
          dialects: ['武汉话'],
          expertise: ['labour_injury'],
        }),
      ],
      [
        'guizhou',
        buildMediatorInput({
          name: '贵州老乡调解员',
          hometownCode: '520102',
          dialects: ['贵州话'],
          expertise: ['neighbour'],
          capacity: 1,
        }),
      ],
    ] as const) {
      const res = await t.request(mediator, 'POST', '/api/mediation/mediators', body);
      expect(res.statusCode, res.body).toBe(201);
      med[key] = res.json<Mediator>();
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a case in another street with OUT_OF_SCOPE and hides it from that street', async () => {
    const refused = await t.request(otherTownship, 'POST', '/api/mediation/cases', buildCaseInput());
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
    const c = await newCase(mediator);
    const get = await t.request(otherTownship, 'GET', `/api/mediation/cases/${c.id}`);
    expect(get.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
    const list = await t.request(otherTownship, 'GET', '/api/mediation/cases');
    expect(list.json<Page<CaseSummary>>().total).toBe(0);
  });

  it('needs an applicant and a respondent', async () => {
    const one = buildCaseInput();
    const res = await t.request(mediator, 'POST', '/api/mediation/cases', {
      ...one,
      parties: [one.parties[0], { ...one.parties[0], name: '另一人' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().details[0]?.path).toBe('body.parties');
  });

  it('runs a cross-province injury case from registration to close, with a panel and documents', async () => {
    const c = await newCase(mediator);
    expect(c).toMatchObject({
      status: 'registered',
      crossProvince: true,
      partyNames: '王某（示例） 与 某袜业公司（示例）',
    });
    expect(c.number).toMatch(/^TJ-\d{4}-\d{6}$/);
    expect(c.clock).toMatchObject({ limitDays: 30, colour: 'ok', daysLeft: 30 });
    expect(c.parties[0]?.phone).toBe('138****1234');
    expect(c.parties[0]?.masked).toBe(true);

    const panel = await t.request(mediator, 'GET', `/api/mediation/cases/${c.id}/matches`);
    expect(panel.statusCode, panel.body).toBe(200);
    const p = panel.json<MatchPanel>();
    expect(p.ranked[0]?.mediator.name).toBe('安徽老乡调解员');
    expect(p.ranked[0]?.parts.find((x) => x.key === 'hometown')?.points).toBeGreaterThan(0);
    expect(p.panel.map((x) => [x.provinceCode, x.mediator?.mediator.name])).toEqual([
      ['34', '安徽老乡调解员'],
      ['42', '湖北老乡调解员'],
    ]);

    const assign = await t.request(mediator, 'POST', `/api/mediation/cases/${c.id}/assign`, {
      version: c.version,
      mediators: p.panel.map((x) => ({ mediatorId: x.mediator!.mediator.id, forPartyId: x.partyId })),
    });
    expect(assign.statusCode, assign.body).toBe(200);
    let d = assign.json<CaseDetail>();
    expect(d.status).toBe('matched');
    expect(d.mediators.map((m) => [m.name, m.role])).toEqual([
      ['安徽老乡调解员', 'lead'],
      ['湖北老乡调解员', 'member'],
    ]);

    const tooEarly = await t.request(mediator, 'GET', `/api/mediation/cases/${c.id}/documents/agreement.pdf`);
    expect(tooEarly.json<ErrorBody>().code).toBe('DOCUMENT_UNAVAILABLE');

    const session = await t.request(mediator, 'POST', `/api/mediation/cases/${c.id}/sessions`, {
      version: d.version,
      heldAt: '2026-03-02T09:00:00+08:00',
      place: '妙西镇人民调解委员会调解室',
      summary: '双方用家乡话沟通，就医疗费和误工费初步达成一致。',
    });
    expect(session.statusCode, session.body).toBe(201);
    d = session.json<CaseDetail>();
    expect(d.status).toBe('in_session');
    expect(d.sessions[0]?.mediatorIds).toHaveLength(2);

    const noTerms = await step(mediator, d, { action: 'agree' });
    expect(noTerms.json<ErrorBody>()).toMatchObject({ code: 'CASE_FIELD_REQUIRED', details: [{ path: 'body.terms' }] });
    const agreed = await step(mediator, d, {
      action: 'agree',
      terms: ['乙方一次性支付甲方医疗费、误工费等共计人民币陆万元整', '甲方收到款项后不再就此事主张其他权利'],
      amountAgreed: 60000,
      performBy: '2026-03-31',
    });
    expect(agreed.statusCode, agreed.body).toBe(200);
    d = agreed.json<CaseDetail>();
    expect(d).toMatchObject({ status: 'agreement', documents: ['agreement', 'judicial_confirmation'] });
    expect(d.clock.colour).toBe('met');
    expect(d.clock.stoppedAt).not.toBeNull();

    for (const doc of ['agreement', 'judicial-confirmation']) {
      const pdf = await t.request(mediator, 'GET', `/api/mediation/cases/${c.id}/documents/${doc}.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const text = pdfText(pdf.rawPayload);
      if (text !== null) {
        expect(text).toContain(doc === 'agreement' ? '人民调解协议书' : '司法确认申请书');
        expect(text).toContain('王某（示例）');
        expect(text).toContain('某袜业公司（示例）');
        expect(text).toContain('妙西镇人民调解委员会');
      }
    }

    const stale = await step(mediator, { id: c.id, version: 1 }, { action: 'comment', note: '迟到的备注' });
    expect(stale.json<ErrorBody>().code).toBe('CASE_STALE');
    const follow = await step(mediator, d, {
      action: 'follow_up',
      note: '已电话回访，款项已付清',
      satisfied: true,
      performance: 'performed',
    });
    d = follow.json<CaseDetail>();
    expect(d).toMatchObject({ status: 'follow_up', followUp: { satisfied: true } });
    expect(d.agreement?.performance).toBe('performed');
    const closed = await step(mediator, d, { action: 'close' });
    d = closed.json<CaseDetail>();
    expect(d.status).toBe('closed');
    expect(d.allowedActions).toEqual(['comment']);
    expect(d.timeline.map((e) => e.action)).toEqual(['register', 'assign', 'session', 'agree', 'follow_up', 'close']);
    const again = await step(mediator, d, { action: 'agree', terms: ['x'] });
    expect(again.json<ErrorBody>().code).toBe('CASE_INVALID_TRANSITION');
  });

  it('fails and refers with the fields they need', async () => {
    const c = await newCase(mediator, { type: 'wage_arrears' });
    const refer = await step(mediator, c, { action: 'refer' });
    expect(refer.json<ErrorBody>().details[0]?.path).toBe('body.referralTarget');
    const referred = await step(mediator, c, {
      action: 'refer',
      referralTarget: 'labour_inspection',
      note: '移送劳动监察',
    });
    expect(referred.json<CaseDetail>()).toMatchObject({
      status: 'referred',
      referral: { target: 'labour_inspection' },
    });
    const d = await newCase(mediator);
    const fail = await step(mediator, d, { action: 'fail', note: '未匹配' });
    expect(fail.json<ErrorBody>().code).toBe('CASE_INVALID_TRANSITION');
  });

  it('refuses a mediator at capacity', async () => {
    const first = await newCase(mediator);
    const ok = await t.request(mediator, 'POST', `/api/mediation/cases/${first.id}/assign`, {
      version: first.version,
      mediators: [{ mediatorId: med.guizhou!.id }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const second = await newCase(mediator);
    const full = await t.request(mediator, 'POST', `/api/mediation/cases/${second.id}/assign`, {
      version: second.version,
      mediators: [{ mediatorId: med.guizhou!.id }],
    });
    expect(full.statusCode).toBe(409);
    expect(full.json<ErrorBody>().code).toBe('MEDIATOR_AT_CAPACITY');
  });

  it('plans an optimal batch for registered cases, then applies it (manage only)', async () => {
    const refused = await t.request(mediator, 'POST', '/api/mediation/assignments/plan', { regionCode: '330502102' });
    expect(refused.json<ErrorBody>().code).toBe('FORBIDDEN');
    const plan = await t.request(township, 'POST', '/api/mediation/assignments/plan', { regionCode: '330502102' });
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json<AssignmentPlan>();
    // Anhui and Hubei take 3 each (their open cases count); Guizhou is full.
    expect(p.cases).toBeGreaterThan(0);
    expect(p.assignments.every((a) => a.mediatorId !== med.guizhou!.id)).toBe(true);
    expect(p.assignments.length + p.unassigned.length).toBe(p.cases);
    expect(p.total).toBeCloseTo(
      p.assignments.reduce((s, a) => s + a.score, 0),
      3,
    );
    const apply = await t.request(township, 'POST', '/api/mediation/assignments/apply', {
      assignments: p.assignments.map((a) => ({ caseId: a.caseId, mediatorId: a.mediatorId })),
    });
    expect(apply.statusCode, apply.body).toBe(200);
    expect(apply.json<AssignmentApplied>()).toEqual({ applied: p.assignments.length, skipped: [] });
    const twice = await t.request(township, 'POST', '/api/mediation/assignments/apply', {
      assignments: p.assignments.slice(0, 1).map((a) => ({ caseId: a.caseId, mediatorId: a.mediatorId })),
    });
    expect(twice.json<AssignmentApplied>().skipped).toHaveLength(1);
  });

  it('warns at 80 % and records the breach of the statutory limit in the sweep', async () => {
    const c = await newCase(mediator);
    await t.db.pool.query(
      `update mediation_cases set clock_warn_at = now() - interval '1 hour', clock_check_at = now() - interval '1 hour' where id = $1`,
      [c.id],
    );
    expect(await sweepCaseClocks(t.db.db)).toEqual({ warned: 1, breached: 0 });
    expect(await sweepCaseClocks(t.db.db)).toEqual({ warned: 0, breached: 0 });
    await t.db.pool.query(
      `update mediation_cases set clock_due_at = now() - interval '1 minute', clock_check_at = now() - interval '1 minute' where id = $1`,
      [c.id],
    );
    expect(await sweepCaseClocks(t.db.db)).toEqual({ warned: 0, breached: 1 });
    const d = (await t.request(mediator, 'GET', `/api/mediation/cases/${c.id}`)).json<CaseDetail>();
    expect(d.clock.colour).toBe('breached');
    expect(d.timeline.map((e) => e.action)).toEqual(['register', 'clock_warning', 'clock_breach']);
    const overdue = await t.request(mediator, 'GET', '/api/mediation/cases?overdue=true');
    expect(overdue.json<Page<CaseSummary>>().items.map((x) => x.id)).toEqual([c.id]);
  });

  it('configures the time limit per type (global manage) for new cases', async () => {
    const refused = await t.request(township, 'PUT', '/api/mediation/time-limits', {
      limits: [{ type: 'neighbour', days: 15 }],
    });
    expect(refused.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
    const ok = await t.request(admin, 'PUT', '/api/mediation/time-limits', {
      limits: [{ type: 'neighbour', days: 15 }],
    });
    expect(ok.json<{ items: TimeLimit[] }>().items.find((l) => l.type === 'neighbour')).toEqual({
      type: 'neighbour',
      days: 15,
      isDefault: false,
      warningShare: 0.8,
    });
    const c = await newCase(mediator, { type: 'neighbour' });
    expect(c.clock.limitDays).toBe(15);
  });

  it('files a governance-centre incident for a direct case and resolves it with the outcome', async () => {
    await buildIncidentCategory(t.db.db, {
      code: 'dispute.labour',
      dispute: true,
      handlingLevel: 'community',
      onSiteRequired: false,
    });
    await buildDispatchRule(t.db.db, { categoryCode: 'dispute.labour', handlingLevel: 'community' });
    const c = await newCase(admin, { fileIncident: true });
    expect(c.incidentId).not.toBeNull();
    expect(c.incidentNumber).toBeTruthy();
    const linked = await t.request(admin, 'POST', '/api/mediation/cases', buildCaseInput({ incidentId: c.incidentId }));
    expect(linked.json<ErrorBody>().code).toBe('INCIDENT_ALREADY_LINKED');
    const assigned = await t.request(admin, 'POST', `/api/mediation/cases/${c.id}/assign`, {
      version: c.version,
      mediators: [{ mediatorId: med.hubei!.id }],
    });
    const d = assigned.json<CaseDetail>();
    const agreed = await step(admin, d, { action: 'agree', terms: ['赔偿五万元'] });
    expect(agreed.statusCode, agreed.body).toBe(200);
    const incident = await t.request(admin, 'GET', `/api/incidents/${c.incidentId}`);
    expect(incident.json<IncidentDetail>().status).toBe('resolved');
    const timeline = agreed.json<CaseDetail>().timeline;
    expect(timeline.filter((e) => e.action === 'incident_status').length).toBeGreaterThan(0);
  });

  it('reports statistics by type, success rate and mediator province', async () => {
    const res = await t.request(mediator, 'GET', '/api/mediation/stats');
    const s = res.json<MediationStats>();
    expect(s.total).toBeGreaterThan(5);
    expect(s.settled).toBe(2);
    expect(s.referred).toBe(1);
    expect(s.successRate).toBe(0.6667);
    expect(s.byType.find((x) => x.type === 'labour_injury')?.total).toBeGreaterThan(0);
    expect(s.byMediatorProvince.map((x) => x.provinceCode)).toContain('34');
  });
});
