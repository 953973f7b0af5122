// `npm start`: build whatever is missing, then run `zhili start` (demo data on first start).
// `npm run zhili -- <command>` runs any other CLI command the same way.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const args = process.argv.slice(2);
const cliArgs = args[0] === '--cli' ? args.slice(1) : ['start', ...args];
process.argv = [process.argv[0], path.join(root, 'packages/cli/bin/zhili.mjs'), ...cliArgs];
await import(path.join(root, 'packages/cli/dist/zhili.mjs'));
