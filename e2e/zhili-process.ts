import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file (or its bundle) holding packages/cli. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'packages', 'cli', 'bin', 'zhili.mjs'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
const root = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const CLI = path.join(root, 'packages/cli/bin/zhili.mjs');

export interface ZhiliProcess {
  proc: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Runs the built `zhili start` as a user would and waits for the URL it prints. The embedded
 * database is used unless `env.DATABASE_URL` is given.
 */
export async function startZhili(opts: {
  dataDir: string;
  env?: Record<string, string>;
  args?: string[];
  timeoutMs?: number;
}): Promise<ZhiliProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...opts.env };
  if (!opts.env?.DATABASE_URL) delete env.DATABASE_URL;
  const proc = spawn(
    process.execPath,
    [CLI, 'start', '--port', '0', '--host', '127.0.0.1', '--data-dir', opts.dataDir, ...(opts.args ?? [])],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`zhili did not start in time:\n${out}`)),
      opts.timeoutMs ?? 120_000,
    );
    const onData = () => {
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    proc.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`zhili exited (${code}) before starting:\n${out}`));
    });
  });
  return { proc, url, output: () => out, exited };
}

/** A browser-like client: logs in, keeps the cookie, sends the CSRF token on writes. */
export async function loginClient(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    async call(method: string, p: string, body?: unknown): Promise<Response> {
      return fetch(`${url}${p}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
  };
}

/** True when a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
