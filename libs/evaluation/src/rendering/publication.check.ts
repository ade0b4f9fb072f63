import { Decimal } from 'decimal.js';
import { reportLines, selfScoreLine } from './outline-numbering';
import { renderHtml } from './html.renderer';
import { projectFormLayout } from './project-form-layout';
import type { SealedSnapshot } from './snapshot';
import { readZipEntry } from './zip-archive';

/** One way the published text differs from the sealed version. */
export type PublicationDifference =
  | { kind: 'section_missing'; heading: string }
  | { kind: 'section_changed'; heading: string; missingText: string[] }
  | { kind: 'figure_missing'; label: string; sealed: string }
  | { kind: 'figure_differs'; label: string; sealed: string; published: string }
  | { kind: 'score_differs'; sealed: string; published: string | null }
  /** A published file that is not a .docx: nothing in it can be compared. */
  | { kind: 'not_a_docx' }
  /** A .docx whose text agrees with the sealed version but whose bytes do not (saved again, restyled). */
  | { kind: 'file_not_original' };

/** Plain text of an HTML export (or the text itself), with all white space removed, so layout never counts as a change. */
export function plainText(published: string): string {
  return published
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/[\s\u3000]+/g, '');
}

const squeeze = (text: string) => text.replace(/[\s\u3000]+/g, '');

/** The number printed after the label at `at`, or null. */
function numberAfter(text: string, at: number, label: string): string | null {
  const match = /-?\d[\d,]*(?:\.\d+)?/.exec(text.slice(at + label.length, at + label.length + 40));
  return match ? match[0].replace(/,/g, '') : null;
}

/** The first number printed after `label`, or null; undefined when the label is not printed. */
function figureAfter(text: string, label: string): string | null | undefined {
  const at = text.indexOf(label);
  return at < 0 ? undefined : numberAfter(text, at, label);
}

/** The number printed after each place `label` is printed (null where none follows). */
function figuresAfter(text: string, label: string): Array<string | null> {
  const found: Array<string | null> = [];
  for (let at = text.indexOf(label); at >= 0; at = text.indexOf(label, at + label.length)) found.push(numberAfter(text, at, label));
  return found;
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) count += 1;
  return count;
}

const sameNumber = (a: string, b: string) => new Decimal(a).eq(new Decimal(b));

/** What the published text leaves out or changes of the department-wide report: headings, text, data figures, self-score. */
function departmentDifferences(snapshot: SealedSnapshot, text: string): PublicationDifference[] {
  const differences: PublicationDifference[] = [];
  let heading: string | null = null;
  let missingText: string[] = [];
  const flush = () => {
    if (heading !== null && missingText.length > 0) differences.push({ kind: 'section_changed', heading, missingText });
    missingText = [];
  };
  for (const line of reportLines(snapshot)) {
    if (line.kind === 'heading') {
      flush();
      heading = line.text;
      if (!text.includes(squeeze(line.text))) differences.push({ kind: 'section_missing', heading: line.text });
    } else if (line.kind === 'paragraph') {
      if (!text.includes(squeeze(line.text))) missingText.push(line.text);
    } else {
      for (const cell of line.rows.flat()) if (cell.trim() !== '' && !text.includes(squeeze(cell))) missingText.push(cell);
    }
  }
  flush();
  // A figure is often printed twice, in the narrative and in the data table: each place must keep it,
  // so the published text holds “label value” as many times as the sealed rendering does.
  const sealedText = plainText(renderHtml(snapshot));
  for (const figure of snapshot.dataTable?.figures ?? []) {
    const printed = `${squeeze(figure.label)}${figure.value}`;
    if (occurrences(text, printed) >= Math.max(1, occurrences(sealedText, printed))) continue;
    const found = figuresAfter(text, figure.label);
    const other = found.find((value) => value !== null && !sameNumber(value, figure.value));
    if (other !== undefined && other !== null) differences.push({ kind: 'figure_differs', label: figure.label, sealed: figure.value, published: other });
    else differences.push({ kind: 'figure_missing', label: figure.label, sealed: figure.value });
  }
  if (!text.includes(squeeze(selfScoreLine(snapshot)))) {
    const found = figureAfter(text, '自评得分');
    differences.push({ kind: 'score_differs', sealed: snapshot.indicators.total, published: found ?? null });
  }
  return differences;
}

