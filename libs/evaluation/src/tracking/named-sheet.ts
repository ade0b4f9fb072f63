import { CsvNotUtf8Error, csvRows, type SheetRow, SheetTooComplexError, xlsxRows } from './sheet-rows';
import { ZipTooLargeError } from './zip-reader';

export type SheetFormat = 'xlsx' | 'csv';

/** A column the sheet may have: found by any of its header titles (spaces ignored). */
export interface SheetColumn {
  key: string;
  /** The column's name as problems show it (the first title a person would type). */
  title: string;
  headers: readonly string[];
}

/**
 * What a sheet of named columns holds, and how its refusals read. Plain data, so that it crosses
 * into the reader's worker thread. In `tooManyRows`, `{max}`, `{next}` (max + 1) and `{row}` are replaced.
 */
export interface SheetSpec {
  columns: readonly SheetColumn[];
  /** Keys of which at least one column must be found in the header row. */
  requireAny?: readonly string[];
  /** Keys whose columns must all be found in the header row. */
  requireAll?: readonly string[];
  maxRows: number;
  messages: { headerMissing: string; empty: string; noRows: string; tooManyRows: string; tooComplex: string };
}

/** A data row: the text of every column found (empty string when the cell is empty), numbered as the spreadsheet numbers it. */
export interface NamedSheetRow {
  row: number;
  cells: Record<string, string>;
}

export interface SheetProblem {
  /** 0: the sheet as a whole (unreadable, no header). */
  row: number;
  /** The column's title, or null for the sheet as a whole. */
  field: string | null;
  code: string;
  message: string;
}

export type NamedSheet = { ok: true; rows: NamedSheetRow[]; columns: Record<string, boolean> } | { ok: false; problems: SheetProblem[] };

/** What the parts of an .xlsx read may inflate to, in all: a 5,000-row list needs well under 2 MiB. */
export const SHEET_MAX_UNPACKED_BYTES = 32 * 1024 * 1024;

export const sheetProblem = (code: string, message: string): { ok: false; problems: SheetProblem[] } => ({ ok: false, problems: [{ row: 0, field: null, code, message }] });

function rowsOf(bytes: Buffer, format: SheetFormat): Iterator<SheetRow> {
  return format === 'xlsx' ? xlsxRows(bytes, SHEET_MAX_UNPACKED_BYTES) : csvRows(bytes);
}

/**
 * Reads a list from an .xlsx workbook (its first sheet) or a UTF-8 CSV file. The first row names
 * the columns; each column of the spec is found by any of its titles, others are ignored, and wholly
 * empty rows are skipped. Cells are read as text, so a code of digits keeps its zeros. Reading stops
 * at the first data row beyond `spec.maxRows`, and an .xlsx whose parts inflate beyond
 * SHEET_MAX_UNPACKED_BYTES is refused while it is inflated. CPU-bound: services run it in a worker
 * thread (SheetReader).
 */
export function readNamedSheet(bytes: Buffer, format: SheetFormat, spec: SheetSpec): NamedSheet {
  try {
    return readRows(rowsOf(bytes, format), spec);
  } catch (error) {
    if (error instanceof ZipTooLargeError) {
      return sheetProblem('IMPORT.UNPACKED_TOO_LARGE', `工作簿解压后超过 ${SHEET_MAX_UNPACKED_BYTES / 1024 / 1024} MiB，不像一份名单，未读取。`);
    }
    if (error instanceof SheetTooComplexError) return sheetProblem('IMPORT.TOO_COMPLEX', spec.messages.tooComplex);
    if (error instanceof CsvNotUtf8Error) return sheetProblem('IMPORT.NOT_UTF8', 'CSV 文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8”后重新上传。');
    return sheetProblem('IMPORT.UNREADABLE', `文件无法作为${format === 'xlsx' ? ' .xlsx 工作簿' : ' CSV 文件'}读取。`);
  }
}

function readRows(rows: Iterator<SheetRow>, spec: SheetSpec): NamedSheet {
  let next = rows.next();
  if (next.done) return sheetProblem('IMPORT.NO_ROWS', spec.messages.empty);
  const columnOf = new Map<string, number>();
  if (next.value.row === 1) {
    for (const [column, text] of [...next.value.cells].sort(([a], [b]) => a - b)) {
      const title = text.replace(/\s+/g, '');
      const found = spec.columns.find((c) => !columnOf.has(c.key) && c.headers.includes(title));
      if (found) columnOf.set(found.key, column);
    }
    next = rows.next();
  }
  const missing = (spec.requireAll ?? []).some((key) => !columnOf.has(key)) || (spec.requireAny !== undefined && !spec.requireAny.some((key) => columnOf.has(key)));
  if (missing) return sheetProblem('IMPORT.HEADER_MISSING', spec.messages.headerMissing);
  const result: NamedSheetRow[] = [];
  for (; !next.done; next = rows.next()) {
    const { row, cells } = next.value;
    if (!next.value.filled) continue;
    if (result.length === spec.maxRows) {
      return sheetProblem('IMPORT.TOO_MANY_ROWS', spec.messages.tooManyRows.replaceAll('{max}', String(spec.maxRows)).replaceAll('{next}', String(spec.maxRows + 1)).replaceAll('{row}', String(row)));
    }
    const named: Record<string, string> = {};
    for (const [key, column] of columnOf) named[key] = cells.get(column) ?? '';
    result.push({ row, cells: named });
  }
  if (result.length === 0) return sheetProblem('IMPORT.NO_ROWS', spec.messages.noRows);
  return { ok: true, rows: result, columns: Object.fromEntries(spec.columns.map((c) => [c.key, columnOf.has(c.key)])) };
}
