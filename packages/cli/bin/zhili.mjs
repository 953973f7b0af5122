#!/usr/bin/env node
// The zhili command: runs the bundled CLI (built by `npm run build`, or on demand by `npm start`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/zhili.mjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('zhili is not built yet: run `npm run build` (or `npm start`) in the repository first.');
  process.exit(1);
}
await import(bundle);
