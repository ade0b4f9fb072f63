import { AlignmentType, Document, Header, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { dataTableRows, indicatorRows, reportLines, sealLine, selfScoreLine, staffingRows } from './outline-numbering';
import { DRAFT_MARK, draftLine, type DraftMark } from './draft-mark';
import { documentTitle, projectFormLayout, type FormTable } from './project-form-layout';
import type { SealedSnapshot } from './snapshot';
import { withFixedTimestamps } from './zip-archive';

const BODY_FONT = '仿宋_GB2312';
const HEADING_FONT = '黑体';
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const;

const DRAFT_COLOUR = 'CF1322';

const run = (text: string, options: { bold?: boolean; size?: number; font?: string; color?: string } = {}) =>
  new TextRun({ text, font: options.font ?? BODY_FONT, size: options.size ?? 32, ...(options.bold ? { bold: true } : {}), ...(options.color ? { color: options.color } : {}) });

const paragraph = (text: string, alignment?: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
  new Paragraph({ children: [run(text)], ...(alignment ? { alignment } : {}) });

function table(caption: string | undefined, header: readonly string[] | undefined, rows: ReadonlyArray<readonly string[]>): Array<Paragraph | Table> {
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [run(text, { size: 24, bold })] })] });
  const all = [...(header ? [header.map((c) => cell(c, true))] : []), ...rows.map((row) => row.map((c) => cell(c)))];
  const out: Array<Paragraph | Table> = [];
  if (caption !== undefined) out.push(new Paragraph({ children: [run(caption, { bold: true, size: 28 })], alignment: AlignmentType.CENTER }));
  if (all.length > 0) out.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: all.map((cells) => new TableRow({ children: cells })) }));
  return out;
}

/** A project form's table: 五号 text, headers bold and centred, merged cells as the layout spans them. */
function formTable(layout: FormTable): Table {
  const rows = layout.rows.map(
    (cells) =>
      new TableRow({
        children: cells.map(
          (c) =>
            new TableCell({
              children: [new Paragraph({ children: [run(c.text, { size: 21, ...(c.header ? { bold: true } : {}) })], ...(c.header ? { alignment: AlignmentType.CENTER } : {}) })],
              ...(c.rowSpan ? { rowSpan: c.rowSpan } : {}),
              ...(c.colSpan ? { columnSpan: c.colSpan } : {}),
            }),
        ),
      }),
  );
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });
}

/** Each project form on a page of its own, as the national template prints it. */
function projectForms(snapshot: SealedSnapshot): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  for (const form of snapshot.projectForms ?? []) {
    const layout = projectFormLayout(snapshot, form);
    out.push(new Paragraph({ pageBreakBefore: true, children: [run(layout.title, { bold: true, size: 36, font: HEADING_FONT })], alignment: AlignmentType.CENTER }));
    out.push(paragraph(layout.year, AlignmentType.CENTER));
    for (const table of layout.tables) {
      // Word joins two tables with nothing between them into one; an empty line keeps their grids apart.
      out.push(formTable(table), new Paragraph({ children: [run('', { size: 8 })] }));
    }
  }
  return out;
}

/** The department-wide report's body: its numbered sections, the data tables, the indicator table and the self-score. */
function departmentReport(snapshot: SealedSnapshot): Array<Paragraph | Table> {
  const children: Array<Paragraph | Table> = [];
  for (const line of reportLines(snapshot)) {
    if (line.kind === 'heading') {
      children.push(new Paragraph({ heading: HEADINGS[Math.min(line.level, 4) - 1], children: [run(line.text, { font: HEADING_FONT, bold: line.level > 1 })] }));
    } else if (line.kind === 'paragraph') {
      children.push(new Paragraph({ children: [run(line.text)], indent: { firstLine: 640 } }));
    } else {
      children.push(...table(line.caption, line.header, line.rows));
    }
  }
  const data = dataTableRows(snapshot);
  if (data) children.push(...table('基础数据表（单位：万元）', data.header, data.rows));
  const staffing = staffingRows(snapshot);
  if (staffing) children.push(...table('人员情况', staffing.header, staffing.rows));
  const indicators = indicatorRows(snapshot);
  children.push(...table(snapshot.indicators.title, indicators.header, indicators.rows));
  children.push(paragraph(selfScoreLine(snapshot)));
  return children;
}

/** docProps/core.xml with the seal's date, instead of the time of rendering. */
function coreProperties(snapshot: SealedSnapshot, draft: DraftMark | undefined): string {
  const at = `${snapshot.date}T00:00:00Z`;
  const title = `${snapshot.unitName}${snapshot.fiscalYear}年度${documentTitle(snapshot)}${draft ? `（${DRAFT_MARK}）` : ''}`.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${title}</dc:title><dc:creator>Jixiao</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/**
 * The sealed report as a Word document. The same snapshot always gives the same bytes: the core
 * properties carry the seal's date and every zip entry one fixed timestamp, so its SHA-256 can be
 * reproduced from the stored snapshot. With a draft mark, the report as it stands: 草稿 in the
 * page header of every page, above the title and in the document's title.
 */
export async function renderDocx(snapshot: SealedSnapshot, draft?: DraftMark): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    ...(draft ? [new Paragraph({ children: [run(draftLine(draft), { bold: true, size: 24, color: DRAFT_COLOUR })], alignment: AlignmentType.CENTER })] : []),
    new Paragraph({ children: [run(`${documentTitle(snapshot)}${draft ? '（草稿）' : ''}`, { bold: true, size: 44, font: '方正小标宋简体' })], alignment: AlignmentType.CENTER }),
    paragraph(`评价年度：${snapshot.fiscalYear}年度`, AlignmentType.CENTER),
    paragraph(`评价单位：${snapshot.unitName}`, AlignmentType.CENTER),
    paragraph(`填报日期：${snapshot.date}`, AlignmentType.CENTER),
    paragraph(`文号：${snapshot.documentNumber}`, AlignmentType.CENTER),
  ];
  if (snapshot.departmentReport !== false) children.push(...departmentReport(snapshot));
  children.push(...projectForms(snapshot));
  children.push(paragraph(sealLine(snapshot), AlignmentType.RIGHT), paragraph(snapshot.date, AlignmentType.RIGHT));
  const headers = draft
    ? { default: new Header({ children: [new Paragraph({ children: [run(DRAFT_MARK, { bold: true, size: 21, color: DRAFT_COLOUR })], alignment: AlignmentType.CENTER })] }) }
    : undefined;
  const document = new Document({ creator: 'Jixiao', title: documentTitle(snapshot), sections: [{ ...(headers ? { headers } : {}), children }] });
  const packed = await Packer.toBuffer(document, false, [{ path: 'docProps/core.xml', data: coreProperties(snapshot, draft) }]);
  return withFixedTimestamps(packed);
}
