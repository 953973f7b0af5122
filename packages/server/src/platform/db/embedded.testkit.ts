/**
 * Helpers for embedded.test.ts: process inspection through /proc, and running startEmbedded in a
 * separate Node process (a second zhili) — Node 20 cannot import .ts itself, so that process
 * loads the module through a small esbuild-based loader hook written next to the test data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Alive and not a zombie (containers' PID 1 may never reap). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

async function livePids(): Promise<number[]> {
  const pids = (await fs.readdir('/proc')).map(Number).filter((p) => Number.isInteger(p) && p !== process.pid);
  return pids.filter(alive);
}

/** Live pids whose command line mentions `needle`, this process excluded. */
export async function pidsMentioning(needle: string): Promise<number[]> {
  const out: number[] = [];
  for (const pid of await livePids()) {
    const cmd = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes(needle)) out.push(pid);
  }
  return out;
}

export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  return pid > 0 ? pid : undefined;
}

export async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

export interface ChildInfo {
  url?: string;
  owner?: boolean;
  error?: string;
}

export interface ChildRun {
  child: ChildProcess;
  info: ChildInfo;
  exit: Promise<number | null>;
}

/**
 * Writes the loader and child script into `dir`; returns a function that runs startEmbedded on a
 * data dir in a new Node process ('hold': stay alive as owner; 'once': start, stop, exit 0).
 */
export async function childRunner(
  dir: string,
): Promise<(dataDir: string, mode: 'hold' | 'once', wait?: boolean) => Promise<ChildRun>> {
  const esbuild = pathToFileURL(createRequire(import.meta.url).resolve('esbuild')).href;
  await fs.writeFile(
    path.join(dir, 'hooks.mjs'),
    `import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import esbuild from ${JSON.stringify(esbuild)};
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const { code } = await esbuild.transform(await readFile(file, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file });
  return { format: 'module', source: code, shortCircuit: true };
}
`,
  );
  await fs.writeFile(
    path.join(dir, 'loader.mjs'),
    `import { register } from 'node:module';\nregister(new URL('./hooks.mjs', import.meta.url).href);\n`,
  );
  const loaderUrl = pathToFileURL(path.join(dir, 'loader.mjs')).href;
  const script = path.join(dir, 'child.mjs');
  const moduleUrl = new URL('./embedded.ts', import.meta.url).href;
  await fs.writeFile(
    script,
    `const { startEmbedded } = await import(${JSON.stringify(moduleUrl)});
const [dataDir, mode] = process.argv.slice(2);
try {
  const c = await startEmbedded({ dataDir });
  process.stdout.write(JSON.stringify({ url: c.url, owner: c.owner }) + '\\n');
  if (mode === 'once') { await c.stop(); process.exit(0); }
  setInterval(() => {}, 60_000);
} catch (err) {
  process.stdout.write(JSON.stringify({ error: String(err?.stack ?? err) }) + '\\n');
  process.exit(1);
}
`,
  );
  return async (dataDir, mode, wait = true) => {
    const child = spawn(process.execPath, ['--import', loaderUrl, script, dataDir, mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    if (!wait) return { child, info: {}, exit };
    const lines = createInterface({ input: child.stdout });
    const first = await Promise.race([
      new Promise<string>((r) => lines.once('line', r)),
      exit.then((code) => JSON.stringify({ error: `child exited with ${code}` })),
    ]);
    return { child, info: JSON.parse(first) as ChildInfo, exit };
  };
}
