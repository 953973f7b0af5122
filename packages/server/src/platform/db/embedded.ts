import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { checkAccessFor, loadBinaries, type PgBinaries } from './embedded.binaries.ts';
import {
  acquireLock,
  chownTree,
  exists,
  idAlive,
  layoutOf,
  logTail,
  readClusterFile,
  readPidFile,
  readProcessId,
  removeIfOurs,
  removeStaleInitDirs,
  rotateLog,
  selfId,
  writeJsonAtomic,
  type ClusterFile,
  type Layout,
} from './embedded.files.ts';
import {
  ensureServiceUser,
  exited,
  freePort,
  isPostmasterOf,
  pidAlive,
  portFree,
  spawnGuarded,
  terminate,
  waitGone,
  within,
  type RunAs,
} from './embedded.proc.ts';
import { ensureDatabase, urlOf, waitReady } from './embedded.sql.ts';

export interface EmbeddedOptions {
  /** zhili's data directory; the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  /** Receives one line per supervisor event (initdb, orphan stopped, port moved…). */
  log?: (line: string) => void;
  /** How long PostgreSQL may take to accept connections (crash recovery included). Default 60 s. */
  startTimeoutMs?: number;
}

export interface EmbeddedCluster {
  /** `postgres://zhili:<password>@127.0.0.1:<port>/zhili` */
  url: string;
  /** true when this process started the postmaster and must stop it */
  owner: boolean;
  /** Owner: fast-shuts PostgreSQL down and resolves once it has exited. Otherwise a no-op. */
  stop(): Promise<void>;
}

/** Starting (or joining) the embedded cluster failed; the message ends with postgres.log's tail. */
export class EmbeddedStartError extends Error {
  /** The last lines PostgreSQL (or initdb) logged during this attempt. */
  readonly logTail: string[];

  constructor(message: string, logFile: string, logTail: string[], options?: ErrorOptions) {
    super(
      logTail.length > 0
        ? `${message}\n--- last lines of ${logFile} ---\n${logTail.join('\n')}`
        : `${message} (${logFile} has no lines for this attempt)`,
      options,
    );
    this.name = 'EmbeddedStartError';
    this.logTail = logTail;
  }
}

const USER = 'zhili';
const DATABASE = 'zhili';
const INITDB_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

/**
 * Fixed on the command line, where ALTER SYSTEM / postgresql.auto.conf cannot override them:
 * loopback TCP only, no Unix socket (nothing to secure or clean up), and memory small enough for
 * zhili + PostgreSQL to idle well under 300 MB RSS.
 */
const SETTINGS = [
  'listen_addresses=127.0.0.1',
  'unix_socket_directories=',
  'password_encryption=scram-sha-256',
  'shared_buffers=32MB',
  'max_connections=50',
  'work_mem=4MB',
  'maintenance_work_mem=32MB',
  'effective_cache_size=256MB',
  'max_wal_size=256MB',
  'min_wal_size=32MB',
  'huge_pages=off',
  'jit=off',
  'max_worker_processes=4',
  'max_parallel_workers=2',
  'max_parallel_workers_per_gather=1',
  'autovacuum_max_workers=2',
  'logging_collector=off',
  'cluster_name=zhili',
].flatMap((s) => ['-c', s]);

interface Ctx {
  L: Layout;
  bins: PgBinaries;
  runAs: RunAs | undefined;
  log: (line: string) => void;
  timeoutMs: number;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A clean environment: an inherited PGDATA, PGPORT, PGOPTIONS… must not change what runs. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' };
  if (process.env.TZ) env.TZ = process.env.TZ;
  return env;
}

/**
 * Starts the embedded PostgreSQL for `dataDir`, or joins the one a live zhili process already
 * runs there (then `owner` is false and `stop()` leaves it running). Creates the cluster and the
 * `zhili` database on first use, stops a postmaster orphaned by a killed zhili, and ties the
 * postmaster's life to this process so it never outlives it. Rejects with EmbeddedStartError
 * (message includes postgres.log's tail) when PostgreSQL fails to come up.
 */
