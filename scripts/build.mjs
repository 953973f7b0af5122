// Builds what zhili runs from: the CLI+server bundle (esbuild) and the web app (Vite).
// `--if-stale` rebuilds only what is missing or older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ifStale = process.argv.includes('--if-stale');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function stale(output, sources) {
  if (!ifStale || !existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

async function buildCli() {
  const esbuild = await import('esbuild');
  // Workspace packages are TypeScript source: bundle them; every npm dependency stays external.
  const externals = {
    name: 'externals',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) =>
        args.path.startsWith('@zhili/') ? undefined : { path: args.path, external: true },
      );
    },
  };
  await esbuild.build({
    entryPoints: [path.join(root, 'packages/cli/src/main.ts')],
    outfile: path.join(root, 'packages/cli/dist/zhili.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    plugins: [externals],
    logLevel: 'warning',
  });
}

async function buildWeb() {
  const { build } = await import('vite');
  await build({
    root: path.join(root, 'packages/web'),
    logLevel: 'warn',
    configFile: path.join(root, 'packages/web/vite.config.ts'),
  });
}

const t0 = Date.now();
if (
  (!only || only === 'cli') &&
  stale(path.join(root, 'packages/cli/dist/zhili.mjs'), [
    'packages/cli/src',
    'packages/server/src',
    'packages/contracts/src',
    'demo',
  ])
) {
  process.stdout.write('building server and CLI…\n');
  await buildCli();
}
if (
  (!only || only === 'web') &&
  stale(path.join(root, 'packages/web/dist/index.html'), [
    'packages/web/src',
    'packages/web/index.html',
    'packages/contracts/src',
  ])
) {
  process.stdout.write('building web app…\n');
  await buildWeb();
}
if (!ifStale || Date.now() - t0 > 1000)
  process.stdout.write(`build done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
