import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DatasetSummary,
  FrameworkCreated,
  Run,
  RunPublished,
  SensitivityJob,
  UnitProfile,
} from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildRegions, evalDataCsv, evalFrameworkYaml } from '../../../test/builders.ts';
import { Scheduler } from '../../platform/scheduler.ts';
import { evaluationJobs } from './evaluation.jobs.ts';

interface ErrorBody {
  code: string;
  details: { path: string; code: string; message: string }[];
}

describe('evaluation API', () => {
  let t: TestApp;
  let huzhou: Session;
  let ningbo: Session;
  let leader: Session;
  let admin: Session;
  let datasetId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildRegions(t.db.db);
    await t.db.pool.query(
      `insert into regions (code, name, level, parent_code, path) values ('3302', '宁波市', 'city', '33', '33/3302')`,
    );
    await buildAccount(t.db.db, { username: 'hz.evaluator', roles: [{ role: 'evaluator', regionCode: '3305' }] });
    await buildAccount(t.db.db, { username: 'nb.evaluator', roles: [{ role: 'evaluator', regionCode: '3302' }] });
    await buildAccount(t.db.db, { username: 'hz.leader', roles: [{ role: 'leader', regionCode: '3305' }] });
    await buildAccount(t.db.db, { username: 'eval.admin', roles: [{ role: 'admin', regionCode: null }] });
    huzhou = await t.login('hz.evaluator');
    ningbo = await t.login('nb.evaluator');
    leader = await t.login('hz.leader');
    admin = await t.login('eval.admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const uploadData = (session: Session, csv: string, framework = 'test-eco') =>
    t.request(session, 'POST', `/api/evaluation/datasets?framework=${framework}&name=test`, csv, {
      'content-type': 'text/csv',
    });

  describe('frameworks', () => {
    it('stores an uploaded framework as version 1, then 2', async () => {
      const first = await t.request(huzhou, 'POST', '/api/evaluation/frameworks', {
        regionCode: '3305',
        yaml: evalFrameworkYaml(),
      });
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json<FrameworkCreated>()).toMatchObject({ code: 'test-eco', version: 1 });
      const second = await t.request(
        huzhou,
        'POST',
        '/api/evaluation/frameworks?regionCode=3305',
        evalFrameworkYaml(),
        {
          'content-type': 'text/yaml',
        },
      );
      expect(second.statusCode, second.body).toBe(201);
      expect(second.json<FrameworkCreated>().version).toBe(2);

      const latest = await t.request(huzhou, 'GET', '/api/evaluation/frameworks/test-eco');
      expect(latest.json()).toMatchObject({ code: 'test-eco', version: 2, regionCode: '3305' });
      const v1 = await t.request(huzhou, 'GET', '/api/evaluation/frameworks/test-eco/versions/1');
      expect(v1.json()).toMatchObject({ version: 1, yaml: evalFrameworkYaml() });
      const versions = await t.request(huzhou, 'GET', '/api/evaluation/frameworks/test-eco/versions');
      expect(versions.json<{ version: number }[]>().map((v) => v.version)).toEqual([2, 1]);
      const list = await t.request(leader, 'GET', '/api/evaluation/frameworks?q=test');
      expect(list.json()).toMatchObject({ total: 1, items: [{ code: 'test-eco', version: 2, indicatorCount: 3 }] });
    });

    it('refuses an invalid framework with the path of every problem', async () => {
      const yaml = evalFrameworkYaml('bad-eco')
        .replace('weight: 0.6', 'weight: -1')
        .replace('direction: -1', 'direction: 3');
      const res = await t.request(huzhou, 'POST', '/api/evaluation/frameworks', { regionCode: '3305', yaml });
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorBody>();
      expect(body.code).toBe('EVAL_FRAMEWORK_INVALID');
      const paths = body.details.map((d) => d.path);
      expect(paths).toContain('index.children.0.weight');
      expect(paths).toContain('index.children.0.children.0.direction');

      const broken = await t.request(huzhou, 'POST', '/api/evaluation/frameworks', {
        regionCode: '3305',
        yaml: 'code: [',
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json<ErrorBody>()).toMatchObject({ code: 'EVAL_FRAMEWORK_INVALID', details: [{ path: 'yaml' }] });
    });
  });

  describe('datasets', () => {
    it('imports a clean wide CSV', async () => {
      const res = await uploadData(huzhou, evalDataCsv());
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json<DatasetSummary>();
      expect(body).toMatchObject({ units: 9, indicators: 3, years: [2022, 2023], rows: 54 });
      datasetId = body.id;
      const availability = await t.request(
        leader,
        'GET',
        `/api/evaluation/datasets/${datasetId}/availability?year=2023`,
      );
      expect(availability.json<{ units: { share: number }[] }>().units.every((u) => u.share === 1)).toBe(true);
    });

    it('lists every bad row and imports nothing', async () => {
      const lines = evalDataCsv().trim().split('\n');
      lines[2] = lines[2]!.replace(/,25,/, ',abc,'); // row 3: PM25 not numeric
      lines[4] = lines[4]!.replace(/,70,/, ',lots,'); // row 5: FOREST not numeric
      lines[8] = lines[2].replace('abc', '25'); // row 9: duplicate of row 3's unit and year
      const res = await uploadData(huzhou, `${lines.join('\n')}\n`);
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorBody>();
      expect(body.code).toBe('EVAL_DATA_INVALID');
      const paths = body.details.map((d) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['row 3.PM25', 'row 5.FOREST']));
      expect(body.details.some((d) => d.path.startsWith('row 9') && d.code === 'duplicate')).toBe(true);
      const list = await t.request(huzhou, 'GET', '/api/evaluation/datasets?framework=test-eco');
      expect(list.json<{ total: number }>().total).toBe(1);
    });
  });

  describe('datasets from XLSX', () => {
    it('imports an XLSX file sent as multipart "file"', async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('data');
      evalDataCsv()
        .trim()
        .split('\n')
        .forEach((line, row) => {
          sheet.addRow(line.split(',').map((cell, i) => (row > 0 && i >= 4 && cell !== '' ? Number(cell) : cell)));
        });
      const xlsx = Buffer.from(await book.xlsx.writeBuffer());
      const boundary = 'zhili-test-boundary';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="数据.xlsx"\r\n` +
            'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
        ),
        xlsx,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await t.request(huzhou, 'POST', '/api/evaluation/datasets?framework=test-eco&name=xlsx', body, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<DatasetSummary>()).toMatchObject({ name: 'xlsx', units: 9, years: [2022, 2023], rows: 54 });
    });
  });

  describe('runs, publication and the champion roll', () => {
    let run: Run;

    it('runs a draft with tripods, capped townships and a champion', async () => {
      const res = await t.request(huzhou, 'POST', '/api/evaluation/runs', {
        framework: 'test-eco',
        dataset: datasetId,
        year: 2023,
        options: { imputation: { method: 'mean' } },
      });
      expect(res.statusCode, res.body).toBe(201);
      run = res.json<Run>();
      expect(run).toMatchObject({ status: 'draft', version: 1, year: 2023, frameworkVersion: 2 });
      expect(run.awards.counties.sort()).toEqual(['330502', '330521']);
      expect(run.awards.champion).toBe('330502');
      expect(run.awards.townships.sort()).toEqual(['330502102', '330503102', '330521101']);
      for (const cap of Object.values(run.awards.caps)) expect(cap.awarded).toBeLessThanOrEqual(cap.cap);
    });

    it('publishes once (audited, champion appended) and refuses a second publish', async () => {
      const denied = await t.request(leader, 'POST', `/api/evaluation/runs/${run.id}/publish`, {});
      expect(denied.statusCode).toBe(403);
      const res = await t.request(huzhou, 'POST', `/api/evaluation/runs/${run.id}/publish`, {});
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<RunPublished>()).toMatchObject({ status: 'published', champion: '330502' });
      const again = await t.request(huzhou, 'POST', `/api/evaluation/runs/${run.id}/publish`, {});
      expect(again.statusCode).toBe(409);
      expect(again.json<ErrorBody>().code).toBe('EVAL_RUN_ALREADY_PUBLISHED');

      const audit = await t.db.pool.query<{ after: { champion: string } }>(
        `select after from audit_log where action = 'evaluation.run.publish' and entity_id = $1`,
        [run.id],
      );
      expect(audit.rows).toHaveLength(1);
      expect(audit.rows[0]!.after.champion).toBe('330502');
      const roll = await t.request(leader, 'GET', '/api/evaluation/champions?framework=test-eco');
      expect(roll.json()).toEqual([
        expect.objectContaining({ year: 2023, unitCode: '330502', unitName: '吴兴区', runId: run.id }),
      ]);
    });

    it('makes a re-run version 2, which cannot be published over the published year', async () => {
      const res = await t.request(huzhou, 'POST', '/api/evaluation/runs', {
        framework: 'test-eco',
        dataset: datasetId,
        year: 2023,
      });
      expect(res.statusCode, res.body).toBe(201);
      const rerun = res.json<Run>();
      expect(rerun).toMatchObject({ version: 2, status: 'draft' });
      const publish = await t.request(huzhou, 'POST', `/api/evaluation/runs/${rerun.id}/publish`, {});
      expect(publish.statusCode).toBe(409);
      expect(publish.json<ErrorBody>().code).toBe('EVAL_YEAR_ALREADY_PUBLISHED');
      const list = await t.request(leader, 'GET', '/api/evaluation/runs?framework=test-eco&year=2023');
      expect(
        list.json<{ items: { version: number; status: string }[] }>().items.map((r) => [r.version, r.status]),
      ).toEqual([
        [2, 'draft'],
        [1, 'published'],
      ]);
    });

    it('runs on data with a missing cell: the unscored indicator is left out, not NaN', async () => {
      const csv = evalDataCsv().replace(
        '330502103,东林镇,township,330502,2022,30,',
        '330502103,东林镇,township,330502,2022,,',
      );
      const upload = await uploadData(huzhou, csv);
      expect(upload.statusCode, upload.body).toBe(201);
      const res = await t.request(huzhou, 'POST', '/api/evaluation/runs', {
        framework: 'test-eco',
        dataset: upload.json<DatasetSummary>().id,
        year: 2022,
        options: { imputation: { method: 'none' } },
      });
      expect(res.statusCode, res.body).toBe(201);
      const unit = res.json<Run>().result.units.find((u) => u.code === '330502103')!;
      expect(unit.scores).not.toHaveProperty('PM25');
      expect(unit.raw.PM25).toBeNull();
      expect(Number.isFinite(unit.score)).toBe(true);
    });

    it('keeps the champion roll append-only in the database', async () => {
      await expect(t.db.pool.query(`update eval_champions set unit_code = '330503'`)).rejects.toThrow(/append-only/);
      await expect(t.db.pool.query(`delete from eval_champions`)).rejects.toThrow(/append-only/);
      await expect(t.db.pool.query(`truncate eval_champions cascade`)).rejects.toThrow(/append-only/);
      const roll = await t.db.pool.query(`select unit_code from eval_champions`);
      expect(roll.rows).toEqual([{ unit_code: '330502' }]);
    });

    it('profiles a unit: change against last year, peers and a what-if', async () => {
      const res = await t.request(leader, 'GET', `/api/evaluation/runs/${run.id}/units/330503`);
      expect(res.statusCode, res.body).toBe(200);
      const profile = res.json<UnitProfile>();
      expect(profile.awarded).toBe(false);
      expect(profile.unit.rank).toBe(3);
      expect(profile.change).toMatchObject({ previousYear: 2022, source: 'computed' });
      expect(profile.whatIf.targetRank).toBe(2);
      expect(profile.whatIf.improvements.length).toBeGreaterThan(0);
      // 南浔区 is last on every indicator: no single indicator can lift it past 德清县.
      expect(profile.whatIf.improvements.every((i) => !i.reachable && i.needed === null)).toBe(true);

      // 东林镇 (4th township) can reach 3rd on PM2.5 alone: +18.1 index points / weight 0.3.
      const township = await t.request(leader, 'GET', `/api/evaluation/runs/${run.id}/units/330502103?targetRank=3`);
      const whatIf = township.json<UnitProfile>().whatIf;
      expect(whatIf.targetRank).toBe(3);
      const pm25 = whatIf.improvements.find((i) => i.indicator === 'PM25')!;
      expect(pm25.reachable).toBe(true);
      expect(pm25.needed).toBeCloseTo(60.4, 0);
      // Lower is better: the concentration needed is below today's.
      expect(pm25.to).toBeLessThan(pm25.from!);
      const missing = await t.request(leader, 'GET', `/api/evaluation/runs/${run.id}/units/999999`);
      expect(missing.statusCode).toBe(404);
    });

    it('exports the run as XLSX with every unit', async () => {
      const res = await t.request(leader, 'GET', `/api/evaluation/runs/${run.id}/export.xlsx`);
      expect(res.statusCode).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const units = book.getWorksheet('单位得分 Units')!;
      expect(units.rowCount).toBe(10);
      const codes = units.getColumn(1).values.slice(2);
      expect(codes).toContain('330502102');
      expect(book.getWorksheet('获奖 Awards')!.getRow(2).getCell(1).value).toBeTruthy();
      expect(book.getWorksheet('插补 Imputed')).toBeDefined();
    });

    it('renders the unit report and the certificates as PDF', async () => {
      const report = await t.request(leader, 'GET', `/api/evaluation/runs/${run.id}/units/330502/report.pdf`);
      expect(report.statusCode).toBe(200);
      expect(report.headers['content-type']).toBe('application/pdf');
      expect(report.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const certs = await t.request(leader, 'GET', `/api/evaluation/runs/${run.id}/certificates.pdf`);
      expect(certs.statusCode).toBe(200);
      // Champion certificate + 2 county tripods + 3 townships: one page each.
      expect(certs.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(6);
    });

    it('computes a sensitivity analysis in the background', async () => {
      const res = await t.request(huzhou, 'POST', `/api/evaluation/runs/${run.id}/sensitivity`, {
        replications: 40,
        assumptions: { weights: { percent: 20 } },
        bootstrap: 20,
      });
      expect(res.statusCode, res.body).toBe(202);
      const { id } = res.json<{ id: string }>();
      const queued = await t.request(leader, 'GET', `/api/evaluation/sensitivity/${id}`);
      expect(queued.json<SensitivityJob>()).toMatchObject({ status: 'queued', progress: 0 });
      // The queued job runs through the real scheduler, as a server process would run it.
      expect(await new Scheduler({ db: t.db.db, handlers: evaluationJobs }).runDue()).toBe(1);
      const done = (await t.request(leader, 'GET', `/api/evaluation/sensitivity/${id}`)).json<SensitivityJob>();
      expect(done.error).toBeNull();
      expect(done).toMatchObject({ status: 'done', progress: 1 });
      expect(done.result?.units).toHaveLength(9);
    });
  });

  describe('scope: the framework region', () => {
    it('keeps an evaluator of 湖州市 off a framework of 宁波市, and the reverse', async () => {
      const nb = await t.request(admin, 'POST', '/api/evaluation/frameworks', {
        regionCode: '3302',
        yaml: evalFrameworkYaml('ningbo-eco'),
      });
      expect(nb.statusCode, nb.body).toBe(201);
      const read = await t.request(huzhou, 'GET', '/api/evaluation/frameworks/ningbo-eco');
      expect(read.statusCode).toBe(403);
      expect(read.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
      const upload = await uploadData(huzhou, evalDataCsv(), 'ningbo-eco');
      expect(upload.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
      const create = await t.request(huzhou, 'POST', '/api/evaluation/frameworks', {
        regionCode: '3302',
        yaml: evalFrameworkYaml('ningbo-eco'),
      });
      expect(create.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
      const list = await t.request(huzhou, 'GET', '/api/evaluation/frameworks');
      expect(list.json<{ items: { code: string }[] }>().items.map((f) => f.code)).toEqual(['test-eco']);

      const run = await t.request(ningbo, 'POST', '/api/evaluation/runs', {
        framework: 'test-eco',
        dataset: datasetId,
        year: 2023,
      });
      expect(run.statusCode).toBe(403);
      expect(run.json<ErrorBody>().code).toBe('OUT_OF_SCOPE');
      const runs = await t.request(ningbo, 'GET', '/api/evaluation/runs');
      expect(runs.json<{ total: number }>().total).toBe(0);
    });
  });
});
