import { dataTableRows, indicatorRows, reportLines, sealLine, selfScoreLine, staffingRows } from './outline-numbering';
import { DRAFT_MARK, draftLine, type DraftMark } from './draft-mark';
import { documentTitle, projectFormLayout, type FormTable } from './project-form-layout';
import type { SealedSnapshot } from './snapshot';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function table(caption: string | undefined, header: readonly string[] | undefined, rows: ReadonlyArray<readonly string[]>): string {
  const head = header ? `<thead><tr>${header.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead>` : '';
  const body = rows.map((row) => `<tr>${row.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
  return `<table>${caption !== undefined ? `<caption>${escape(caption)}</caption>` : ''}${head}<tbody>${body}</tbody></table>`;
}

/** A project form's table, in a box that scrolls sideways on a narrow screen when its columns are too many to squeeze. */
function formTable(layout: FormTable): string {
  const cells = (row: FormTable['rows'][number]) =>
    row
      .map((c) => {
        const tag = c.header ? 'th' : 'td';
        const spans = `${c.rowSpan ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan ? ` colspan="${c.colSpan}"` : ''}`;
        return `<${tag}${spans}>${escape(c.text)}</${tag}>`;
      })
      .join('');
  return `<div class="table-scroll"><table${layout.wide ? ' class="wide"' : ''} aria-label="${escape(layout.name)}"><tbody>${layout.rows.map((row) => `<tr>${cells(row)}</tr>`).join('')}</tbody></table></div>`;
}

function projectForms(snapshot: SealedSnapshot): string[] {
  return (snapshot.projectForms ?? []).map((form) => {
    const layout = projectFormLayout(snapshot, form);
    return `<section class="project-form"><h2>${escape(layout.title)}</h2><p class="title-block">${escape(layout.year)}</p>${layout.tables.map(formTable).join('')}</section>`;
  });
}

/**
 * The project forms' tables on any screen: rules, centred titles, a sideways scroll inside each
 * table's box, each form on a new page when printed. Inline, as the preview's Content-Security-Policy allows.
 */
const FORM_STYLE =
  'table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #888;padding:4px 6px;vertical-align:top}' +
  '.table-scroll{overflow-x:auto;max-width:100%}.table-scroll table{width:100%}.table-scroll table.wide{min-width:720px}.table-scroll th{text-align:center;white-space:nowrap}' +
  '.project-form h2,.project-form .title-block{text-align:center}.project-form{break-before:page}' +
  '@media (max-width:600px){.table-scroll table{font-size:14px}}';

/**
 * A draft's page: a banner above the title and a watermark across every screen, and tables with
 * rules so a reviewer can read them. Inline styles only, as the preview's Content-Security-Policy allows.
 */
const DRAFT_STYLE =
  'body{margin:24px auto;max-width:860px;padding:0 16px;font-family:"FangSong","仿宋",serif;line-height:1.7}' +
  '.draft-banner{border:2px solid #cf1322;color:#cf1322;background:#fff1f0;padding:8px 12px;font-weight:bold}' +
  '.draft-watermark{position:fixed;top:40%;left:0;right:0;text-align:center;font-size:160px;color:rgba(207,19,34,0.08);transform:rotate(-30deg);pointer-events:none;z-index:1}' +
  'table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #888;padding:4px 6px;text-align:left;vertical-align:top}' +
  'h1,.title-block{text-align:center}' +
  '@media (max-width:600px){body{margin:12px auto;padding:0 8px}h1{font-size:22px}.draft-watermark{font-size:96px}th,td{padding:2px 4px}}';

function departmentReport(snapshot: SealedSnapshot): string[] {
  const parts: string[] = [];
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
  return parts;
}

/**
 * The report as one HTML page, for a preview in the browser: a sealed version's as stored at the
 * seal, or, with a draft mark, the report as it stands, marked 草稿.
 */
export function renderHtml(snapshot: SealedSnapshot, draft?: DraftMark): string {
  const parts: string[] = [
    ...(draft ? [`<div class="draft-watermark" aria-hidden="true">草稿</div>`, `<p class="draft-banner" role="note">${escape(draftLine(draft))}</p>`] : []),
    `<h1>${escape(documentTitle(snapshot))}${draft ? '（草稿）' : ''}</h1>`,
    `<p class="title-block">评价年度：${snapshot.fiscalYear}年度</p>`,
    `<p class="title-block">评价单位：${escape(snapshot.unitName)}</p>`,
    `<p class="title-block">填报日期：${escape(snapshot.date)}</p>`,
    `<p class="title-block">文号：${escape(snapshot.documentNumber)}</p>`,
  ];
  if (snapshot.departmentReport !== false) parts.push(...departmentReport(snapshot));
  parts.push(...projectForms(snapshot));
  parts.push(`<p class="seal">${escape(sealLine(snapshot))}</p>`, `<p class="seal">${escape(snapshot.date)}</p>`);
  const title = `${snapshot.unitName}${snapshot.fiscalYear}年度${documentTitle(snapshot)}${draft ? `（${DRAFT_MARK}）` : ''}`;
  // A report without forms keeps the page it always had.
  const forms = (snapshot.projectForms ?? []).length > 0;
  const css = `${draft ? DRAFT_STYLE : ''}${forms ? FORM_STYLE : ''}`;
  const style = `${forms ? '<meta name="viewport" content="width=device-width,initial-scale=1">' : ''}${css ? `<style>${css}</style>` : ''}`;
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title)}</title>${style}</head><body>${parts.join('\n')}</body></html>\n`;
}
