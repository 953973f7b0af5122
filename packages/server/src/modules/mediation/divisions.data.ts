import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDivisions, type Divisions } from './divisions.engine.ts';

/** Locates `packages/server/data/divisions.csv` both from source and from the bundled CLI. */
export function divisionsFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(here, '../../../data/divisions.csv'), // packages/server/src/modules/mediation
    path.resolve(here, '../../server/data/divisions.csv'), // packages/cli/dist
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`divisions.csv not found (looked in ${candidates.join(', ')})`);
  return found;
}

let loaded: Divisions | undefined;

/** The division tree, read on first use and kept: 60 kB that never changes while running. */
export function divisions(): Divisions {
  loaded ??= parseDivisions(readFileSync(divisionsFile(), 'utf8'));
  return loaded;
}

/**
 * The place name stored with a hometown: the caller's own when given (it may be finer, '临泉县
 * 老集镇'), else the full name of the code ('安徽省阜阳市临泉县'), else null.
 */
export function hometownNameOf(code: string | null, given: string | null): string | null {
  if (given !== null || code === null) return given;
  return divisions().divisionName(code) ?? null;
}
