import ExcelJS from 'exceljs';
import type { SecurityEventRow } from '@jixiao/persistence';
import { SECURITY_EVENT_NAMES, SECURITY_OUTCOME_NAMES, type SecurityEventKind, type SecurityOutcome } from '@jixiao/workflow';
import { spreadsheetText } from './spreadsheet-text';
import { shanghaiDateTime } from './tracking/tracking-export';
import type { ExportFormat } from './tracking/tracking-export';

export const SECURITY_LOG_EXPORT_HEADERS = ['时间（北京时间）', '事件', '结果', '账号', '用户ID', '来源地址', '方法', '路径', '代码', '详情', '编号'] as const;

/** The security log for an auditor: one row an event, oldest first, the same writer as the tracking export. */
export async function buildSecurityLogExport(events: readonly SecurityEventRow[], format: ExportFormat): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('安全日志');
  sheet.columns = SECURITY_LOG_EXPORT_HEADERS.map((header, index) => ({ header, width: [18, 12, 10, 20, 38, 18, 8, 40, 28, 50, 10][index] }));
  for (const event of events) {
    const { method, path, code, ...rest } = event.details as { method?: unknown; path?: unknown; code?: unknown };
    const cells = [
      shanghaiDateTime(event.at.toISOString()),
      SECURITY_EVENT_NAMES[event.kind as SecurityEventKind] ?? event.kind,
      SECURITY_OUTCOME_NAMES[event.outcome as SecurityOutcome] ?? event.outcome,
      event.username ?? '',
      event.userId ?? '',
      event.sourceAddress ?? '',
      typeof method === 'string' ? method : '',
      typeof path === 'string' ? path : '',
      typeof code === 'string' ? code : '',
      Object.keys(rest).length > 0 ? JSON.stringify(rest) : '',
      event.id,
    ];
    sheet.addRow(cells.map(spreadsheetText));
  }
  if (format === 'xlsx') {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  // A byte-order mark, so that Excel reads the Chinese.
  return Buffer.concat([Buffer.from('\uFEFF', 'utf8'), Buffer.from(await workbook.csv.writeBuffer())]);
}
