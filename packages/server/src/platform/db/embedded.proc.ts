import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export /** Resolves with `p`, or with `fallback` after `ms` (without keeping the process alive longer). */
async function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((r) => (timer = setTimeout(() => r(fallback), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The unprivileged OS account PostgreSQL runs as when zhili runs as root. */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

/** Whether `pid` is a live process. Zombies count as dead: they are only waiting to be reaped. */
export async function pidAlive(pid: number): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // In containers PID 1 often never reaps, so a dead child can linger as a zombie for good.
  const stat = await procStat(pid);
  return stat?.state !== 'Z';
}

/** State and start time (clock ticks since boot) of a process, from /proc; undefined elsewhere. */
export async function procStat(pid: number): Promise<{ state: string; startTime: string; ppid: number } | undefined> {
  try {
    const text = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '', ppid: Number(rest[1]), startTime: rest[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** argv of a process (Linux), or undefined when it cannot be read. */
export async function procArgv(pid: number): Promise<string[] | undefined> {
  try {
    const raw = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((s) => s !== '');
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is a postmaster serving `pgDir`: 'yes', 'no' (certainly not: e.g. the pid was
 * reused by another program), or 'unknown' where /proc is unavailable (macOS).
 */
export async function isPostmasterOf(pid: number, pgDir: string): Promise<'yes' | 'no' | 'unknown'> {
  if (!(await pidAlive(pid))) return 'no';
  const argv = await procArgv(pid);
  if (!argv) return process.platform === 'linux' ? 'no' : 'unknown';
  const exe = argv[0] ? path.basename(argv[0]) : '';
  if (exe !== 'postgres' && !exe.startsWith('postgres:')) return 'no';
  const real = await fs.realpath(pgDir).catch(() => pgDir);
  if (argv.some((a) => a === pgDir || a === real)) return 'yes';
  // The postmaster chdirs into its data directory: a relative -D still identifies it.
  const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  return cwd === real ? 'yes' : 'no';
}

/** Pids of processes whose argv mentions `needle` (Linux; empty elsewhere). */
export async function pidsMentioning(needle: string): Promise<number[]> {
  const entries = await fs.readdir('/proc').catch(() => [] as string[]);
  const found: number[] = [];
  for (const e of entries) {
    const pid = Number(e);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const argv = await procArgv(pid);
    if (argv?.some((a) => a.includes(needle))) found.push(pid);
  }
  return found;
}

/** Resolves once `pid` is gone, or false after `ms`. */
export async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (await pidAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Stops a postmaster the way pg_ctl does, escalating: SIGINT (fast shutdown: clean, WAL flushed),
 * then SIGQUIT (immediate: crash recovery at next start), then SIGKILL. Returns whether it died.
 */
export async function terminate(pid: number, graceMs = 30_000): Promise<boolean> {
  for (const [signal, wait] of [
    ['SIGINT', graceMs],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return true;
      throw new Error(`Cannot signal PostgreSQL process ${pid}: ${(err as Error).message}`, { cause: err });
    }
    if (await waitGone(pid, wait)) return true;
  }
  return false;
}

/** Whether 127.0.0.1:`port` can be bound right now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A port the kernel considers free on 127.0.0.1 (bind to port 0 and read back the choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

/**
 * The OS account `name`, created as a system user when missing. Only called as root:
 * PostgreSQL refuses to run with uid 0.
 */
export async function ensureServiceUser(name = 'zhili'): Promise<RunAs> {
  const lookup = async (): Promise<RunAs | undefined> => {
    let line: string | undefined;
    try {
      line = (await run('getent', ['passwd', name])).stdout.trim();
    } catch (err) {
      // No getent (minimal images): read /etc/passwd. Exit code 2 means "no such user".
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
      const passwd = await fs.readFile('/etc/passwd', 'utf8').catch(() => '');
      line = passwd.split('\n').find((l) => l.startsWith(`${name}:`));
    }
    const f = line?.split(':');
    if (!f || f.length < 4) return undefined;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    return Number.isInteger(uid) && Number.isInteger(gid) && uid > 0 ? { name, uid, gid } : undefined;
  };
  const found = await lookup();
  if (found) return found;
  const cmd = `useradd --system --no-create-home --shell /usr/sbin/nologin ${name}`;
  let why = '';
  try {
    await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
  } catch (err) {
    why = ` (${(err as Error).message.trim()})`;
  }
  const created = await lookup();
  if (created) return created;
  throw new Error(
    `PostgreSQL refuses to run as root, so zhili runs it as the OS user "${name}", which does not ` +
      `exist and could not be created${why}. Create it (as root: \`${cmd}\`) or run zhili as a ` +
      'non-root user.',
  );
}

/**
 * Runs `argv` under a tiny /bin/sh guard that ties its life to ours: the guard holds the read end
 * of a pipe whose write end only this Node process has. When that pipe reaches EOF — stop(),
 * normal exit, crash or SIGKILL of Node alike — the guard sends SIGINT (PostgreSQL's fast
 * shutdown; initdb's "clean up and quit") and waits. SIGTERM/SIGINT to the guard do the same.
 * The guard exits with the program's status, so an early failure is seen as the child's exit.
 */
const GUARD = [
  'exec 3<&0 0</dev/null',
  '"$@" 3<&- &',
  'pg=$!',
  `trap 'kill -INT "$pg" 2>/dev/null' INT TERM HUP`,
  // Repeat the SIGINT: one sent before postgres installed its handlers would be lost (an
  // asynchronous list starts with SIGINT ignored), and a repeat is harmless during shutdown.
  '( while read -r _ <&3; do :; done; while kill -INT "$pg" 2>/dev/null; do sleep 1; done ) &',
  'w=$!',
  'exec 3<&-',
  'st=0',
  // wait returns early when a trap fires; loop until the program has really been reaped.
  'while :; do wait "$pg"; st=$?; kill -0 "$pg" 2>/dev/null || break; done',
  'kill "$w" 2>/dev/null',
  'exit "$st"',
].join('\n');

/** Spawns `argv` under the guard; stdout/stderr go to `logFd`. Release with `child.stdin.destroy()`. */
export function spawnGuarded(
  argv: string[],
  opts: { logFd: number; runAs: RunAs | undefined; env: NodeJS.ProcessEnv },
): ChildProcess {
  const child = spawn('/bin/sh', ['-c', GUARD, 'zhili-pg-guard', ...argv], {
    stdio: ['pipe', opts.logFd, opts.logFd],
    // Own process group: a Ctrl-C meant for zhili must not hit PostgreSQL before zhili decides.
    detached: true,
    cwd: '/',
    env: opts.env,
    ...(opts.runAs ? { uid: opts.runAs.uid, gid: opts.runAs.gid } : {}),
  });
  // Our lifetime is what keeps PostgreSQL alive, not the reverse: do not hold the event loop open.
  child.unref();
  // stdin is a socket (libuv pipe) at runtime, though typed as a plain Writable.
  if (child.stdin instanceof net.Socket) child.stdin.unref();
  child.stdin?.on('error', () => undefined); // EPIPE once the guard has gone
  return child;
}

/** Resolves with the exit code (or signal) of `child`, immediately if it already exited. */
export function exited(child: ChildProcess): Promise<string> {
  if (child.exitCode !== null) return Promise.resolve(`exit code ${child.exitCode}`);
  if (child.signalCode !== null) return Promise.resolve(`signal ${child.signalCode}`);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code ?? '?'}`));
    child.once('error', (err) => resolve(`spawn error: ${err.message}`));
  });
}
