// `npm test`: build what the browser tests serve, then run the whole suite once.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root }).status ?? 1;
const built = run([path.join(root, 'scripts/build.mjs'), '--if-stale']);
if (built !== 0) process.exit(built);
process.exit(run([path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...process.argv.slice(2)]));
