import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { CaseDetail, CaseSummary, IncidentDetail, Page, Region } from '@zhili/contracts';
import { buildTestApp, type TestApp } from '../packages/server/test/app.ts';
import { DEMO_ACCOUNTS, seedDemo } from './seed.ts';

const PASSWORD = 'Demo-pass-2023';

describe('seedDemo', () => {
  let t: TestApp;
  let accounts: Awaited<ReturnType<typeof seedDemo>>['accounts'];

  const one = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    (await t.db.db.execute<T>(query)).rows[0] as T;
  const counts = () =>
    one<{
      regions: number;
      organizations: number;
      accounts: number;
      audit: number;
      incidents: number;
      cases: number;
    }>(sql`
      select (select count(*) from regions)::int as regions, (select count(*) from organizations)::int as organizations,
             (select count(*) from accounts)::int as accounts, (select count(*) from audit_log)::int as audit,
             (select count(*) from incidents)::int as incidents, (select count(*) from mediation_cases)::int as cases`);

  beforeAll(async () => {
    t = await buildTestApp();
    // Two starters at once on one database: the lock makes them seed it once.
    const started = performance.now();
    const [first] = await Promise.all([
      seedDemo(t.deps, { password: PASSWORD }),
      seedDemo(t.deps, { password: PASSWORD }),
    ]);
    // First-start time depends on the machine's load: logged, not asserted.
    console.info(`seedDemo: ${Math.round(performance.now() - started)} ms`);
    accounts = first.accounts;
  });
  afterAll(async () => {
    await t.close();
  });

  it('loads the whole province and the demo communities', async () => {
    const { regions } = await counts();
    expect(regions).toBeGreaterThanOrEqual(1490);
    const byLevel = await t.db.db.execute<{ level: string; n: number }>(
      sql`select level, count(*)::int as n from regions group by level`,
    );
    expect(Object.fromEntries(byLevel.rows.map((r) => [r.level, r.n]))).toMatchObject({
      province: 1,
      city: 11,
      county: 90,
      township: 1386, // 1,387 in the NBS list less 龙港's pseudo-unit
    });
  });

  it("gives 湖州's five counties their 72 townships (19 + 10 + 13 + 15 + 15)", async () => {
    const rows = await t.db.db.execute<{ county: string; n: number }>(sql`
      select c.name as county, count(t.code)::int as n from regions c
      join regions t on t.parent_code = c.code and t.level = 'township'
      where c.parent_code = '3305' group by c.name order by c.name`);
    const perCounty = Object.fromEntries(rows.rows.map((r) => [r.county, r.n]));
    expect(perCounty).toEqual({ 吴兴区: 19, 南浔区: 10, 德清县: 13, 长兴县: 15, 安吉县: 15 });
    expect(Object.values(perCounty).reduce((a, b) => a + b, 0)).toBe(72);
  });

  it('keeps every code inside its parent code and every path true to the tree', async () => {
    const bad = await one<{ n: number }>(sql`
      select count(*)::int as n from regions r left join regions p on p.code = r.parent_code
      where (r.parent_code is not null and (p.code is null or not starts_with(r.code, p.code) or r.path <> p.path || '/' || r.code))
         or (r.parent_code is null and r.path <> r.code)`);
    expect(bad.n).toBe(0);
    const townships = await one<{ n: number }>(sql`
      select count(*)::int as n from regions t join regions c on c.code = t.parent_code
      where t.level = 'township' and (c.level <> 'county' or not starts_with(t.code, c.code))`);
    expect(townships.n).toBe(0);
  });

  it("places 雍平社区 under 大唐街道 of 诸暨市, and 龙港's communities directly under the city", async () => {
    const yongping = await one<{ path: string; illustrative: boolean }>(
      sql`select path, illustrative from regions where name = '雍平社区'`,
    );
    expect(yongping).toEqual({ path: '33/3306/330681/330681005/330681005001', illustrative: true });
    const longgang = await one<{ n: number }>(
      sql`select count(*)::int as n from regions where parent_code = '330383' and level = 'community'`,
    );
    expect(longgang.n).toBeGreaterThanOrEqual(5);
    const grids = await one<{ n: number }>(
      sql`select count(distinct parent_code)::int as n from regions where level = 'grid'`,
    );
    expect(grids.n).toBeGreaterThanOrEqual(3);
  });

  it('creates the organizations and one account per demo role, who can sign in within their scope', async () => {
    // One account per role first, then the governance centre's handlers (several per role).
    expect(accounts.slice(0, DEMO_ACCOUNTS.length).map((a) => a.username)).toEqual(
      DEMO_ACCOUNTS.map((a) => a.username),
    );
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role)).size).toBe(DEMO_ACCOUNTS.length);
    expect(accounts.map((a) => a.username)).toEqual(expect.arrayContaining(['grid.xincheng', 'dept.zhifa']));
    const orgs = await t.db.db.execute<{ name: string; type: string }>(sql`select name, type from organizations`);
    expect(orgs.rows).toEqual(
      expect.arrayContaining([
        { name: '龙港市综合行政执法局', type: 'department' },
        { name: '大唐安徽商会', type: 'chamber_of_commerce' },
        { name: '浙江工匠学院', type: 'academy' },
        { name: '淳安县公证处', type: 'notary_office' },
      ]),
    );
    const dispatcher = await t.login('dispatcher.longgang', PASSWORD);
    const roots = await t.request(dispatcher, 'GET', '/api/regions');
    expect(roots.json<Page<Region>>().items.map((r) => r.name)).toEqual(['龙港市']);
    const communities = await t.request(dispatcher, 'GET', '/api/regions?parent=330383');
    expect(communities.json<Page<Region>>().items.map((r) => r.name)).toContain('新城社区');
    const grid = await t.login('grid.yongping', PASSWORD);
    expect((await t.request(grid, 'GET', '/api/regions')).json<Page<Region>>().items.map((r) => r.code)).toEqual([
      '330681005001-G01',
    ]);
  });

  it('loads the Huzhou tripod demo: 2021 and 2022 published on the champion roll, 2023 a draft', async () => {
    const evaluator = await t.login('evaluator.huzhou', PASSWORD);
    const roll = await t.request(evaluator, 'GET', '/api/evaluation/champions?framework=huzhou-eco');
    expect(roll.statusCode).toBe(200);
    const champions = roll.json<{ year: number; unitName: string }[]>();
    expect(champions.map((c) => [c.year, c.unitName])).toEqual(
      expect.arrayContaining([
        [2021, '安吉县'],
        [2022, '德清县'],
      ]),
    );
    const runs = await t.request(evaluator, 'GET', '/api/evaluation/runs?framework=huzhou-eco&year=2023');
    expect(runs.json<{ items: { status: string }[] }>().items.map((r) => r.status)).toEqual(['draft']);
  });

  it("files the mediation demo's disputes into the governance centre: 大唐's DT incidents, linked both ways", async () => {
    const admin = await t.login('admin', PASSWORD);
    const list = await t.request(admin, 'GET', `/api/mediation/cases?q=${encodeURIComponent('安徽籍务工人员')}`);
    const injury = list.json<Page<CaseSummary>>().items[0]!;
    const c = (await t.request(admin, 'GET', `/api/mediation/cases/${injury.id}`)).json<CaseDetail>();
    expect(c.incidentNumber).toMatch(/^DT-\d{4}-\d{6}$/);
    const incident = (await t.request(admin, 'GET', `/api/incidents/${c.incidentId}`)).json<IncidentDetail>();
    expect(incident).toMatchObject({ mediationCaseId: c.id, status: 'resolved', channel: 'hotline' });
    // Longgang's 60 stay as seedIncidents files them; the 8 DT ones are the linked cases'.
    const numbers = await t.db.db.execute<{ prefix: string; n: number; linked: number }>(sql`
      select left(i.number, 2) as prefix, count(*)::int as n, count(c.id)::int as linked
      from incidents i left join mediation_cases c on c.incident_id = i.id group by 1 order by 1`);
    expect(numbers.rows).toEqual([
      { prefix: 'DT', n: 8, linked: 8 },
      { prefix: 'LG', n: 60, linked: 0 },
    ]);
    // In step as incident.link.ts maps them: outcome → resolved, closed → closed, else held.
    const pairs = await t.db.db.execute<{ cs: string; ist: string }>(sql`
      select c.status as cs, i.status as ist from mediation_cases c join incidents i on i.id = c.incident_id`);
    for (const { cs, ist } of pairs.rows) {
      const want =
        cs === 'closed'
          ? 'closed'
          : ['agreement', 'failed', 'referred', 'follow_up'].includes(cs)
            ? 'resolved'
            : 'on_hold';
      expect(ist, cs).toBe(want);
    }
    const future = await one<{ n: number }>(sql`
      select (select count(*) from incident_events where at > now())::int
           + (select count(*) from mediation_case_events where at > now())::int as n`);
    expect(future.n).toBe(0);
  });

  it('changes nothing when run again', async () => {
    const before = await counts();
    const again = await seedDemo(t.deps, { password: 'Another-pass-1' });
    expect(again.accounts).toEqual(accounts);
    expect(await counts()).toEqual(before);
    await t.login('admin', PASSWORD);
  });
});
