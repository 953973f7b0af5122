import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSummary, Run } from '@zhili/contracts';
import { buildTestApp, type Session, type TestApp } from '../../../test/app.ts';
import { buildAccount, buildRegions } from '../../../test/builders.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const read = (p: string) => readFileSync(path.join(repoRoot, p), 'utf8');

/** The Huzhou tripod demo end to end through the HTTP API, as an evaluator would do it. */
describe('Huzhou demo through the API', () => {
  let t: TestApp;
  let evaluator: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildRegions(t.db.db);
    await buildAccount(t.db.db, { username: 'hz.eval', roles: [{ role: 'evaluator', regionCode: '3305' }] });
    evaluator = await t.login('hz.eval');
  });
  afterAll(async () => {
    await t.close();
  });

  it('uploads, runs 2023, publishes and exports the reported outcome', async () => {
    const fw = await t.request(
      evaluator,
      'POST',
      '/api/evaluation/frameworks?regionCode=3305',
      read('demo/evaluation/huzhou.yaml'),
      {
        'content-type': 'text/yaml',
      },
    );
    expect(fw.statusCode, fw.body).toBe(201);
    const code = fw.json<{ code: string }>().code;
    const data = await t.request(
      evaluator,
      'POST',
      `/api/evaluation/datasets?framework=${code}`,
      read('demo/evaluation/huzhou-data.csv'),
      {
        'content-type': 'text/csv',
      },
    );
    expect(data.statusCode, data.body).toBe(201);
    expect(data.json<DatasetSummary>()).toMatchObject({ units: 77, years: expect.arrayContaining([2023]) as number[] });

    const res = await t.request(evaluator, 'POST', '/api/evaluation/runs', {
      framework: code,
      dataset: data.json<DatasetSummary>().id,
      year: 2023,
    });
    expect(res.statusCode, res.body).toBe(201);
    const run = res.json<Run>();
    // 长兴县, 德清县, 安吉县, 吴兴区 win tripods; 南浔区 (last) does not; 长兴县 is champion.
    expect(run.awards.counties.sort()).toEqual(['330502', '330521', '330522', '330523']);
    expect(run.awards.champion).toBe('330522');
    // Rounded-down 50% caps over the 72 real townships allow 34, never 36.
    expect(run.awards.townships).toHaveLength(34);
    expect(run.awards.townships).toContain('330502102');
    for (const cap of Object.values(run.awards.caps)) expect(cap.awarded).toBeLessThanOrEqual(cap.cap);

    const published = await t.request(evaluator, 'POST', `/api/evaluation/runs/${run.id}/publish`, {});
    expect(published.statusCode, published.body).toBe(200);
    const roll = await t.request(evaluator, 'GET', `/api/evaluation/champions?framework=${code}`);
    expect(roll.json()).toEqual([expect.objectContaining({ year: 2023, unitCode: '330522', unitName: '长兴县' })]);

    const xlsx = await t.request(evaluator, 'GET', `/api/evaluation/runs/${run.id}/export.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.getWorksheet('单位得分 Units')!.rowCount).toBe(1 + 77);
    const certs = await t.request(evaluator, 'GET', `/api/evaluation/runs/${run.id}/certificates.pdf`);
    // One page each: the champion tripod, 4 county tripods, 34 townships.
    expect(certs.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1 + 4 + 34);
  });
});
