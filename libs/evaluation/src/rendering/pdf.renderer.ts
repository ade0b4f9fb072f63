import PDFDocument from 'pdfkit';
import { dataTableRows, indicatorRows, reportLines, sealLine, selfScoreLine, staffingRows } from './outline-numbering';
import { documentTitle, projectFormLayout, type FormTable } from './project-form-layout';
import type { SealedSnapshot } from './snapshot';

export interface PdfOptions {
  /** The unit's seal: a PNG (the red round seal, with alpha) drawn over the unit and date at the end. */
  seal?: { png: Buffer };
}

const MM = 72 / 25.4;
/** GB/T 9704 margins of an official document: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right. */
const MARGINS = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
const SEAL_WIDTH = 42 * MM;
/** 三号 body text, 二号 title, 四号 captions and page numbers, 五号 tables (小五 for the forms' wide ones). */
const SIZE = { title: 22, body: 16, caption: 14, table: 10.5, wideTable: 9, pageNumber: 14 };
const BODY_LINE_GAP = 8;
/**
 * The fonts come from an npm package, so no system font is needed; pdfkit subsets them into each
 * document, which embeds only the glyphs it prints. Named by their paths, not registered from
 * buffers: pdfkit's tables restore the font after each cell by its source, and only a path is a
 * key its font cache finds (a buffer reparsed the 15 MB font on every cell, seconds a report).
 */
const REGULAR = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const BOLD = require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf');

type Doc = PDFKit.PDFDocument;
type Cell = PDFKit.Mixins.CellOptions;

const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const remaining = (doc: Doc) => doc.page.maxY() - doc.y;

function heading(doc: Doc, text: string, level: number): void {
  // A heading is never left alone at the foot of a page.
  if (remaining(doc) < 3 * (SIZE.body + BODY_LINE_GAP)) doc.addPage();
  doc.font(level === 1 ? BOLD : level === 2 ? BOLD : REGULAR).fontSize(SIZE.body);
  doc.text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc), indent: 2 * SIZE.body, lineGap: BODY_LINE_GAP });
}

function paragraph(doc: Doc, text: string, options: { align?: 'left' | 'center' | 'right'; indent?: boolean; size?: number; bold?: boolean } = {}): void {
  const size = options.size ?? SIZE.body;
  doc.font(options.bold ? BOLD : REGULAR).fontSize(size);
  doc.text(text, doc.page.margins.left, doc.y, {
    width: contentWidth(doc),
    align: options.align ?? 'justify',
    lineGap: BODY_LINE_GAP,
    ...(options.indent ? { indent: 2 * size } : {}),
  });
}

/** Draws a table across the text width; pdfkit moves a row that does not fit to the next page. */
function drawTable(doc: Doc, rows: Cell[][], options: { size: number; columns?: Array<number | '*'> }): void {
  doc.font(REGULAR).fontSize(options.size);
  const columnCount = rows.reduce((most, row) => Math.max(most, row.reduce((n, c) => n + (c.colSpan ?? 1), 0)), 0);
  doc.table({
    position: { x: doc.page.margins.left, y: doc.y },
    maxWidth: contentWidth(doc),
    columnStyles: options.columns ?? Array.from({ length: columnCount }, () => '*'),
    defaultStyle: { padding: [3, 4], border: 0.5, borderColor: '#000000', align: { x: 'left', y: 'center' } },
    data: rows,
  });
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5);
}

const headerCell = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, font: { src: BOLD }, align: { x: 'center', y: 'center' }, ...extra });

function simpleTable(doc: Doc, caption: string | undefined, header: readonly string[] | undefined, rows: ReadonlyArray<readonly string[]>, columns?: Array<number | '*'>): void {
  if (caption !== undefined) {
    if (remaining(doc) < 4 * (SIZE.caption + BODY_LINE_GAP)) doc.addPage();
    paragraph(doc, caption, { align: 'center', size: SIZE.caption, bold: true });
  }
  const all: Cell[][] = [...(header ? [header.map((c) => headerCell(c))] : []), ...rows.map((row) => row.map((text) => ({ text })))];
  if (all.length > 0) drawTable(doc, all, { size: SIZE.table, ...(columns ? { columns } : {}) });
}

function formTable(doc: Doc, layout: FormTable): void {
  const rows = layout.rows.map((cells) =>
    cells.map((c): Cell => {
      const spans = { ...(c.rowSpan ? { rowSpan: c.rowSpan } : {}), ...(c.colSpan ? { colSpan: c.colSpan } : {}) };
      return c.header ? headerCell(c.text, spans) : { text: c.text, ...spans };
    }),
  );
  drawTable(doc, rows, { size: layout.wide ? SIZE.wideTable : SIZE.table });
}