/**
 * What a published report (text or HTML) leaves out or changes against the sealed version: its
 * headings, the text under each, the basic data figures, the self-score and every cell of the
 * project forms. Empty when they agree.
 */
export function comparePublication(snapshot: SealedSnapshot, published: string): PublicationDifference[] {
  return compareText(snapshot, plainText(published));
}

/** What `text` (white space removed) leaves out or changes against the sealed version. */
function compareText(snapshot: SealedSnapshot, text: string): PublicationDifference[] {
  const differences: PublicationDifference[] = [];
  if (snapshot.departmentReport !== false) differences.push(...departmentDifferences(snapshot, text));
  for (const form of snapshot.projectForms ?? []) {
    const layout = projectFormLayout(snapshot, form);
    const cells = layout.tables.flatMap((table) => table.rows.flat().map((cell) => cell.text));
    const missing = cells.filter((cell) => cell.trim() !== '' && !text.includes(squeeze(cell)));
    if (missing.length > 0) differences.push({ kind: 'section_changed', heading: `${layout.title}（${form.projectName}）`, missingText: missing });
  }
  return differences;
}

/** A report's body is a few hundred KiB of XML; a published file may come from anywhere. */
const DOCUMENT_XML_LIMIT = 32 * 1024 * 1024;

/**
 * What a published .docx leaves out or changes against the sealed version, read from its body text.
 * Never empty for a file that is not the sealed one: a file that cannot be read, or whose text
 * agrees but whose bytes differ, says so.
 */
export function compareDocument(snapshot: SealedSnapshot, docx: Buffer): PublicationDifference[] {
  let body: string | null;
  try {
    body = readZipEntry(docx, 'word/document.xml', DOCUMENT_XML_LIMIT);
  } catch {
    body = null;
  }
  if (body === null) return [{ kind: 'not_a_docx' }];
  const differences = comparePublication(snapshot, body);
  return differences.length > 0 ? differences : [{ kind: 'file_not_original' }];
}

/**
 * A page's running header or footer that is only its number (“— 3 —”, “- 3 -”, “第 3 页 共 12 页”,
 * “3 / 12”, “3”): typesetting, not content. Left in, it would split a paragraph that runs over a
 * page break, and the paragraph would no longer be found.
 */
const PAGE_NUMBER = /^(?:[-—–－―]\s*\d+\s*[-—–－―]|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|\d+(?:\s*\/\s*\d+)?|page\s*\d+(?:\s*of\s*\d+)?)$/i;

/** A PDF's pages as one text, without each page's first and last line when that line is only a page number. */
export function pdfBodyText(pages: readonly string[]): string {
  return pages
    .map((page) => {
      const lines = page.split('\n').filter((line) => line.trim() !== '');
      if (lines.length > 0 && PAGE_NUMBER.test(lines[lines.length - 1]!.trim())) lines.pop();
      if (lines.length > 0 && PAGE_NUMBER.test(lines[0]!.trim())) lines.shift();
      return lines.join('\n');
    })
    .join('\n');
}

/**
 * What a published PDF (its text, page by page) leaves out or changes against the sealed version,
 * section by section and figure by figure. Empty when they agree: a PDF typeset again from the
 * same content (other fonts, other page breaks) is the same report.
 */
export function comparePdfText(snapshot: SealedSnapshot, pages: readonly string[]): PublicationDifference[] {
  return compareText(snapshot, squeeze(pdfBodyText(pages)));
}
