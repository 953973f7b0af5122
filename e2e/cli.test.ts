import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/db.ts';
import { CLI } from './zhili-process.ts';

/** The documented `zhili` commands, run as an operator would, against a real database. */
describe('zhili CLI', () => {
  let db: TestDatabase;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhili-cli-'));
  const zhili = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: db.url, ZHILI_DATA_DIR: dir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrate is idempotent', () => {
    expect(zhili('migrate').code).toBe(0);
    expect(zhili('migrate').out).toContain('migrations applied');
  });

  it('regions import lands all rows or none, listing every bad row', () => {
    const good = path.join(dir, 'good.csv');
    writeFileSync(
      good,
      'code,name,level,parent_code\n33,浙江省,province,\n3305,湖州市,city,33\n330502,吴兴区,county,3305\n330502102,妙西镇,township,330502\n',
    );
    const ok = zhili('regions', 'import', good);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/imported 4/);

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'code,name,level,parent_code\n330502103,,township,330502\n330502104,埭溪镇,village,330502\n330502105,东林镇,township,330502\n',
    );
    const refused = zhili('regions', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/line 2/);
    expect(refused.err).toMatch(/line 3/);
    expect(refused.err).toContain('nothing was imported');
  });

  it('user add creates an account that can be scoped, and refuses bad roles', () => {
    const r = zhili(
      'user',
      'add',
      '--username',
      'li.wei',
      '--role',
      'township_staff@330502102',
      '--password',
      'Li-wei-pass-2026',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/created account li\.wei/);
    const again = zhili('user', 'add', '--username', 'LI.WEI', '--password', 'Li-wei-pass-2026');
    expect(again.code).toBe(1);
    const badRole = zhili('user', 'add', '--username', 'x.y', '--role', 'king');
    expect(badRole.code).toBe(1);
    expect(badRole.err).toMatch(/unknown role/);
  });

  it('apikey create prints the key once', () => {
    const r = zhili('apikey', 'create', '--name', 'Open311 app', '--scope', '330502102');
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toMatch(/^zk_[A-Za-z0-9_-]{20,}$/);
  });

  it('audit verify passes, then names the first tampered row', async () => {
    const ok = zhili('audit', 'verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/audit chain intact: \d+ rows/);
    // Tamper as a superuser would: bypass the append-only trigger and change one entry.
    const client = await db.pool.connect();
    try {
      await client.query("set session_replication_role = 'replica'");
      const { rows } = await client.query<{ seq: string }>(
        'select seq from audit_log where seq is not null order by seq limit 1 offset 1',
      );
      await client.query(`update audit_log set after = '{"forged": true}' where seq = $1`, [rows[0]!.seq]);
      const report = zhili('audit', 'verify', '--json');
      expect(report.code).toBe(1);
      expect(JSON.parse(report.out)).toMatchObject({ ok: false, firstTampered: { seq: Number(rows[0]!.seq) } });
    } finally {
      client.release();
    }
  });
});
