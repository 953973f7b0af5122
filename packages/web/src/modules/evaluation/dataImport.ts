import type { DatasetAvailability, ErrorDetail } from '@zhili/contracts';

/** One problem of a data file, as the error report table shows it. */
export interface DataProblem {
  key: number;
  row: number | null;
  column: string;
  code: string;
  message: string;
}

/**
 * Reads `EVAL_DATA_INVALID` details (`path` like `row 12.PM25`, `row 12` for a whole row, or
 * a bare column name for a header problem) into rows sorted by row, then column.
 */
export function dataProblems(details: ErrorDetail[]): DataProblem[] {
  return details
    .map((d, i) => {
      const m = /^(?:row|line)\s*(\d+)(?:\.(.+))?$/i.exec(d.path.trim());
      return {
        key: i,
        row: m ? Number(m[1]) : null,
        column: m ? (m[2] ?? '') : d.path,
        code: d.code,
        message: d.message,
      };
    })
    .sort((a, b) => (a.row ?? -1) - (b.row ?? -1) || a.column.localeCompare(b.column) || a.key - b.key);
}

/** Background of an availability cell: red (none) through yellow to green (complete). */
export function availabilityColor(share: number): string {
  const s = Math.max(0, Math.min(1, share));
  const hue = Math.round(s * 120); // 0 red → 120 green
  return `hsl(${hue}, 70%, ${s === 1 ? 90 : 82}%)`;
}

/** One row of the availability screen: an indicator, its overall share and its share per year. */
export interface AvailabilityRow {
  code: string;
  share: number;
  byYear: Record<string, number>;
}

/**
 * Joins the all-years answer and the per-year answers of `GET /datasets/:id/availability` into
 * one row per indicator (the order of the all-years answer), for the heat-map table.
 */
export function availabilityRows(
  all: DatasetAvailability,
  perYear: { year: number; data: DatasetAvailability | undefined }[],
): AvailabilityRow[] {
  return all.indicators.map((i) => {
    const byYear: Record<string, number> = {};
    for (const { year, data } of perYear) {
      const hit = data?.indicators.find((x) => x.code === i.code);
      if (hit) byYear[String(year)] = hit.share;
    }
    return { code: i.code, share: i.share, byYear };
  });
}
