import { sql, type SQL } from 'drizzle-orm';

/** A column of a multi-row insert: its name, its PostgreSQL type, and how a row gives its value. */
export type UnnestColumn<T> = readonly [name: string, pgType: string, value: (row: T) => unknown];

/**
 * `insert into <table> (cols) select * from unnest($1::t1[], …)` for `rows`: one parameter per
 * column whatever the number of rows, so a batch of hundreds is one short statement.
 */
export function unnestInsert<T>(
  table: string,
  columns: readonly UnnestColumn<T>[],
  rows: readonly T[],
  tail?: SQL,
): SQL {
  const names = columns.map((c) => `"${c[0]}"`).join(', ');
  const arrays = columns.map((c) => sql`${sql.param(rows.map(c[2]))}::${sql.raw(c[1])}[]`);
  return sql`insert into ${sql.raw(table)} (${sql.raw(names)}) select * from unnest(${sql.join(arrays, sql`, `)})${tail ?? sql``}`;
}
