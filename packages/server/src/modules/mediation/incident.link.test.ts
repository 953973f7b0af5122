import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, IncidentDetail } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import {
  buildAccount,
  buildCaseInput,
  buildDispatchRule,
  buildIncidentCategory,
  buildIncidentRegions,
} from '../../../test/builders.ts';

/** A required list attribute, as the demo's 矛盾纠纷 asks for its 纠纷类型. */
const REQUIRED_TYPE = {
  code: 'dispute_type',
  variable: true,
  datatype: 'singlevaluelist',
  required: true,
  datatypeDescription: null,
  order: 1,
  description: '纠纷类型 / dispute type',
  values: [{ key: 'other', name: '其他' }],
};

describe('mediation ↔ incident link: the category a direct case files under', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildIncidentRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'admin', roles: [{ role: 'admin', regionCode: null }] });
    admin = await t.login('admin');
    // Listed first (same group, code 'a…'), but a mediation-filed incident cannot fill its attribute.
    await buildIncidentCategory(t.db.db, {
      code: 'a-dispute',
      groupName: '矛盾纠纷',
      dispute: true,
      handlingLevel: 'community',
      attributes: [REQUIRED_TYPE],
    });
    await buildIncidentCategory(t.db.db, {
      code: 'b-neighbour',
      groupName: '矛盾纠纷',
      dispute: true,
      handlingLevel: 'community',
      onSiteRequired: false,
    });
    await buildDispatchRule(t.db.db, { categoryCode: 'b-neighbour', handlingLevel: 'community' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('files under the first dispute category that needs no details when none is asked for', async () => {
    const res = await t.request(admin, 'POST', '/api/mediation/cases', buildCaseInput({ fileIncident: true }));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json<CaseDetail>();
    expect(c.incidentId).not.toBeNull();
    const incident = (await t.request(admin, 'GET', `/api/incidents/${c.incidentId}`)).json<IncidentDetail>();
    expect(incident).toMatchObject({ categoryCode: 'b-neighbour', channel: 'mediation', mediationCaseId: c.id });
  });

  it('still files under a category asked for by name', async () => {
    const res = await t.request(
      admin,
      'POST',
      '/api/mediation/cases',
      buildCaseInput({ fileIncident: true, incidentCategoryCode: 'b-neighbour' }),
    );
    expect(res.statusCode, res.body).toBe(201);
  });
});
