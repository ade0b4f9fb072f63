import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

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

const MAX_ROWS = 5000;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return value.result === undefined ? '' : String(value.result).trim();
    return '';
  }
  return String(value).trim();
}

const sheetProblem = (code: string, message: string): UnitSheet => ({ ok: false, problems: [{ row: 0, field: null, code, message }] });

/**
 * Reads a unit list from an .xlsx workbook (its first sheet) or a UTF-8 CSV file. The first row
 * names the columns: 单位代码 (or 统一社会信用代码) and/or 单位名称; other columns are ignored, and
 * wholly empty rows are skipped. Cells are read as text, so a code of digits keeps its zeros.
 */
export async function readUnitSheet(bytes: Buffer, format: SheetFormat): Promise<UnitSheet> {
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (format === 'xlsx') {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      sheet = workbook.worksheets[0];
    } else {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return sheetProblem('IMPORT.NOT_UTF8', 'The CSV file is not UTF-8 text: save it as "CSV UTF-8" and upload it again.');
      }
      sheet = await workbook.csv.read(Readable.from([text.replace(/^\uFEFF/, '')]), { map: (datum: string) => datum } as never);
    }
  } catch {
    return sheetProblem('IMPORT.UNREADABLE', `The file could not be read as ${format === 'xlsx' ? 'an .xlsx workbook' : 'CSV'}.`);
  }
  if (!sheet || sheet.rowCount === 0) return sheetProblem('IMPORT.NO_ROWS', 'The file holds no rows: the first row names the columns, each further row one unit.');
  const header = sheet.getRow(1);
  let codeColumn = 0;
  let nameColumn = 0;
  header.eachCell((cell, column) => {
    const title = cellText(cell.value).replace(/\s+/g, '');
    if (codeColumn === 0 && UNIT_CODE_HEADERS.includes(title)) codeColumn = column;
    if (nameColumn === 0 && UNIT_NAME_HEADERS.includes(title)) nameColumn = column;
  });
  if (codeColumn === 0 && nameColumn === 0) {
    return sheetProblem('IMPORT.HEADER_MISSING', 'The first row must name the columns 单位代码 (or 统一社会信用代码) and/or 单位名称.');
  }
  const rows: UnitSheetRow[] = [];
  for (let number = 2; number <= sheet.rowCount; number += 1) {
    const row = sheet.getRow(number);
    const code = codeColumn ? cellText(row.getCell(codeColumn).value) : '';
    const name = nameColumn ? cellText(row.getCell(nameColumn).value) : '';
    const anything = row.values && (row.values as ExcelJS.CellValue[]).some((value) => cellText(value) !== '');
    if (!anything) continue;
    rows.push({ row: number, code, name });
  }
  if (rows.length === 0) return sheetProblem('IMPORT.NO_ROWS', 'The file names its columns but lists no unit.');
  if (rows.length > MAX_ROWS) return sheetProblem('IMPORT.TOO_MANY_ROWS', `A campaign covers at most ${MAX_ROWS} units; the file lists ${rows.length}.`);
  return { ok: true, rows, columns: { code: codeColumn > 0, name: nameColumn > 0 } };
}
