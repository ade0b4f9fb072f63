import { CsvNotUtf8Error, csvRows, type SheetRow, SheetTooComplexError, xlsxRows } from './sheet-rows';
import { ZipTooLargeError } from './zip-reader';

export type SheetFormat = 'xlsx' | 'csv';

/** The columns of a unit list: the unit's code (统一社会信用代码 or the bureau's own code) and its name. */
export const UNIT_CODE_HEADERS = ['单位代码', '统一社会信用代码', '单位编码'];
export const UNIT_NAME_HEADERS = ['单位名称'];

/** A data row of the sheet as typed, numbered as the spreadsheet numbers it (the header is row 1). */
export interface UnitSheetRow {
  row: number;
  code: string;
  name: string;
}

export interface UnitSheetProblem {
  /** 0: the sheet as a whole (unreadable, no header). */
  row: number;
  field: '单位代码' | '单位名称' | null;
  code: string;
  message: string;
}

export type UnitSheet = { ok: true; rows: UnitSheetRow[]; columns: { code: boolean; name: boolean } } | { ok: false; problems: UnitSheetProblem[] };

/** A campaign covers at most this many units; reading stops at the first data row beyond it. */
export const UNIT_SHEET_MAX_ROWS = 5000;
/** What the parts of an .xlsx read may inflate to, in all: a 5,000-row list needs well under 2 MiB. */
export const UNIT_SHEET_MAX_UNPACKED_BYTES = 32 * 1024 * 1024;

const sheetProblem = (code: string, message: string): UnitSheet => ({ ok: false, problems: [{ row: 0, field: null, code, message }] });

function rowsOf(bytes: Buffer, format: SheetFormat): Iterator<SheetRow> {
  return format === 'xlsx' ? xlsxRows(bytes, UNIT_SHEET_MAX_UNPACKED_BYTES) : csvRows(bytes);
}

/**
 * Reads a unit list from an .xlsx workbook (its first sheet) or a UTF-8 CSV file. The first row
 * names the columns: 单位代码 (or 统一社会信用代码) and/or 单位名称; other columns are ignored, and
 * wholly empty rows are skipped. Cells are read as text, so a code of digits keeps its zeros.
 * Reading stops at the first data row beyond UNIT_SHEET_MAX_ROWS, and an .xlsx whose parts inflate
 * beyond UNIT_SHEET_MAX_UNPACKED_BYTES is refused while it is inflated. CPU-bound: the service
 * runs it in a worker thread (UnitSheetReader).
 */
export function readUnitSheet(bytes: Buffer, format: SheetFormat): UnitSheet {
  try {
    return readRows(rowsOf(bytes, format));
  } catch (error) {
    if (error instanceof ZipTooLargeError) {
      return sheetProblem('IMPORT.UNPACKED_TOO_LARGE', `工作簿解压后超过 ${UNIT_SHEET_MAX_UNPACKED_BYTES / 1024 / 1024} MiB，不是一份单位名单，未读取。`);
    }
    if (error instanceof SheetTooComplexError) return sheetProblem('IMPORT.TOO_COMPLEX', '工作簿的结构远超一份单位名单所需（共享字符串过多），未读取；请只保留单位代码和单位名称两列后重新导入。');
    if (error instanceof CsvNotUtf8Error) return sheetProblem('IMPORT.NOT_UTF8', 'CSV 文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8”后重新上传。');
    return sheetProblem('IMPORT.UNREADABLE', `文件无法作为${format === 'xlsx' ? ' .xlsx 工作簿' : ' CSV 文件'}读取。`);
  }
}

function readRows(rows: Iterator<SheetRow>): UnitSheet {
  let next = rows.next();
  if (next.done) return sheetProblem('IMPORT.NO_ROWS', '文件中没有任何行：第一行为列名，以下每行一个单位。');
  let codeColumn = 0;
  let nameColumn = 0;
  if (next.value.row === 1) {
    for (const [column, text] of [...next.value.cells].sort(([a], [b]) => a - b)) {
      const title = text.replace(/\s+/g, '');
      if (codeColumn === 0 && UNIT_CODE_HEADERS.includes(title)) codeColumn = column;
      if (nameColumn === 0 && UNIT_NAME_HEADERS.includes(title)) nameColumn = column;
    }
    next = rows.next();
  }
  if (codeColumn === 0 && nameColumn === 0) {
    return sheetProblem('IMPORT.HEADER_MISSING', '第一行须是列名，含“单位代码”（或“统一社会信用代码”）和/或“单位名称”。');
  }
  const result: UnitSheetRow[] = [];
  for (; !next.done; next = rows.next()) {
    const { row, cells } = next.value;
    if (!next.value.filled) continue;
    if (result.length === UNIT_SHEET_MAX_ROWS) {
      return sheetProblem('IMPORT.TOO_MANY_ROWS', `一份通知最多覆盖 ${UNIT_SHEET_MAX_ROWS} 个单位；文件第 ${row} 行已是第 ${UNIT_SHEET_MAX_ROWS + 1} 个，后面的行未读取。`);
    }
    result.push({ row, code: cells.get(codeColumn) ?? '', name: cells.get(nameColumn) ?? '' });
  }
  if (result.length === 0) return sheetProblem('IMPORT.NO_ROWS', '文件有列名，但没有列出任何单位。');
  return { ok: true, rows: result, columns: { code: codeColumn > 0, name: nameColumn > 0 } };
}
