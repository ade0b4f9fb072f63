import ExcelJS from 'exceljs';
import { EVENT_NAMES, stateLabel } from '@jixiao/workflow';
import { spreadsheetText } from '../spreadsheet-text';
import { shanghaiDateTime } from '../tracking/tracking-export';
import type { HistoryView } from './case.view';

/** The columns of the exported history, as a person reads it on the case page. */
export const HISTORY_EXPORT_HEADERS = ['时间（北京时间）', '操作人', '代理', '事件', '状态变化', '意见/原因'] as const;

/** Whom an event names in its details (an assignee, an added approver, the person urged), in words. */
function namedPeople(entry: HistoryView): string[] {
  const name = (key: string) => {
    const id = entry.details[key];
    return typeof id === 'string' ? (entry.detailNames[id] ?? null) : null;
  };
  const parts: string[] = [];
  if (entry.event === 'ASSIGN_SECTION' && name('assigneeId')) parts.push(`交 ${name('assigneeId')}，期限 ${String(entry.details.dueDate ?? '')}`);
  if (entry.event === 'ADD_APPROVER' && name('userId')) parts.push(`加签 ${name('userId')}`);
  if (entry.event === 'URGE' && name('recipientId')) parts.push(`催办 ${name('recipientId')}`);
  if (entry.event === 'ADD_APPROVER_BEFORE' && name('userId')) parts.push(`前加签 ${name('userId')}（在其之前审批）`);
  if (entry.event === 'ADD_APPROVER_AFTER' && name('userId')) parts.push(`后加签 ${name('userId')}（在其之后审批）`);
  if (entry.event === 'CIRCULATE' && Array.isArray(entry.details.recipientIds)) {
    parts.push(`传阅 ${(entry.details.recipientIds as unknown[]).map((id) => (typeof id === 'string' ? (entry.detailNames[id] ?? '—') : '—')).join('、')}`);
  }
  return parts;
}

/** What an entry adds in words: the section it concerns, whom it names, its reason and comment. */
export function historyNote(entry: HistoryView): string {
  const parts: string[] = [];
  if (typeof entry.details.section === 'string') parts.push(`章节 ${entry.details.section}`);
  parts.push(...namedPeople(entry));
  if (typeof entry.details.reason === 'string') parts.push(entry.details.reason);
  if (entry.comment) parts.push(entry.comment);
  return [...new Set(parts)].join('；');
}

/**
 * The history as an .xlsx workbook, oldest first, one row an event. Every text cell passes through
 * spreadsheetText: a reason or a name starting with = + - @ shows as text and never runs.
 */
export async function buildHistoryWorkbook(entries: readonly HistoryView[], title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('办理记录');
  sheet.columns = HISTORY_EXPORT_HEADERS.map((header, index) => ({ header, width: [18, 14, 14, 16, 28, 60][index] }));
  for (const entry of entries) {
    const actor = entry.actorId === null ? '系统' : (entry.actorName ?? '');
    const change = entry.fromState && entry.fromState !== entry.toState ? `${stateLabel(entry.fromState)} → ${stateLabel(entry.toState)}` : stateLabel(entry.toState);
    const cells = [shanghaiDateTime(entry.at), actor, entry.onBehalfOfName ?? '', EVENT_NAMES[entry.event] ?? entry.event, change, historyNote(entry)];
    sheet.addRow(cells.map(spreadsheetText));
  }
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  workbook.title = title;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
