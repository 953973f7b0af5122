import ExcelJS from 'exceljs';
import {
  parseDatasetCsv,
  parseDatasetTable,
  type DataImportContext,
  type DataImportResult,
  type DataIssue,
} from './data-import.engine.ts';

/**
 * The XLSX side of data import, kept apart from the engine because exceljs is a heavy dependency
 * the web bundle must not pull in. Reads the first worksheet as a table, then hands over to the
 * same checks as CSV.
 */

/** Text of a cell as a user typed it: numbers in full precision, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return String(value.getUTCFullYear());
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return '';
}

/** Reads the first worksheet into a table and the sheet row number of each table row. */
export async function readXlsxTable(
  data: Uint8Array,
): Promise<{ table: string[][]; lines: number[]; issues: DataIssue[] }> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    return {
      table: [],
      lines: [],
      issues: [
        {
          row: 1,
          column: '',
          code: 'csv_malformed',
          message: `无法读取 XLSX / unreadable XLSX: ${(err as Error).message}`,
        },
      ],
    };
  }
  const sheet = book.worksheets[0];
  const table: string[][] = [];
  const lines: number[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    table.push(cells);
    lines.push(n);
  });
  return { table, lines, issues: [] };
}

/** True when the bytes are a ZIP container (XLSX), not text. */
export const isXlsx = (data: Uint8Array): boolean =>
  data.length > 3 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 3;

/** Parses an uploaded or read file, CSV or XLSX (told apart by its bytes), into a dataset. */
export async function parseDatasetFile(data: Uint8Array, ctx: DataImportContext = {}): Promise<DataImportResult> {
  if (!isXlsx(data)) return parseDatasetCsv(new TextDecoder('utf-8').decode(data), ctx);
  const { table, lines, issues } = await readXlsxTable(data);
  if (issues.length)
    return { ok: false, format: 'wide', dataset: { units: [], rows: [] }, issues, indicators: [], years: [] };
  return parseDatasetTable(table, ctx, lines);
}
