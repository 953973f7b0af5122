import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hydrateSymlinks } from './embedded.binaries.ts';
import {
  alive,
  childRunner,
  pidsMentioning,
  postmasterPid,
  query,
  waitFor,
  type ChildRun,
} from './embedded.testkit.ts';
import { EmbeddedStartError, startEmbedded, type EmbeddedCluster } from './embedded.ts';

const isRoot = process.getuid?.() === 0;
const T = 60_000;

let root = '';
let template = '';
let runChild: Awaited<ReturnType<typeof childRunner>>;
const clusters: EmbeddedCluster[] = [];
const children: ChildProcess[] = [];

async function start(dataDir: string, extra: { startTimeoutMs?: number } = {}): Promise<EmbeddedCluster> {
  const c = await startEmbedded({ dataDir, ...extra });
  clusters.push(c);
  return c;
}

/** A copy of the initialised template: a restart instead of a 1-2 s initdb per test. */
let clones = 0;
async function clone(name: string, opts: { asCaller?: boolean } = {}): Promise<string> {
  // A fresh directory per call, so a retried test never starts from its last attempt's leftovers.
  const dir = path.join(root, `${name}-${++clones}`);
  // `cp -a` is ~10x faster than fs.cp and keeps owners; fs.cp makes the caller own the copy.
  if (opts.asCaller) await fs.cp(template, dir, { recursive: true });
  else execFileSync('cp', ['-a', template, dir]);
  return dir;
}

/** Runs startEmbedded in a separate Node process (a second zhili), optionally waiting for its report. */
async function startChild(dataDir: string, mode: 'hold' | 'once', wait = true): Promise<ChildRun> {
  const run = await runChild(dataDir, mode, wait);
  children.push(run.child);
  return run;
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'zhili-embedded-'));
  // mkdtemp makes 0700 dirs; as root, PostgreSQL runs as `zhili`, which must traverse this one.
  await fs.chmod(root, 0o755);
  template = path.join(root, 'template');

  runChild = await childRunner(root);

  const t0 = Date.now();
  const c = await startEmbedded({ dataDir: template });
  const firstMs = Date.now() - t0;
  await query(c.url, 'select 1');
  await c.stop();
  console.log(`embedded PostgreSQL: first start (initdb + start + createdb) ${firstMs} ms`);
}, 120_000);

/** A failing test must not leave its cluster running into the next one (ports, processes). */
async function stopAll(): Promise<void> {
  for (const c of clusters.splice(0)) await c.stop().catch(() => undefined);
  for (const ch of children.splice(0)) if (ch.exitCode === null && ch.signalCode === null) ch.kill('SIGKILL');
}

afterEach(stopAll, 60_000);

afterAll(async () => {
  await stopAll();
  if (root) {
    for (const pid of await pidsMentioning(root)) process.kill(pid, 'SIGKILL');
    await fs.rm(root, { recursive: true, force: true });
  }
}, 60_000);

