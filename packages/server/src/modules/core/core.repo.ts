import { or, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** SQL helpers shared by the repositories of regions, organizations and persons. */

/** `%`, `_` and `\` taken literally inside a LIKE pattern. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Rows whose region path (`column`) lies in any of these subtrees; no subtree matches nothing.
 * `like 'p/%'` uses the text_pattern_ops index on regions.path.
 */
export function inAnySubtree(column: AnyColumn, paths: string[]): SQL {
  if (paths.length === 0) return sql`false`;
  return or(...paths.map((p) => sql`(${column} = ${p} or ${column} like ${`${escapeLike(p)}/%`})`)) as SQL;
}

/** True when `err` (or the driver error it wraps) is a unique violation of `constraint`. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pgErr = e as { code?: string; constraint?: string };
    if (pgErr.code === '23505' && pgErr.constraint === constraint) return true;
  }
  return false;
}
