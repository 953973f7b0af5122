// `npm run bench`: bundles each bench/*.bench.ts with esbuild (workspace TS inline, npm deps
// external) and runs it in its own process. `npm run bench -- startup` runs the matching ones.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'node_modules', '.cache', 'zhili-bench');
mkdirSync(out, { recursive: true });
const filter = process.argv[2];
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)));
const externals = {
  name: 'externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@zhili/') ? undefined : { path: args.path, external: true },
    );
  },
};
let failed = 0;
for (const f of files) {
  const outfile = path.join(out, f.replace(/\.ts$/, '.mjs'));
  await esbuild.build({
    entryPoints: [path.join(here, f)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [externals],
    logLevel: 'warning',
  });
  process.stdout.write(`\n== ${f}\n`);
  const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: path.join(here, '..') });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
