/**
 * Readable incident numbers: prefix, year and a zero-padded serial ('LG-2026-000123'). Serials
 * come from incident_counters a block at a time; this only formats them.
 */

/** The prefix when no region on the incident's path has one configured. */
export const DEFAULT_PREFIX = 'ZL';

/** 'LG-2026-000123': at least six digits, more when the serial needs them. */
export function formatIncidentNumber(prefix: string, year: number, serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 0) throw new RangeError(`bad incident serial ${serial}`);
  return `${prefix}-${year}-${String(serial).padStart(6, '0')}`;
}
