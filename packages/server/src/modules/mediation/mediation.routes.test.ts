import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AntiFraudTrend,
  CorpsDetail,
  Mediator,
  MediationImportResult,
  MediationStats,
  Outreach,
  Page,
  Pool,
  PoolHealthList,
  TeamLeader,
  TrainingBatch,
} from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildIncidentRegions, buildMediatorInput } from '../../../test/builders.ts';

interface ErrorBody {
  code: string;
  details: { path: string; code: string; message: string }[];
}

describe('mediation API: registry, pools, corps, imports (roles and scope)', () => {
  let t: TestApp;
  let mediator: Session;
  let township: Session;
  let otherTownship: Session;
  let dispatcher: Session;
  let resident: Session;
  let mediatorId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildIncidentRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'm.miaoxi', roles: [{ role: 'mediator', regionCode: '330502102' }] });
    await buildAccount(t.db.db, { username: 's.miaoxi', roles: [{ role: 'township_staff', regionCode: '330502102' }] });
    await buildAccount(t.db.db, {
      username: 's.lianshi',
      roles: [{ role: 'township_staff', regionCode: '330503102' }],
    });
    await buildAccount(t.db.db, { username: 'd.wuxing', roles: [{ role: 'dispatcher', regionCode: '330502' }] });
    await buildAccount(t.db.db, { username: 'r.miaoxi', roles: [{ role: 'resident', regionCode: '330502102201' }] });
    mediator = await t.login('m.miaoxi');
    township = await t.login('s.miaoxi');
    otherTownship = await t.login('s.lianshi');
    dispatcher = await t.login('d.wuxing');
    resident = await t.login('r.miaoxi');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('mediators', () => {
    it('registers a mediator with the phone masked for callers without pii.read', async () => {
      const res = await t.request(
        mediator,
        'POST',
        '/api/mediation/mediators',
        buildMediatorInput({ name: '李调解（示例）' }),
      );
      expect(res.statusCode, res.body).toBe(201);
      const m = res.json<Mediator>();
      mediatorId = m.id;
      expect(m.phone).toBe('139****1111');
      expect(m.hometown).toMatchObject({ provinceCode: '34', provinceName: '安徽省', countyCode: '341221' });
      expect(m.serviceRegionName).toBe('妙西镇');
      expect(m.certified).toBe(true);
    });

    it('shows the phone in clear to a dispatcher holding pii.read over the region', async () => {
      const res = await t.request(dispatcher, 'GET', `/api/mediation/mediators/${mediatorId}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Mediator>().phone).toBe('13900001111');
    });

    it('refuses an account scoped to another street with OUT_OF_SCOPE', async () => {
      const get = await t.request(otherTownship, 'GET', `/api/mediation/mediators/${mediatorId}`);
      expect(get.statusCode).toBe(403);
      expect(get.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
      const create = await t.request(otherTownship, 'POST', '/api/mediation/mediators', buildMediatorInput());
      expect(create.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
      const list = await t.request(otherTownship, 'GET', '/api/mediation/mediators');
      expect(list.json<Page<Mediator>>().total).toBe(0);
    });

    it('refuses residents (no mediation.read) and read-only dispatchers writing', async () => {
      const list = await t.request(resident, 'GET', '/api/mediation/mediators');
      expect(list.statusCode).toBe(403);
      expect(list.json<ErrorBody>().code).toBe('FORBIDDEN');
      const write = await t.request(dispatcher, 'POST', '/api/mediation/mediators', buildMediatorInput());
      expect(write.json<ErrorBody>().code).toBe('FORBIDDEN');
    });

    it('filters the registry by province, dialect and expertise, and refuses unknown hometowns', async () => {
      await t.request(
        mediator,
        'POST',
        '/api/mediation/mediators',
        buildMediatorInput({
          name: '赣南调解员',
          hometownCode: '360721',
          hometownName: '江西省赣州市赣县区',
          dialects: ['赣南客家话'],
          expertise: ['family'],
        }),
      );
      const anhui = await t.request(mediator, 'GET', '/api/mediation/mediators?hometown=34');
      expect(anhui.json<Page<Mediator>>().items.map((m) => m.name)).toEqual(['李调解（示例）']);
      const hakka = await t.request(
        mediator,
        'GET',
        `/api/mediation/mediators?dialect=${encodeURIComponent('赣南客家话')}`,
      );
      expect(hakka.json<Page<Mediator>>().total).toBe(1);
      const family = await t.request(mediator, 'GET', '/api/mediation/mediators?expertise=family');
      expect(family.json<Page<Mediator>>().items[0]?.name).toBe('赣南调解员');
      const bad = await t.request(
        mediator,
        'POST',
        '/api/mediation/mediators',
        buildMediatorInput({ hometownCode: '990101' }),
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.json<ErrorBody>().details[0]?.path).toBe('body.hometownCode');
    });

    it('updates with the version and refuses a stale one', async () => {
      const ok = await t.request(mediator, 'PATCH', `/api/mediation/mediators/${mediatorId}`, {
        version: 1,
        capacity: 5,
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json<Mediator>()).toMatchObject({ capacity: 5, version: 2 });
      const stale = await t.request(mediator, 'PATCH', `/api/mediation/mediators/${mediatorId}`, {
        version: 1,
        capacity: 6,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json<ErrorBody>().code).toBe('MEDIATOR_STALE');
    });
  });

  describe('pools and resident origins', () => {
    let poolId: string;

    it('needs mediation.manage to create a pool (township staff may, mediators may not)', async () => {
      const body = { regionCode: '330502102201', name: '妙西社区老乡调解储备库', targetProvinces: ['34', '36', '52'] };
      const refused = await t.request(mediator, 'POST', '/api/mediation/pools', body);
      expect(refused.json<ErrorBody>().code).toBe('FORBIDDEN');
      const res = await t.request(township, 'POST', '/api/mediation/pools', body);
      expect(res.statusCode, res.body).toBe(201);
      poolId = res.json<Pool>().id;
      expect(res.json<Pool>().minSize).toBe(10);
      const members = await t.request(mediator, 'POST', `/api/mediation/pools/${poolId}/members`, {
        add: [mediatorId],
      });
      expect(members.statusCode, members.body).toBe(200);
    });

    it('imports resident counts all or nothing, listing every bad row', async () => {
      const bad =
        'communityCode,provinceCode,residents\n330502102201,34,900\n330502102201,99,10\n999999999999,36,abc\n';
      const res = await t.request(township, 'POST', '/api/mediation/resident-origins/import', bad, {
        'content-type': 'text/csv',
      });
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorBody>();
      expect(body.code).toBe('IMPORT_INVALID');
      expect(body.details.map((d) => d.path)).toEqual(['row 3.provinceCode', 'row 4.residents']);
      const unknown = 'communityCode,provinceCode,residents\n999999999999,36,5\n';
      const res2 = await t.request(township, 'POST', '/api/mediation/resident-origins/import', unknown, {
        'content-type': 'text/csv',
      });
      expect(res2.json<ErrorBody>().details[0]).toMatchObject({ path: 'row 2.communityCode', code: 'unknown_region' });
      const list = await t.request(township, 'GET', '/api/mediation/resident-origins');
      expect(list.json<Page<unknown>>().total).toBe(0);
    });

    it('flags the pool under size and the provinces with many residents but no mediator', async () => {
      const csv =
        'communityCode,provinceCode,residents,asOf\n330502102201,34,900,2026-06-30\n330502102201,520000,1200,2026-06-30\n330502102201,45,80,2026-06-30\n';
      const imp = await t.request(township, 'POST', '/api/mediation/resident-origins/import', csv, {
        'content-type': 'text/csv',
      });
      expect(imp.statusCode, imp.body).toBe(200);
      expect(imp.json<MediationImportResult>()).toEqual({ imported: 3, replaced: 0 });
      const other = await t.request(otherTownship, 'POST', '/api/mediation/resident-origins/import', csv, {
        'content-type': 'text/csv',
      });
      expect(other.json<ErrorBody>().details[0]?.code).toBe('out_of_scope');
      const health = await t.request(mediator, 'GET', '/api/mediation/pool-health');
      const pool = health.json<PoolHealthList>().items[0]!;
      expect(pool).toMatchObject({ underSize: true, activeMembers: 1, healthy: false });
      // 贵州 1,200 residents and a target, no mediator; 江西 a target with none; 广西 80 residents is below 500.
      expect(pool.gapProvinces.sort()).toEqual(['36', '52']);
      expect(pool.provinces.find((p) => p.provinceCode === '34')).toMatchObject({
        residents: 900,
        mediators: 1,
        gap: false,
      });
    });
  });

  describe('corps, outreach, anti-fraud statistics, training', () => {
    it('founds the anti-fraud group, enrols members and logs outreach', async () => {
      const corps = await t.request(township, 'POST', '/api/mediation/corps', {
        name: '老乡反诈团（示例）',
        kind: 'anti_fraud',
        regionCode: '330502102',
      });
      expect(corps.statusCode, corps.body).toBe(201);
      const id = corps.json<{ id: string }>().id;
      const member = await t.request(mediator, 'POST', `/api/mediation/corps/${id}/members`, {
        name: '周团长',
        role: 'leader',
        phone: '13700002222',
        hometownCode: '410523',
        dialects: ['河南话'],
      });
      expect(member.statusCode, member.body).toBe(201);
      // Given only the code, the member's hometown is named from the national division list.
      expect(member.json<{ hometown: { name: string } }>().hometown.name).toBe('河南省安阳市汤阴县');
      const log = await t.request(mediator, 'POST', '/api/mediation/outreach', {
        corpsId: id,
        regionCode: '330502102201',
        date: '2026-03-15',
        place: '妙西社区文化礼堂',
        audience: '河南籍务工人员',
        reached: 120,
        topic: '刷单返利诈骗防范',
        dialect: '河南话',
        media: ['short_video', 'lecture'],
      });
      expect(log.statusCode, log.body).toBe(201);
      expect(log.json<Outreach>().corpsName).toBe('老乡反诈团（示例）');
      const detail = await t.request(mediator, 'GET', `/api/mediation/corps/${id}`);
      expect(detail.json<CorpsDetail>()).toMatchObject({ memberCount: 1, activityCount: 1, reached: 120 });
      expect(detail.json<CorpsDetail>().members[0]?.phone).toBe('137****2222');
    });

    it('imports monthly anti-fraud figures with year-on-year change; a bad file imports nothing', async () => {
      const rows = ['regionCode,month,alerts,cases,lossYuan'];
      for (let m = 1; m <= 12; m++) {
        const mm = String(m).padStart(2, '0');
        rows.push(`330502102,2025-${mm},${100 + m},20,50000`, `330502102,2026-${mm},${80 + m},10,`);
      }
      const bad = `${rows.slice(0, 3).join('\n')}\n330502102,2026-13,5,1\n330502102,2025-02,-1,x\n`;
      const refused = await t.request(township, 'POST', '/api/mediation/anti-fraud/import', bad, {
        'content-type': 'text/csv',
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<ErrorBody>().details.map((d) => d.path)).toEqual([
        'row 4.month',
        'row 5.alerts',
        'row 5.cases',
      ]);
      const none = await t.request(mediator, 'GET', '/api/mediation/anti-fraud?regionCode=330502102');
      expect(none.json<AntiFraudTrend>().months).toEqual([]);
      const ok = await t.request(township, 'POST', '/api/mediation/anti-fraud/import', rows.join('\n'), {
        'content-type': 'text/csv',
      });
      expect(ok.json<MediationImportResult>()).toEqual({ imported: 24, replaced: 0 });
      const trend = await t.request(mediator, 'GET', '/api/mediation/anti-fraud?regionCode=330502102&from=2026-01');
      const months = trend.json<AntiFraudTrend>().months;
      expect(months).toHaveLength(12);
      expect(months[0]).toMatchObject({ month: '2026-01', alerts: 81, cases: 10, alertsYoY: -0.198, casesYoY: -0.5 });
      const again = await t.request(township, 'POST', '/api/mediation/anti-fraud/import', rows.slice(0, 2).join('\n'), {
        'content-type': 'text/csv',
      });
      expect(again.json<MediationImportResult>()).toEqual({ imported: 1, replaced: 1 });
    });

    it('lists team leaders of a training batch with their status', async () => {
      const batch = await t.request(township, 'POST', '/api/mediation/training-batches', {
        name: '第一期班组长调解培训',
        regionCode: '330502102',
        startDate: '2026-03-01',
        endDate: '2026-03-03',
        hours: 16,
      });
      expect(batch.statusCode, batch.body).toBe(201);
      const batchId = batch.json<TrainingBatch>().id;
      for (const [name, status] of [
        ['班组长甲', 'certified'],
        ['班组长乙', 'in_training'],
      ] as const)
        await t.request(
          mediator,
          'POST',
          '/api/mediation/mediators',
          buildMediatorInput({
            name,
            affiliations: ['team_leader'],
            certificationStatus: status,
            trainingBatchId: batchId,
            organizationName: '某机械公司（示例）',
          }),
        );
      const leaders = await t.request(mediator, 'GET', `/api/mediation/training-batches/${batchId}/leaders`);
      expect(leaders.json<Page<TeamLeader>>().items.map((l) => [l.name, l.status])).toEqual([
        ['班组长乙', 'in_training'],
        ['班组长甲', 'qualified'],
      ]);
      const list = await t.request(mediator, 'GET', '/api/mediation/training-batches');
      expect(list.json<Page<TrainingBatch>>().items[0]).toMatchObject({ leaderCount: 2, certifiedCount: 1 });
    });

    it('returns statistics with the anti-fraud trend of the region', async () => {
      const res = await t.request(mediator, 'GET', '/api/mediation/stats?regionCode=330502102');
      expect(res.statusCode, res.body).toBe(200);
      const s = res.json<MediationStats>();
      expect(s.total).toBe(0);
      expect(s.successRate).toBeNull();
      expect(s.antiFraud).toHaveLength(24);
    });
  });
});
