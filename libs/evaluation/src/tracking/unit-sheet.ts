import { type NamedSheet, readNamedSheet, type SheetFormat, type SheetProblem, type SheetSpec } from './named-sheet';

/** The columns of a campaign's unit list: the unit's code (统一社会信用代码 or the bureau's own code) and its name. */
export const UNIT_CODE_HEADERS = ['单位代码', '统一社会信用代码', '单位编码', '预算单位编码'];
export const UNIT_NAME_HEADERS = ['单位名称'];

/** A data row of the sheet as typed, numbered as the spreadsheet numbers it (the header is row 1). */
export interface UnitSheetRow {
  row: number;
  code: string;
  name: string;
}

export interface UnitSheetProblem extends SheetProblem {
  field: '单位代码' | '单位名称' | null;
}

export type UnitSheet = { ok: true; rows: UnitSheetRow[]; columns: { code: boolean; name: boolean } } | { ok: false; problems: UnitSheetProblem[] };

/** A campaign covers at most this many units; reading stops at the first data row beyond it. */
export const UNIT_SHEET_MAX_ROWS = 5000;

export const UNIT_SHEET_SPEC: SheetSpec = {
  columns: [
    { key: 'code', title: '单位代码', headers: UNIT_CODE_HEADERS },
    { key: 'name', title: '单位名称', headers: UNIT_NAME_HEADERS },
  ],
  requireAny: ['code', 'name'],
  maxRows: UNIT_SHEET_MAX_ROWS,
  messages: {
    headerMissing: '第一行须是列名，含“单位代码”（或“统一社会信用代码”）和/或“单位名称”。',
    empty: '文件中没有任何行：第一行为列名，以下每行一个单位。',
    noRows: '文件有列名，但没有列出任何单位。',
    tooManyRows: '一份通知最多覆盖 {max} 个单位；文件第 {row} 行已是第 {next} 个，后面的行未读取。',
    tooComplex: '工作簿的结构远超一份单位名单所需（共享字符串过多），未读取；请只保留单位代码和单位名称两列后重新导入。',
  },
};

/** The campaign unit list out of a sheet read by UNIT_SHEET_SPEC. */
export function toUnitSheet(sheet: NamedSheet): UnitSheet {
  if (!sheet.ok) return { ok: false, problems: sheet.problems as UnitSheetProblem[] };
  return {
    ok: true,
    rows: sheet.rows.map((r) => ({ row: r.row, code: r.cells.code ?? '', name: r.cells.name ?? '' })),
    columns: { code: sheet.columns.code === true, name: sheet.columns.name === true },
  };
}

/** Reads a campaign's unit list on the calling thread (the bench); services read through SheetReader. */
export function readUnitSheet(bytes: Buffer, format: SheetFormat): UnitSheet {
  return toUnitSheet(readNamedSheet(bytes, format, UNIT_SHEET_SPEC));
}
