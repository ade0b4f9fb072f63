import { dataTableRows, indicatorRows, REPORT_TITLE, reportLines, sealLine, selfScoreLine, staffingRows } from './outline-numbering';
import type { SealedSnapshot } from './snapshot';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function table(caption: string | undefined, header: readonly string[] | undefined, rows: ReadonlyArray<readonly string[]>): string {
  const head = header ? `<thead><tr>${header.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead>` : '';
  const body = rows.map((row) => `<tr>${row.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
  return `<table>${caption !== undefined ? `<caption>${escape(caption)}</caption>` : ''}${head}<tbody>${body}</tbody></table>`;
}

/** The sealed report as one HTML page, for a preview in the browser. */
export function renderHtml(snapshot: SealedSnapshot): string {
  const parts: string[] = [
    `<h1>${escape(REPORT_TITLE)}</h1>`,
    `<p class="title-block">评价年度：${snapshot.fiscalYear}年度</p>`,
    `<p class="title-block">评价单位：${escape(snapshot.unitName)}</p>`,
    `<p class="title-block">填报日期：${escape(snapshot.date)}</p>`,
    `<p class="title-block">文号：${escape(snapshot.documentNumber)}</p>`,
  ];
  for (const line of reportLines(snapshot)) {
    if (line.kind === 'heading') parts.push(`<h${line.level + 1}>${escape(line.text)}</h${line.level + 1}>`);
    else if (line.kind === 'paragraph') parts.push(`<p>${escape(line.text)}</p>`);
    else parts.push(table(line.caption, line.header, line.rows));
  }
  const data = dataTableRows(snapshot);
  if (data) parts.push(table('基础数据表（单位：万元）', data.header, data.rows));
  const staffing = staffingRows(snapshot);
  if (staffing) parts.push(table('人员情况', staffing.header, staffing.rows));
  const indicators = indicatorRows(snapshot);
  parts.push(table(snapshot.indicators.title, indicators.header, indicators.rows));
  parts.push(`<p class="score">${escape(selfScoreLine(snapshot))}</p>`);
  parts.push(`<p class="seal">${escape(sealLine(snapshot))}</p>`, `<p class="seal">${escape(snapshot.date)}</p>`);
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(`${snapshot.unitName}${snapshot.fiscalYear}年度${REPORT_TITLE}`)}</title></head><body>${parts.join('\n')}</body></html>\n`;
}
