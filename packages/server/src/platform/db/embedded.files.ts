import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pidAlive, pidsMentioning, procStat, sleep, type RunAs } from './embedded.proc.ts';

/** Where everything of the embedded cluster lives under the data directory. */
export interface Layout {
  dataDir: string;
  pgDir: string;
  clusterFile: string;
  supervisorFile: string;
  lockFile: string;
  logFile: string;
}

export function layoutOf(dataDir: string): Layout {
  return {
    dataDir,
    pgDir: path.join(dataDir, 'pg'),
    clusterFile: path.join(dataDir, 'cluster.json'),
    supervisorFile: path.join(dataDir, 'supervisor.json'),
    lockFile: path.join(dataDir, 'supervisor.lock'),
    logFile: path.join(dataDir, 'postgres.log'),
  };
}

/** Contents of cluster.json: how to reach the cluster. Secret: mode 0600. */
export interface ClusterFile {
  port: number;
  password: string;
  user: string;
}

export async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

/** Writes via a temp file + rename so a crash never leaves a half-written JSON file behind. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.tmp-${randomBytes(4).toString('hex')}`;
  const fh = await fs.open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
}

export async function readClusterFile(file: string): Promise<ClusterFile | undefined> {
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const v: unknown = JSON.parse(raw);
  const port: unknown = typeof v === 'object' && v !== null ? Reflect.get(v, 'port') : undefined;
  const password: unknown = typeof v === 'object' && v !== null ? Reflect.get(v, 'password') : undefined;
  const user: unknown = typeof v === 'object' && v !== null ? Reflect.get(v, 'user') : undefined;
  if (typeof port !== 'number' || typeof password !== 'string' || typeof user !== 'string') {
    throw new Error(`${file} is malformed: expected { port, password, user }`);
  }
  return { port, password, user };
}

/** Identity of a process that survives pid reuse: the pid plus its start time. */
export interface ProcessId {
  pid: number;
  startTime?: string;
}

export async function selfId(): Promise<ProcessId> {
  const st = await procStat(process.pid);
  return st ? { pid: process.pid, startTime: st.startTime } : { pid: process.pid };
}

/** Whether the process recorded in `id` is still the same live process. */
export async function idAlive(id: ProcessId): Promise<boolean> {
  if (!(await pidAlive(id.pid))) return false;
  if (!id.startTime) return true;
  const st = await procStat(id.pid);
  return !st || st.startTime === id.startTime;
}

export async function readProcessId(file: string): Promise<ProcessId | undefined> {
  try {
    const v: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    const pid: unknown = typeof v === 'object' && v !== null ? Reflect.get(v, 'pid') : undefined;
    const startTime: unknown = typeof v === 'object' && v !== null ? Reflect.get(v, 'startTime') : undefined;
    if (typeof pid !== 'number') return undefined;
    return typeof startTime === 'string' ? { pid, startTime } : { pid };
  } catch {
    return undefined;
  }
}

/** Removes `file` only if it still names `id` (a successor may already have replaced it). */
export async function removeIfOurs(file: string, id: ProcessId): Promise<void> {
  const cur = await readProcessId(file);
  if (cur && cur.pid === id.pid && cur.startTime === id.startTime) await fs.rm(file, { force: true });
}

/**
 * An exclusive lock on the data directory for the few seconds of inspecting and starting, so
 * two zhili processes starting together never both decide to start a postmaster. A lock whose
 * holder died is taken over.
 */
export async function acquireLock(file: string, timeoutMs: number): Promise<() => Promise<void>> {
  const me = await selfId();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fh = await fs.open(file, 'wx', 0o600);
      try {
        await fh.writeFile(JSON.stringify(me));
      } finally {
        await fh.close();
      }
      return () => removeIfOurs(file, me);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readProcessId(file);
    const st = await fs.stat(file).catch(() => undefined);
    // An unreadable lock is one being written right now, unless it has been so for long.
    const stale = holder ? !(await idAlive(holder)) : st !== undefined && Date.now() - st.mtimeMs > 10_000;
    if (stale) {
      await fs.rm(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Timed out waiting for process ${holder?.pid ?? '?'} to finish starting PostgreSQL (${file})`);
    }
    await sleep(100);
  }
}

/**
 * Removes `pg.init-*` directories left by an initdb that was interrupted (zhili killed mid-way),
 * first killing any initdb still writing into one.
 */
export async function removeStaleInitDirs(dataDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fs.readdir(dataDir)) {
    if (!name.startsWith('pg.init-')) continue;
    const dir = path.join(dataDir, name);
    for (const pid of await pidsMentioning(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await fs.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    removed.push(dir);
  }
  return removed;
}

/**
 * Gives the tree at `root` to `user`. Children first and the root last, so that an interrupted
 * run is redone next time (the root's owner is what decides whether a walk is needed).
 */
export async function chownTree(root: string, user: RunAs): Promise<void> {
  const st = await fs.lstat(root);
  if (st.isDirectory()) {
    for (const e of await fs.readdir(root)) await chownTree(path.join(root, e), user);
  }
  if (st.uid !== user.uid || st.gid !== user.gid) await fs.lchown(root, user.uid, user.gid);
}

/** Rotates postgres.log when big, so a long-lived install does not fill the disk with it. */
export async function rotateLog(file: string, maxBytes = 10 * 1024 * 1024): Promise<void> {
  const st = await fs.stat(file).catch(() => undefined);
  if (st && st.size > maxBytes) await fs.rename(file, `${file}.1`);
}

/** The last `n` lines of `file` written after byte `from` (or the last lines overall if none). */
export async function logTail(file: string, from: number, n = 20): Promise<string[]> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = (await fh.stat()).size;
    const read = async (start: number): Promise<string[]> => {
      const begin = Math.max(start, size - 64 * 1024);
      const buf = Buffer.alloc(Math.max(0, size - begin));
      await fh.read(buf, 0, buf.length, begin);
      return buf
        .toString('utf8')
        .split('\n')
        .map((l) => l.trimEnd())
        .filter((l) => l !== '');
    };
    let lines = await read(from);
    if (lines.length === 0) lines = await read(0);
    return lines.slice(-n);
  } finally {
    await fh.close();
  }
}

export /** pid and port from `<pgDir>/postmaster.pid`, if present and parseable. */
async function readPidFile(pgDir: string): Promise<{ pid: number; port: number } | undefined> {
  const text = await fs.readFile(path.join(pgDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const lines = text?.split('\n');
  const pid = Number(lines?.[0]);
  const port = Number(lines?.[3]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port } : undefined;
}