export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedCluster> {
  if (process.platform === 'win32') {
    throw new Error('The embedded PostgreSQL needs a POSIX system; set DATABASE_URL to an external PostgreSQL.');
  }
  const L = layoutOf(path.resolve(opts.dataDir));
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  // Parents get the default mode (a recursive mkdir would make them 0700 too, and so
  // untraversable by the PostgreSQL account); only the data dir itself is private.
  await fs.mkdir(path.dirname(L.dataDir), { recursive: true });
  await fs.mkdir(L.dataDir, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const bins = await loadBinaries();
  // PostgreSQL refuses uid 0: as root, run it as a dedicated unprivileged account.
  const runAs = process.getuid?.() === 0 ? await ensureServiceUser(USER) : undefined;
  if (runAs) {
    await checkAccessFor(bins, L.dataDir, runAs);
    await letTraverse(L.dataDir, runAs);
  }
  const ctx: Ctx = { L, bins, runAs, log, timeoutMs };
  const release = await acquireLock(L.lockFile, timeoutMs + INITDB_TIMEOUT_MS);
  try {
    return await startLocked(ctx);
  } finally {
    await release();
  }
}

/**
 * Lets `user` reach `<dataDir>/pg` without owning the data directory itself: root keeps writing
 * cluster.json and postgres.log there, and must never do so in a directory the PostgreSQL account
 * could fill with symlinks. Group `zhili` + g+x is enough (the cluster dir itself is chowned).
 */
async function letTraverse(dataDir: string, user: RunAs): Promise<void> {
  const st = await fs.stat(dataDir);
  if (st.uid === user.uid || st.mode & 0o001) return;
  if (st.gid !== user.gid) await fs.chown(dataDir, st.uid, user.gid);
  if (!(st.mode & 0o010)) await fs.chmod(dataDir, (st.mode & 0o7777) | 0o010);
}

async function startLocked(ctx: Ctx): Promise<EmbeddedCluster> {
  const { L, log } = ctx;
  const pidFile = await readPidFile(L.pgDir);
  if (pidFile && (await isPostmasterOf(pidFile.pid, L.pgDir)) !== 'no') {
    const owner = await readProcessId(L.supervisorFile);
    if (owner && (await idAlive(owner))) {
      const joined = await join(ctx, pidFile, owner.pid);
      if (joined) return joined;
      log(`the PostgreSQL of zhili process ${owner.pid} shut down while joining it; starting it here`);
    } else {
      // Its zhili died without its guard stopping it (guard killed too): an orphan. Never run a
      // second postmaster on one directory; stop it cleanly, and crash recovery does the rest.
      log(`stopping orphaned PostgreSQL (pid ${pidFile.pid}); the zhili process that ran it is gone`);
      if (!(await terminate(pidFile.pid))) throw new Error(`Could not stop orphaned PostgreSQL process ${pidFile.pid}`);
    }
  } else if (pidFile && (await pidAlive(pidFile.pid))) {
    // The pid was reused by an unrelated process: PostgreSQL would refuse to start because of it.
    log(`removing stale ${L.pgDir}/postmaster.pid (pid ${pidFile.pid} is not our PostgreSQL)`);
    await fs.rm(path.join(L.pgDir, 'postmaster.pid'), { force: true });
  }
  for (const dir of await removeStaleInitDirs(L.dataDir)) log(`removed ${dir} left by an interrupted initdb`);
  if (!(await exists(path.join(L.pgDir, 'PG_VERSION')))) {
    if (await exists(L.pgDir)) {
      throw new Error(`${L.pgDir} exists but is not a PostgreSQL data directory; move it away and start again.`);
    }
    await initCluster(ctx);
  }
  return launch(ctx);
}

/**
 * Joins the cluster a live zhili process owns: same url, and stop() leaves it alone. Undefined
 * when that postmaster exits meanwhile (its owner is stopping it), so the caller starts one.
 */
async function join(
  ctx: Ctx,
  pm: { pid: number; port: number },
  ownerPid: number,
): Promise<EmbeddedCluster | undefined> {
  const cfg = await readClusterFile(ctx.L.clusterFile);
  if (!cfg) throw new Error(`${ctx.L.clusterFile} is missing: cannot connect to the running PostgreSQL`);
  const from = (await fs.stat(ctx.L.logFile).catch(() => undefined))?.size ?? 0;
  const gone = async (): Promise<string | undefined> => ((await pidAlive(pm.pid)) ? undefined : 'it stopped');
  try {
    await waitReady(cfg, pm.port, DATABASE, Date.now() + ctx.timeoutMs, gone);
  } catch (err) {
    if (await gone()) return undefined;
    throw new EmbeddedStartError(message(err), ctx.L.logFile, await logTail(ctx.L.logFile, from), { cause: err });
  }
  ctx.log(`sharing the PostgreSQL run by zhili process ${ownerPid} (port ${pm.port})`);
  return { url: urlOf(cfg, pm.port, DATABASE), owner: false, stop: () => Promise.resolve() };
}

/** Runs `argv` under the guard with output appended to postgres.log; returns the child and log offset. */
function spawnLogged(ctx: Ctx, argv: string[], banner: string): { child: ChildProcess; from: number } {
  // Opened by us, inherited by PostgreSQL: it needs no access to the path. O_NOFOLLOW: never
  // append (possibly as root) to whatever a planted symlink points at.
  const fd = openSync(
    ctx.L.logFile,
    constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    const from = fstatSync(fd).size;
    writeSync(fd, `=== zhili: ${banner} at ${new Date().toISOString()} ===\n`);
    // spawn() duplicates the descriptor into the child synchronously, so ours can close after.
    return { child: spawnGuarded(argv, { logFd: fd, runAs: ctx.runAs, env: childEnv() }), from };
  } finally {
    closeSync(fd);
  }
}

/**
 * initdb into `pg.init-<random>`, then write cluster.json and rename to `pg`: a `pg` directory
 * therefore always is a complete cluster with known credentials, whatever moment zhili is killed.
 */
async function initCluster(ctx: Ctx): Promise<void> {
  const { L, runAs } = ctx;
  const tmp = path.join(L.dataDir, `pg.init-${randomBytes(6).toString('hex')}`);
  // Named pg.init-* too, so that a kill before the cleanup below still gets it removed next time.
  const pwFile = `${tmp}.pw`;
  const password = randomBytes(24).toString('base64url');
  ctx.log(`creating the PostgreSQL cluster in ${L.pgDir}`);
  await fs.mkdir(tmp, { mode: 0o700 });
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (runAs) {
      await fs.chown(tmp, runAs.uid, runAs.gid);
      await fs.chown(pwFile, runAs.uid, runAs.gid);
    }
    const argv = [ctx.bins.initdb, '-D', tmp, '-U', USER, '--auth=scram-sha-256', `--pwfile=${pwFile}`];
    argv.push('--encoding=UTF8', '--no-locale', '--no-instructions');
    const { child, from } = spawnLogged(ctx, argv, 'initdb');
    const status = await within(exited(child), INITDB_TIMEOUT_MS, 'timeout');
    child.stdin?.destroy(); // on timeout this makes the guard interrupt initdb
    if (status === 'timeout') await within(exited(child), 10_000, 'timeout');
    if (status !== 'exit code 0') {
      const tail = await logTail(L.logFile, from);
      throw new EmbeddedStartError(`initdb failed (${status})`, L.logFile, tail);
    }
    await writeJsonAtomic(L.clusterFile, { port: await freePort(), password, user: USER });
    await fs.rename(tmp, L.pgDir);
    // Make the rename durable before anything relies on it.
    const dir = await fs.open(L.dataDir, 'r');
    await dir.sync().catch(() => undefined);
    await dir.close();
  } finally {
    await fs.rm(pwFile, { force: true });
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** Starts the postmaster on the stored port, or on a new one when that port is taken. */
async function launch(ctx: Ctx): Promise<EmbeddedCluster> {
  const { L, runAs } = ctx;
  const cfg = await readClusterFile(L.clusterFile);
  if (!cfg) {
    throw new Error(
      `${L.clusterFile} is missing, so the password of the cluster in ${L.pgDir} is unknown. ` +
        'Restore cluster.json from a backup, or move the pg directory away to create a new cluster.',
    );
  }
  if (runAs && (await fs.stat(L.pgDir)).uid !== runAs.uid) {
    ctx.log(`giving ${L.pgDir} to user ${runAs.name}`);
    await chownTree(L.pgDir, runAs);
  }
  await fs.chmod(L.pgDir, 0o700); // PostgreSQL refuses a group/world-accessible data directory
  await rotateLog(L.logFile);
  let port = cfg.port;
  for (let attempt = 1; ; attempt++) {
    if (!(await portFree(port))) {
      const next = await freePort();
      ctx.log(`port ${port} is in use by another program; moving PostgreSQL to port ${next}`);
      port = next;
      await writeJsonAtomic(L.clusterFile, { ...cfg, port });
    }
    const r = await runPostmaster(ctx, cfg, port);
    if ('url' in r) return r;
    // Someone grabbed the port between our check and PostgreSQL's bind: pick another.
    if (!r.portTaken || attempt >= 3) throw r.error;
  }
}

async function runPostmaster(
  ctx: Ctx,
  cfg: ClusterFile,
  port: number,
): Promise<EmbeddedCluster | { error: EmbeddedStartError; portTaken: boolean }> {
  const { L } = ctx;
  const me = await selfId();
  // Written before the spawn: a process arriving now must see a live owner, not an orphan.
  await writeJsonAtomic(L.supervisorFile, me);
  const argv = [ctx.bins.postgres, '-D', L.pgDir, '-c', `port=${port}`, ...SETTINGS];
  const { child, from } = spawnLogged(ctx, argv, `postgres on port ${port}`);
  let status: string | undefined;
  const done = exited(child).then((s) => (status = s));
  // Belt and braces: the pipe's EOF already stops PostgreSQL when we exit; this is just faster.
  const onExit = (): void => void child.kill('SIGTERM');
  process.on('exit', onExit);
  let pmPid: number | undefined;

  const shutdown = async (): Promise<void> => {
    process.off('exit', onExit);
    child.stdin?.destroy(); // EOF: the guard sends SIGINT (fast shutdown) and waits
    const ok = await within(
      done.then(() => true),
      STOP_TIMEOUT_MS,
      false,
    );
    // Unknown if startup failed early; the guard normally reaps it, but make sure it is gone.
    pmPid ??= (await readPidFile(L.pgDir))?.pid;
    if (pmPid && !(ok && (await waitGone(pmPid, 5_000)))) {
      if ((await isPostmasterOf(pmPid, L.pgDir)) !== 'no') await terminate(pmPid, 5_000);
    }
    await removeIfOurs(L.supervisorFile, me);
  };

  try {
    await waitReady(cfg, port, 'postgres', Date.now() + ctx.timeoutMs, () => status);
    pmPid = (await readPidFile(L.pgDir))?.pid;
    await ensureDatabase(cfg, port, DATABASE);
  } catch (err) {
    await shutdown();
    const tail = await logTail(L.logFile, from);
    const portTaken = tail.some((l) => /could not bind|address already in use/i.test(l));
    return { error: new EmbeddedStartError(message(err), L.logFile, tail, { cause: err }), portTaken };
  }
  ctx.log(`PostgreSQL is ready on 127.0.0.1:${port} (pid ${pmPid ?? '?'})`);
  let stopping: Promise<void> | undefined;
  return {
    url: urlOf(cfg, port, DATABASE),
    owner: true,
    stop: () => (stopping ??= shutdown()),
  };
}
