import ExcelJS from 'exceljs';
import type { SecurityEventRow } from '@jixiao/persistence';
import { spreadsheetText } from './spreadsheet-text';
import { shanghaiDateTime } from './tracking/tracking-export';
import type { ExportFormat } from './tracking/tracking-export';

const KIND_NAMES: Record<string, string> = {
  login: '登录',
  logout: '退出',
  refresh: '续期',
  password_change: '修改密码',
  request_refused: '请求被拒绝',
  account_created: '创建账号',
  account_disabled: '停用账号',
  account_enabled: '启用账号',
  invitation_accepted: '接受邀请',
};

const OUTCOME_NAMES: Record<string, string> = {
  success: '成功',
  failure: '失败',
  reused: '令牌重复使用',
  refused: '拒绝',
  throttled: '限流',
};

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
      KIND_NAMES[event.kind] ?? event.kind,
      OUTCOME_NAMES[event.outcome] ?? event.outcome,
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
