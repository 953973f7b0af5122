import type { ErrorDetail } from '@zhili/contracts';

/** One bad row of a CSV import, as the table shows it. */
export interface ImportRowError {
  key: number;
  line: number | null;
  field: string;
  message: string;
  code: string;
}

/**
 * Reads the server's details (`path` like `line 17.code`, or `line 17` for a whole-row problem)
 * into rows sorted by line. Paths of another shape are kept whole in `field`.
 */
export function importRowErrors(details: ErrorDetail[]): ImportRowError[] {
  return details
    .map((d, i) => {
      const m = /^line\s+(\d+)(?:\.(.+))?$/i.exec(d.path.trim());
      return {
        key: i,
        line: m ? Number(m[1]) : null,
        field: m ? (m[2] ?? '') : d.path,
        message: d.message,
        code: d.code,
      };
    })
    .sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) || a.key - b.key);
}
