import type { ErrorDetail } from '@zhili/contracts';

/** One bad spot of an imported CSV, as the error table shows it. */
export interface CsvProblem {
  key: number;
  row: number | null;
  column: string;
  message: string;
}

/**
 * Reads the details of a refused import (`row 3.alerts`, `row 3` for a whole row, a bare column
 * name for a header problem) into rows sorted by row then column, so every bad row is listed once
 * in file order.
 */
export function csvProblems(details: readonly ErrorDetail[]): CsvProblem[] {
  return details
    .map((d, i) => {
      const m = /^(?:body\.)?(?:row|line)\s*(\d+)(?:\.(.+))?$/i.exec(d.path.trim());
      return { key: i, row: m ? Number(m[1]) : null, column: m ? (m[2] ?? '') : d.path, message: d.message };
    })
    .sort((a, b) => (a.row ?? -1) - (b.row ?? -1) || a.column.localeCompare(b.column) || a.key - b.key);
}
