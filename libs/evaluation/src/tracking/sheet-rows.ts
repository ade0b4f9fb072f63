import { ZipReader, ZipUnreadableError } from './zip-reader';

/**
 * One row of a sheet as its cells' text (trimmed), by column number from 1; empty cells absent, and
 * cells beyond SHEET_MAX_COLUMNS only counted in `filled`.
 */
export interface SheetRow {
  row: number;
  cells: Map<number, string>;
  filled: boolean;
}

/** Columns kept per row: the unit list needs two, and a row of a million cells must not become a million strings. */
export const SHEET_MAX_COLUMNS = 1024;
/** Shared strings kept: 5,000 units need at most about 10,000. */
export const SHEET_MAX_SHARED_STRINGS = 100_000;

/** The sheet is built in a way no unit list needs (too many shared strings). */
export class SheetTooComplexError extends Error {}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(value: string): string {
  return value
    .replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
      return ENTITIES[name] ?? whole;
    })
    .replace(/_x([0-9a-fA-F]{4})_/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

/** The text of a string item (<si> or <is>): its <t> runs, without phonetic guides. */
function runsText(xml: string): string {
  let text = '';
  for (const match of xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, '').matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) {
    text += match[1];
  }
  return xmlText(text);
}

const attribute = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

function columnNumber(reference: string | undefined): number | undefined {
  const letters = reference && /^([A-Z]{1,3})\d*$/.exec(reference)?.[1];
  if (!letters) return undefined;
  let number = 0;
  for (const letter of letters) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number;
}

function partPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts: string[] = ['xl'];
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/**
 * The rows of a workbook's first sheet, read from the sheet's XML one row at a time: the caller
 * stops when it has enough, and the rows after are never parsed. Only the parts needed are
 * inflated (the workbook, its relationships, the shared strings and the one sheet), all within
 * `budget` bytes. Cells are read as text: numbers as written, formulas by their stored result.
 */
export function* xlsxRows(bytes: Buffer, budget: number): Generator<SheetRow> {
  const zip = new ZipReader(bytes, budget);
  const workbook = zip.read('xl/workbook.xml')?.toString('utf8');
  if (workbook === undefined) throw new ZipUnreadableError('no xl/workbook.xml');
  const relations = zip.read('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '';
  const targets = new Map<string, { type: string; target: string }>();
  for (const [tag] of relations.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) targets.set(id, { type: attribute(tag, 'Type') ?? '', target: partPath(target) });
  }
  const firstSheet = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbook)?.[0];
  const sheetId = firstSheet && /\s[\w]+:id="([^"]*)"/.exec(firstSheet)?.[1];
  const sheetPath = (sheetId && targets.get(sheetId)?.target) ?? 'xl/worksheets/sheet1.xml';
  const stringsPath = [...targets.values()].find((t) => t.type.endsWith('/sharedStrings'))?.target ?? 'xl/sharedStrings.xml';
  const sharedStrings: string[] = [];
  const stringsXml = zip.read(stringsPath)?.toString('utf8');
  if (stringsXml) {
    for (const match of stringsXml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) {
      if (sharedStrings.length === SHEET_MAX_SHARED_STRINGS) throw new SheetTooComplexError(`more than ${SHEET_MAX_SHARED_STRINGS} shared strings`);
      sharedStrings.push(runsText(match[1] ?? ''));
    }
  }
  const sheet = zip.read(sheetPath)?.toString('utf8');
  if (sheet === undefined) throw new ZipUnreadableError(`no ${sheetPath}`);

  const rows = /<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
  const cells = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
  let previous = 0;
  for (let match = rows.exec(sheet); match; match = rows.exec(sheet)) {
    const number = Number(attribute(match[1]!, 'r') ?? previous + 1);
    previous = number;
    const row: SheetRow = { row: number, cells: new Map(), filled: false };
    let column = 0;
    for (const cell of (match[2] ?? '').matchAll(cells)) {
      column = columnNumber(attribute(cell[1]!, 'r')) ?? column + 1;
      const type = attribute(cell[1]!, 't') ?? 'n';
      const inner = cell[2] ?? '';
      const value = /<(?:\w+:)?v>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
      let text: string;
      if (type === 'inlineStr') text = runsText(/<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/.exec(inner)?.[1] ?? '');
      else if (value === undefined) text = '';
      else if (type === 's') text = sharedStrings[Number(value)] ?? '';
      else if (type === 'n' && value.trim() !== '' && Number.isFinite(Number(value))) text = String(Number(value));
      else text = xmlText(value);
      text = text.trim();
      if (text === '') continue;
      row.filled = true;
      if (column <= SHEET_MAX_COLUMNS) row.cells.set(column, text);
    }
    yield row;
  }
}

/** The CSV is not UTF-8 text (seen only in the part actually read). */
export class CsvNotUtf8Error extends Error {}

const CSV_CHUNK = 64 * 1024;

/**
 * The records of a UTF-8 CSV file (RFC 4180: commas, double quotes, CRLF or LF), decoded and parsed
 * one chunk at a time so the caller can stop early; a leading byte-order mark is dropped.
 */
export function* csvRows(bytes: Buffer): Generator<SheetRow> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let number = 0;
  let cells = new Map<number, string>();
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let pendingCarriageReturn = false;
  let column = 1;
  let filled = false;
  const push = () => {
    const text = field.trim();
    if (text !== '') filled = true;
    if (text !== '' && column <= SHEET_MAX_COLUMNS) cells.set(column, text);
    field = '';
    column += 1;
  };
  const record = (): SheetRow => {
    push();
    number += 1;
    const row = { row: number, cells, filled };
    cells = new Map();
    column = 1;
    filled = false;
    return row;
  };
  for (let offset = 0; offset < bytes.length || offset === 0; offset += CSV_CHUNK) {
    const last = offset + CSV_CHUNK >= bytes.length;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(offset, offset + CSV_CHUNK), { stream: !last });
    } catch {
      throw new CsvNotUtf8Error();
    }
    for (const char of text) {
      if (pendingCarriageReturn) {
        pendingCarriageReturn = false;
        if (char === '\n') continue;
      }
      if (quoted) {
        if (char === '"') {
          quoted = false;
          afterQuote = true;
        } else {
          field += char;
        }
        continue;
      }
      if (char === '"') {
        // A doubled quote inside a quoted field is one quote; a quote opening a field starts quoting.
        if (afterQuote) field += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      afterQuote = false;
      if (char === ',') {
        push();
      } else if (char === '\n' || char === '\r') {
        pendingCarriageReturn = char === '\r';
        yield record();
      } else {
        field += char;
      }
    }
    if (last) break;
  }
  if (field !== '' || cells.size > 0 || column > 1 || quoted) yield record();
}