function departmentReport(doc: Doc, snapshot: SealedSnapshot): void {
  for (const line of reportLines(snapshot)) {
    if (line.kind === 'heading') heading(doc, line.text, line.level);
    else if (line.kind === 'paragraph') paragraph(doc, line.text, { indent: true });
    else simpleTable(doc, line.caption, line.header, line.rows);
  }
  const data = dataTableRows(snapshot);
  if (data) simpleTable(doc, '基础数据表（单位：万元）', data.header, data.rows, ['*', 120]);
  const staffing = staffingRows(snapshot);
  if (staffing) simpleTable(doc, '人员情况', staffing.header, staffing.rows);
  const indicators = indicatorRows(snapshot);
  simpleTable(doc, snapshot.indicators.title, indicators.header, indicators.rows, [70, '*', 60, 60]);
  paragraph(doc, selfScoreLine(snapshot), { indent: true });
}

function projectForms(doc: Doc, snapshot: SealedSnapshot): void {
  for (const form of snapshot.projectForms ?? []) {
    // Each form on a page of its own, as the national template prints it (and the .docx).
    doc.addPage();
    const layout = projectFormLayout(snapshot, form);
    paragraph(doc, layout.title, { align: 'center', size: 18, bold: true });
    paragraph(doc, layout.year, { align: 'center', size: SIZE.caption });
    for (const table of layout.tables) formTable(doc, table);
  }
}

/** The unit and the date at the end, right-aligned, with the seal centred over the unit's name and the date when there is one. */
function signature(doc: Doc, snapshot: SealedSnapshot, seal: PdfOptions['seal']): void {
  const lineHeight = SIZE.body + BODY_LINE_GAP;
  // The block and the seal stay together on one page, with room above for the seal's upper half.
  if (remaining(doc) < 1.5 * SEAL_WIDTH + 2 * lineHeight) doc.addPage();
  doc.y += SEAL_WIDTH / 2;
  const top = doc.y;
  paragraph(doc, sealLine(snapshot), { align: 'right' });
  paragraph(doc, snapshot.date, { align: 'right' });
  if (!seal) return;
  // The unit's name ends the first line: the seal covers it and the date, not the label before it.
  doc.font(REGULAR).fontSize(SIZE.body);
  const width = Math.min(contentWidth(doc), Math.max(doc.widthOfString(snapshot.unitName), doc.widthOfString(snapshot.date)));
  const centreX = doc.page.width - doc.page.margins.right - width / 2;
  const centreY = (top + doc.y - BODY_LINE_GAP) / 2;
  doc.image(seal.png, centreX - SEAL_WIDTH / 2, centreY - SEAL_WIDTH / 2, { width: SEAL_WIDTH });
}

/** “— 1 —” centred under every page's text, as official documents number their pages. */
function pageNumbers(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Below the bottom margin pdfkit would start a new page: write there with the margin lifted.
    doc.page.margins.bottom = 0;
    doc.font(REGULAR).fontSize(SIZE.pageNumber);
    doc.text(`— ${i + 1} —`, doc.page.margins.left, doc.page.height - bottom + 7 * MM, { width: contentWidth(doc), align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * The sealed report as a PDF (A4, the layout of an official document), from the same snapshot as
 * the .docx and in the same order. Deterministic: the document's dates are the seal's date at
 * 00:00 in Asia/Shanghai and its ID is derived from them and the title, so the same snapshot (and
 * seal image) always gives the same bytes. All text is real text, in reading order, so a reader
 * can compare a published PDF with the sealed one section by section.
 */
export function renderPdf(snapshot: SealedSnapshot, options: PdfOptions = {}): Promise<Buffer> {
  const at = new Date(`${snapshot.date}T00:00:00+08:00`);
  const title = `${snapshot.unitName}${snapshot.fiscalYear}年度${documentTitle(snapshot)}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: title, Author: snapshot.unitName, Creator: 'Jixiao', Producer: 'Jixiao', CreationDate: at, ModDate: at },
  });
  // Asynchronous although the layout is not: pdfkit decodes a PNG's alpha channel (the seal's) with
  // zlib's callbacks, and finishes the file only once that is done.
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  paragraph(doc, documentTitle(snapshot), { align: 'center', size: SIZE.title, bold: true });
  doc.moveDown(0.5);
  paragraph(doc, `评价年度：${snapshot.fiscalYear}年度`, { align: 'center' });
  paragraph(doc, `评价单位：${snapshot.unitName}`, { align: 'center' });
  paragraph(doc, `填报日期：${snapshot.date}`, { align: 'center' });
  paragraph(doc, `文号：${snapshot.documentNumber}`, { align: 'center' });
  doc.moveDown(1);
  if (snapshot.departmentReport !== false) departmentReport(doc, snapshot);
  projectForms(doc, snapshot);
  signature(doc, snapshot, options.seal);
  pageNumbers(doc);
  doc.end();
  return done;
}
