import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ErrorBody, IncidentDetail, IncidentSummary, IntakeReceipt, Page } from '@zhili/contracts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import {
  buildAccount,
  buildIncidentCategory,
  buildIncidentRegions,
  buildIntake,
  buildOrganization,
} from '../../../test/builders.ts';
import { invalidateIncidentConfig } from './intake.cache.ts';
import { submitIncident } from './intake.service.ts';
import { transitionIncident } from './lifecycle.service.ts';
import { coversIncident, type IncidentScope } from './visibility.ts';

let t: TestApp;
const s: Record<string, Session> = {};
const ids: Record<string, IntakeReceipt> = {};
let dept: { id: string };

const SYSTEM: Actor = {
  kind: 'system',
  id: null,
  name: 'system',
  grants: [{ role: 'admin', regionPath: null, regionCode: null, organizationId: null }],
};

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.db.db;
  await buildIncidentRegions(db);
  const cat = await buildIncidentCategory(db, { code: 'sanitation', nameZh: '环境卫生' });
  await invalidateIncidentConfig();
  dept = await buildOrganization(db, { name: '环卫处' });
  const accounts: [string, Parameters<typeof buildAccount>[1]][] = [
    ['res', { roles: [{ role: 'resident', regionCode: '330502' }] }],
    ['res2', { roles: [{ role: 'resident', regionCode: '330502' }] }],
    ['gw1', { roles: [{ role: 'grid_worker', regionCode: '330502102201-G01' }] }],
    ['comm', { roles: [{ role: 'community_staff', regionCode: '330502102201' }] }],
    ['lianshi', { roles: [{ role: 'township_staff', regionCode: '330503102' }] }],
    ['dept', { roles: [{ role: 'department_staff', organizationId: dept.id }] }],
    ['disp', { roles: [{ role: 'dispatcher', regionCode: '330502' }] }],
  ];
  const built: Record<string, string> = {};
  for (const [name, opts] of accounts) built[name] = (await buildAccount(db, { username: `v_${name}`, ...opts })).id;
  for (const [name] of accounts) s[name] = await t.login(`v_${name}`);

  const resCtx: Ctx = {
    db,
    actor: {
      kind: 'account',
      id: built.res!,
      name: 'v_res',
      grants: [{ role: 'resident', regionPath: '33/3305/330502', regionCode: '330502', organizationId: null }],
    },
    requestId: null,
    ip: null,
  };
  const at = (regionCode: string, description: string) =>
    buildIntake(cat, { description, location: { address: '某路', lat: null, lng: null, regionCode } });
  ids.g1 = await submitIncident(resCtx, at('330502102201-G01', '一网格垃圾堆放'));
  ids.g2 = await submitIncident(resCtx, at('330502102201-G02', '二网格垃圾堆放'));
  ids.ls = await submitIncident(resCtx, at('330503102201-G01', '练市垃圾堆放'));
  ids.toDept = await submitIncident(resCtx, at('330502102201-G02', '交环卫处'));
  const sys: Ctx = { db, actor: SYSTEM, requestId: null, ip: null };
  await transitionIncident(sys, ids.toDept.id, {
    action: 'dispatch',
    version: 1,
    note: null,
    organizationId: dept.id,
    regionCode: null,
    accountId: null,
    targetId: null,
    lat: null,
    lng: null,
    attachmentIds: [],
    satisfaction: null,
  });
});

afterAll(async () => {
  await t.close();
});

async function visibleTo(who: string, query = ''): Promise<string[]> {
  const res = await t.request(s[who]!, 'GET', `/api/incidents?pageSize=100${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page<IncidentSummary>>().items.map((i) => i.id);
}

describe('who sees which incident', () => {
  it('scopes lists per role and region', async () => {
    const { g1, g2, ls, toDept } = ids;
    expect((await visibleTo('gw1')).sort()).toEqual([g1!.id].sort());
    expect((await visibleTo('comm')).sort()).toEqual([g1!.id, g2!.id, toDept!.id].sort());
    expect(await visibleTo('lianshi')).toEqual([ls!.id]);
    expect(await visibleTo('dept')).toEqual([toDept!.id]);
    expect((await visibleTo('disp')).sort()).toEqual([g1!.id, g2!.id, toDept!.id].sort());
  });

  it('lets a resident list only their own reports, with mine=true', async () => {
    const refused = await t.request(s.res!, 'GET', '/api/incidents');
    expect(refused.statusCode).toBe(403);
    expect((await visibleTo('res', '&mine=true')).length).toBe(4);
    expect(await visibleTo('res2', '&mine=true')).toEqual([]);
  });

  it('shows the reporter unmasked to the reporter and pii.read holders, masked to others', async () => {
    const own = (await t.request(s.res!, 'GET', `/api/incidents/${ids.g1!.id}`)).json<IncidentDetail>();
    expect(own.reporter).toMatchObject({ phone: '13812341234', masked: false });
    const disp = (await t.request(s.disp!, 'GET', `/api/incidents/${ids.g1!.id}`)).json<IncidentDetail>();
    expect(disp.reporter.phone).toBe('13812341234');
    const gw = (await t.request(s.gw1!, 'GET', `/api/incidents/${ids.g1!.id}`)).json<IncidentDetail>();
    expect(gw.reporter).toMatchObject({ phone: '138****1234', name: '张*', masked: true });
    expect(gw.allowedActions).not.toContain('dispatch');
    expect(disp.allowedActions).toEqual(expect.arrayContaining(['respond', 'dispatch', 'whistle']));
  });

  it('refuses other residents and other areas', async () => {
    const other = await t.request(s.res2!, 'GET', `/api/incidents/${ids.g1!.id}`);
    expect(other.statusCode).toBe(403);
    const far = await t.request(s.lianshi!, 'GET', `/api/incidents/${ids.g1!.id}`);
    expect(far.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
    const none = await t.request(s.disp!, 'GET', '/api/incidents/00000000-0000-4000-8000-000000000000');
    expect(none.statusCode).toBe(404);
  });

  it('searches by number, description and address', async () => {
    expect(await visibleTo('disp', `&q=${encodeURIComponent('一网格')}`)).toEqual([ids.g1!.id]);
    expect(await visibleTo('disp', `&q=${ids.g2!.number}`)).toEqual([ids.g2!.id]);
    expect(await visibleTo('disp', '&regionCode=330502102201-G02&sort=deadline_asc')).toHaveLength(2);
  });
});

describe('coversIncident', () => {
  it('a region grant covers exactly the incidents placed or assigned in its subtree', () => {
    const path = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));
    fc.assert(
      fc.property(path, fc.option(path), path, (place, unit, grant) => {
        const actor: Actor = {
          kind: 'account',
          id: 'x',
          name: 'x',
          grants: [{ role: 'grid_worker', regionPath: grant, regionCode: null, organizationId: null }],
        };
        const scope: IncidentScope = {
          regionPath: place,
          assigneeRegionPath: unit,
          assigneeOrganizationId: null,
          assigneeAccountId: null,
          reporterAccountId: null,
          jointOrganizationIds: [],
        };
        const within = (p: string | null) => p !== null && (p === grant || p.startsWith(`${grant}/`));
        expect(coversIncident(actor, 'incident.read', scope)).toBe(within(place) || within(unit));
        // A resident never reads through a grant, whatever the region.
        const resident: Actor = { ...actor, grants: [{ ...actor.grants[0]!, role: 'resident' }] };
        expect(coversIncident(resident, 'incident.read', scope)).toBe(false);
      }),
    );
  });
});