describe.sequential('startEmbedded', () => {
  it(
    'lays out the data dir and serves a scram-protected, loopback-only zhili database',
    async () => {
      const cluster = JSON.parse(await fs.readFile(path.join(template, 'cluster.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(Object.keys(cluster).sort()).toEqual(['password', 'port', 'user']);
      expect(cluster.user).toBe('zhili');
      expect(String(cluster.password).length).toBeGreaterThanOrEqual(24);
      expect((await fs.stat(path.join(template, 'cluster.json'))).mode & 0o777).toBe(0o600);
      expect(await fs.readFile(path.join(template, 'pg', 'PG_VERSION'), 'utf8')).toMatch(/^17/);
      expect(await fs.readFile(path.join(template, 'postgres.log'), 'utf8')).toContain('ready to accept connections');
      const entries = await fs.readdir(template);
      expect(entries.filter((e) => e.startsWith('pg.init-') || e === 'supervisor.json')).toEqual([]);
      const hba = (await fs.readFile(path.join(template, 'pg', 'pg_hba.conf'), 'utf8'))
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
      expect(hba.length).toBeGreaterThan(0);
      for (const line of hba) expect(line.trim().split(/\s+/).at(-1)).toBe('scram-sha-256');

      const dir = await clone('layout');
      const t0 = Date.now();
      const c = await start(dir);
      console.log(`embedded PostgreSQL: restart ${Date.now() - t0} ms`);
      expect(c.owner).toBe(true);
      expect(c.url).toMatch(/^postgres:\/\/zhili:[^@]+@127\.0\.0\.1:\d+\/zhili$/);
      const [row] = await query<Record<string, string>>(
        c.url,
        `select current_database() db, current_user usr, current_setting('listen_addresses') la,
              current_setting('unix_socket_directories') sock, current_setting('shared_buffers') sb,
              current_setting('max_connections') mc, current_setting('server_encoding') enc,
              (select datcollate from pg_database where datname = current_database()) coll`,
      );
      expect(row).toEqual({
        db: 'zhili',
        usr: 'zhili',
        la: '127.0.0.1',
        sock: '',
        sb: '32MB',
        mc: '50',
        enc: 'UTF8',
        coll: 'C',
      });
      const bad = new URL(c.url);
      bad.password = 'wrong';
      await expect(query(bad.toString(), 'select 1')).rejects.toMatchObject({ code: '28P01' });
      const pid = await postmasterPid(dir);
      expect(JSON.parse(await fs.readFile(path.join(dir, 'supervisor.json'), 'utf8'))).toMatchObject({
        pid: process.pid,
      });
      await c.stop();
      expect(alive(pid!)).toBe(false);
      expect(await fs.readdir(dir)).not.toContain('supervisor.json');
    },
    T,
  );

  it.runIf(isRoot)(
    'as root, runs PostgreSQL as the unprivileged OS user zhili',
    async () => {
      const uid = Number(execFileSync('id', ['-u', 'zhili'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'zhili'], { encoding: 'utf8' }).trim());
      const dir = await clone('as-zhili', { asCaller: true });
      expect((await fs.stat(path.join(dir, 'pg', 'PG_VERSION'))).uid).toBe(0); // must be handed over
      await fs.chmod(dir, 0o700); // and zhili cannot even enter the data dir yet
      const c = await start(dir);
      const status = await fs.readFile(`/proc/${await postmasterPid(dir)}/status`, 'utf8');
      expect(status).toMatch(new RegExp(`^Uid:\\s+${uid}\\s`, 'm'));
      expect((await fs.stat(path.join(dir, 'pg'))).uid).toBe(uid);
      // The data dir itself stays root's (root writes there); zhili may only traverse it.
      const top = await fs.stat(dir);
      expect(top.uid).toBe(0);
      expect(top.gid).toBe(gid);
      expect(top.mode & 0o777).toBe(0o710);
      expect((await fs.stat(path.join(dir, 'cluster.json'))).uid).toBe(0);
      expect((await fs.stat(path.join(dir, 'pg', 'global', 'pg_control'))).uid).toBe(uid);
      await c.stop();
    },
    T,
  );

  it.runIf(isRoot)(
    'as root, names the directory the zhili user cannot traverse',
    async () => {
      const locked = path.join(root, 'locked');
      await fs.mkdir(locked, { mode: 0o700 });
      await expect(startEmbedded({ dataDir: path.join(locked, 'data') })).rejects.toThrow(
        `${locked} (the parent of the data directory) lacks search/execute (x) permission for user zhili`,
      );
    },
    T,
  );

  it(
    'moves to a free port when the stored one is taken, and records it',
    async () => {
      const dir = await clone('port-taken');
      const { port } = JSON.parse(await fs.readFile(path.join(dir, 'cluster.json'), 'utf8')) as { port: number };
      const squatter = net.createServer();
      await new Promise<void>((resolve, reject) => {
        squatter.once('error', reject);
        squatter.listen(port, '127.0.0.1', resolve);
      });
      try {
        const c = await start(dir);
        const newPort = Number(new URL(c.url).port);
        expect(newPort).not.toBe(port);
        expect(JSON.parse(await fs.readFile(path.join(dir, 'cluster.json'), 'utf8'))).toMatchObject({ port: newPort });
        expect(await query(c.url, 'select 1 as one')).toEqual([{ one: 1 }]);
        await c.stop();
      } finally {
        await new Promise((r) => squatter.close(r));
      }
    },
    T,
  );

  it(
    'discards a partial pg.init-* left by an interrupted first start',
    async () => {
      const dir = path.join(root, 'partial');
      await fs.mkdir(dir);
      await fs.mkdir(path.join(dir, 'pg.init-dead', 'base'), { recursive: true });
      await fs.copyFile(path.join(template, 'pg', 'PG_VERSION'), path.join(dir, 'pg.init-dead', 'PG_VERSION'));
      await fs.writeFile(path.join(dir, 'pg.init-dead.pw'), 'secret\n');
      const c = await start(dir);
      expect((await fs.readdir(dir)).filter((e) => e.startsWith('pg.init-'))).toEqual([]);
      expect(await query(c.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      await c.stop();
    },
    T,
  );

  it(
    'starts cleanly after the first start was SIGKILLed during initdb',
    async () => {
      const dir = path.join(root, 'killed-initdb');
      const { child, exit } = await startChild(dir, 'hold', false);
      const inProgress = async (): Promise<boolean> => {
        const names = await fs.readdir(dir).catch(() => [] as string[]);
        const tmp = names.find((n) => n.startsWith('pg.init-') && !n.endsWith('.pw'));
        return tmp !== undefined && (await fs.readdir(path.join(dir, tmp)).catch(() => [])).length > 3;
      };
      expect(await waitFor(inProgress, 30_000)).toBe(true);
      child.kill('SIGKILL');
      await exit;
      const c = await start(dir);
      expect((await fs.readdir(dir)).filter((e) => e.startsWith('pg.init-'))).toEqual([]);
      expect(await query(c.url, 'select current_database() db')).toEqual([{ db: 'zhili' }]);
      expect(await pidsMentioning(path.join(dir, 'pg.init-'))).toEqual([]);
      await c.stop();
    },
    T,
  );

  it(
    'stops the postmaster within seconds when its owner is SIGKILLed; data survives',
    async () => {
      const dir = await clone('owner-killed');
      const { child, info, exit } = await startChild(dir, 'hold');
      expect(info).toMatchObject({ owner: true });
      await query(info.url!, 'create table kept (v text); insert into kept values ($$before kill$$)');
      const pid = await postmasterPid(dir);
      expect(pid && alive(pid)).toBe(true);
      child.kill('SIGKILL');
      await exit;
      expect(await waitFor(() => !alive(pid!), 5_000)).toBe(true);
      const c = await start(dir);
      expect(c.owner).toBe(true);
      expect(await query(c.url, 'select v from kept')).toEqual([{ v: 'before kill' }]);
      await c.stop();
    },
    T,
  );

  it(
    'stops a true orphan (owner and its guard killed) and recovers its data',
    // Making an orphan means killing the guard's processes one by one while the system runs;
    // under heavy load the listing can race a fork. The supervisor is not what is retried.
    { timeout: T, retry: 2 },
    async () => {
      const dir = await clone('orphan');
      const { child, info, exit } = await startChild(dir, 'hold');
      await query(info.url!, 'create table kept (v text); insert into kept values ($$committed$$)');
      const pid = (await postmasterPid(dir))!;
      // Kill the guard shell and its pipe watcher (both carry the data dir in their argv) first,
      // so nothing is left to stop the postmaster.
      const guards = (await pidsMentioning(path.join(dir, 'pg'))).filter((p) => p !== pid);
      expect(guards.length).toBe(2);
      for (const p of guards) process.kill(p, 'SIGKILL');
      child.kill('SIGKILL');
      await exit;
      await new Promise((r) => setTimeout(r, 300));
      const log = await fs.readFile(path.join(dir, 'postgres.log'), 'utf8');
      expect(alive(pid), `postmaster died:\n${log.slice(-1500)}`).toBe(true); // a real orphan now
      const c = await start(dir);
      expect(c.owner).toBe(true);
      expect(alive(pid)).toBe(false);
      expect(await postmasterPid(dir)).not.toBe(pid);
      expect(await query(c.url, 'select v from kept')).toEqual([{ v: 'committed' }]);
      await c.stop();
    },
  );

  it(
    'a second process on the same directory shares the cluster; its stop() leaves it running',
    async () => {
      const dir = await clone('shared');
      const a = await start(dir);
      const pid = await postmasterPid(dir);
      const b = await start(dir);
      expect(b.owner).toBe(false);
      expect(b.url).toBe(a.url);
      await b.stop();
      expect(await query(a.url, 'select 1 as one')).toEqual([{ one: 1 }]);

      const { info, exit } = await startChild(dir, 'once');
      expect(info).toMatchObject({ owner: false, url: a.url });
      expect(await exit).toBe(0);
      expect(await postmasterPid(dir)).toBe(pid);
      expect(await query(a.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      await a.stop();
      expect(alive(pid!)).toBe(false);
    },
    T,
  );

  it(
    'a failed start rejects with EmbeddedStartError quoting postgres.log, and cleans up',
    async () => {
      const dir = await clone('broken');
      const auto = path.join(dir, 'pg', 'postgresql.auto.conf');
      const original = await fs.readFile(auto, 'utf8');
      await fs.appendFile(auto, "max_locks_per_transaction = 'banana'\n");
      const err: unknown = await startEmbedded({ dataDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmbeddedStartError);
      const e = err as EmbeddedStartError;
      expect(e.message).toMatch(/exited during startup/);
      expect(e.message).toContain('invalid value for parameter "max_locks_per_transaction"');
      expect(e.logTail.length).toBeGreaterThan(0);
      expect(e.logTail.length).toBeLessThanOrEqual(20);
      expect(await pidsMentioning(path.join(dir, 'pg'))).toEqual([]);
      expect(await fs.readdir(dir)).not.toContain('supervisor.json');
      expect(await fs.readdir(dir)).not.toContain('supervisor.lock');

      await fs.writeFile(auto, original); // repaired: the next start just works
      const c = await start(dir);
      expect(c.owner).toBe(true);
      await c.stop();
    },
    T,
  );

  it(
    'a start that is not ready in time rejects with EmbeddedStartError and leaves nothing running',
    async () => {
      const dir = await clone('slow');
      const err: unknown = await startEmbedded({ dataDir: dir, startTimeoutMs: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmbeddedStartError);
      expect((err as Error).message).toMatch(/not ready in time/);
      expect(await pidsMentioning(path.join(dir, 'pg'))).toEqual([]);
    },
    T,
  );

  it(
    'ignores a stale postmaster.pid, whether its pid is dead or reused by another program',
    async () => {
      const dir = await clone('stale-pid');
      const pidFile = path.join(dir, 'pg', 'postmaster.pid');
      const dead = spawn('true');
      await new Promise((r) => dead.once('exit', r));
      await fs.writeFile(pidFile, `${dead.pid}\n${path.join(dir, 'pg')}\n0\n5432\n\n\n`);
      const c1 = await start(dir);
      await c1.stop();

      const other = spawn('sleep', ['30']);
      try {
        await fs.writeFile(pidFile, `${other.pid}\n${path.join(dir, 'pg')}\n0\n5432\n\n\n`);
        const c2 = await start(dir);
        expect(await query(c2.url, 'select 1 as one')).toEqual([{ one: 1 }]);
        await c2.stop();
        expect(alive(other.pid!)).toBe(true);
      } finally {
        other.kill('SIGKILL');
      }
    },
    T,
  );

  it('hydrates missing library symlinks as relative links, idempotently', async () => {
    const pkg = path.join(root, 'fake-pkg');
    await fs.mkdir(path.join(pkg, 'native', 'lib'), { recursive: true });
    await fs.writeFile(path.join(pkg, 'native', 'lib', 'libfoo.so.1.2'), '');
    const links = [
      { source: 'native/lib/libfoo.so.1.2', target: 'native/lib/libfoo.so.1' },
      { source: 'native/lib/libfoo.so.1.2', target: 'native/lib/libfoo.so' },
      { source: 'native/lib/libfoo.so.1.2', target: 'escape' }, // outside native/: ignored
    ];
    await fs.writeFile(path.join(pkg, 'native', 'pg-symlinks.json'), JSON.stringify(links));
    await hydrateSymlinks(pkg);
    await hydrateSymlinks(pkg);
    expect(await fs.readlink(path.join(pkg, 'native', 'lib', 'libfoo.so.1'))).toBe('libfoo.so.1.2');
    expect(await fs.readlink(path.join(pkg, 'native', 'lib', 'libfoo.so'))).toBe('libfoo.so.1.2');
    await expect(fs.lstat(path.join(pkg, 'escape'))).rejects.toThrow();
  });

  it(
    'leaves no PostgreSQL process running',
    async () => {
      expect(await waitFor(async () => (await pidsMentioning(root)).length === 0, 5_000)).toBe(true);
    },
    T,
  );
});
