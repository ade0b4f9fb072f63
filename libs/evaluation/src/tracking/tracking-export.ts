import ExcelJS from 'exceljs';
import { spreadsheetText } from '../spreadsheet-text';
import type { TrackingItem } from './tracking-item';

export type ExportFormat = 'xlsx' | 'csv';

export const STATE_LABELS: Readonly<Record<string, string>> = {
  notice_issued: '已下发通知',
  group_formed: '已成立工作组',
  self_assessment: '自评中',
  internal_review: '内部审核中',
  sealed: '已盖章',
  'submitted.awaiting_acceptance': '已报送待接收',
  'submitted.accepted': '已接收',
  published: '已公开',
};

const SUBMISSION_LABELS: Readonly<Record<TrackingItem['submissionStatus'], string>> = { not_submitted: '未报送', on_time: '按时报送', late: '逾期报送' };
const PUBLICATION_LABELS: Readonly<Record<TrackingItem['publicationStatus'], string>> = { not_due: '未到公开环节', pending: '待公开', overdue: '逾期未公开', published: '已公开' };

type Cell = string | number | { date: string } | { instant: string } | null;

interface Column {
  header: string;
  width: number;
  value: (item: TrackingItem) => Cell;
}

const score = (value: string | null): number | null => (value === null ? null : Number(value));

/** The export's columns, in order: the tracking view's fields under Chinese headers. */
export const EXPORT_COLUMNS: readonly Column[] = [
  { header: '单位名称', width: 36, value: (i) => i.unitName },
  { header: '单位代码', width: 22, value: (i) => i.unitCode },
  { header: '状态', width: 14, value: (i) => STATE_LABELS[i.state] ?? i.state },
  { header: '已审定章节', width: 10, value: (i) => i.sectionsApproved },
  { header: '章节总数', width: 10, value: (i) => i.sectionsTotal },
  { header: '报送截止日期', width: 14, value: (i) => ({ date: i.deadline }) },
  { header: '截止日期已延期', width: 10, value: (i) => (i.deadlineExtended ? '是' : '否') },
  { header: '距截止工作日', width: 12, value: (i) => i.workingDaysLeft },
  { header: '是否逾期', width: 10, value: (i) => (i.overdue ? '是' : '否') },
  { header: '报送情况', width: 12, value: (i) => SUBMISSION_LABELS[i.submissionStatus] },
  { header: '报送时间', width: 18, value: (i) => (i.submittedAt === null ? null : { instant: i.submittedAt }) },
  { header: '自评分', width: 10, value: (i) => score(i.selfScore) },
  { header: '自评等级', width: 10, value: (i) => i.grade },
  { header: '复核分', width: 10, value: (i) => score(i.recheckScore) },
  { header: '复核意见', width: 30, value: (i) => i.recheckRemarks },
  { header: '退回次数', width: 10, value: (i) => i.returns },
  { header: '最近退回原因', width: 30, value: (i) => i.lastReturnReason },
  { header: '发布情况', width: 12, value: (i) => PUBLICATION_LABELS[i.publicationStatus] },
  { header: '发布时间', width: 18, value: (i) => (i.publishedAt === null ? null : { instant: i.publishedAt }) },
  { header: '案卷链接', width: 50, value: (i) => i.link },
];

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** An instant as Asia/Shanghai wall-clock time 'YYYY-MM-DD HH:mm' (China keeps no daylight saving). */
export function shanghaiDateTime(instant: string): string {
  return new Date(new Date(instant).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Builds the export. In the workbook, dates are date cells (the deadline a day, the times Asia/Shanghai
 * wall-clock), counts and scores are numbers. In the CSV (UTF-8 with a byte-order mark, so that Excel
 * reads the Chinese), dates are written 'YYYY-MM-DD' and 'YYYY-MM-DD HH:mm' in Asia/Shanghai.
 * In both, text that a spreadsheet could take for a formula is written as text (spreadsheetText).
 */
export async function buildTrackingExport(items: readonly TrackingItem[], format: ExportFormat): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('跟踪表');
  sheet.columns = EXPORT_COLUMNS.map((column) => ({ header: spreadsheetText(column.header), width: column.width }));
  for (const item of items) {
    const cells = EXPORT_COLUMNS.map((column) => column.value(item));
    const row = sheet.addRow(cells.map((cell) => cellValue(cell, format)));
    if (format === 'xlsx') {
      cells.forEach((cell, index) => {
        if (cell !== null && typeof cell === 'object') row.getCell(index + 1).numFmt = 'date' in cell ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm';
      });
    }
  }
  if (format === 'xlsx') {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  const csv = Buffer.from(await workbook.csv.writeBuffer());
  return Buffer.concat([Buffer.from('\uFEFF', 'utf8'), csv]);
}

function cellValue(cell: Cell, format: ExportFormat): ExcelJS.CellValue {
  if (typeof cell === 'string') return spreadsheetText(cell);
  if (cell === null || typeof cell !== 'object') return cell;
  if ('date' in cell) return format === 'xlsx' ? new Date(`${cell.date}T00:00:00Z`) : cell.date;
  return format === 'xlsx' ? new Date(new Date(cell.instant).getTime() + SHANGHAI_OFFSET_MS) : shanghaiDateTime(cell.instant);
}
