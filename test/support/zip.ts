import { createDeflateRaw, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A minimal zip writer for tests that need hostile archives: entries deflated (or given already
 * deflated, for bombs too large to hold inflated), and sizes in the headers that may lie.
 */
export interface ZipEntry {
  name: string;
  /** The entry's content; or `deflated` with the real `size` and `crc` of what it inflates to. */
  data?: Buffer;
  deflated?: { bytes: Buffer; size: number; crc: number };
  /** Written in both headers instead of the real inflated size. */
  declaredSize?: number;
}

export function zip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const packed = entry.deflated ?? { bytes: deflateRawSync(entry.data!), size: entry.data!.length, crc: crc32(entry.data!) };
    const size = entry.declaredSize ?? packed.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(packed.crc >>> 0, 14);
    local.writeUInt32LE(packed.bytes.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.crc >>> 0, 16);
    central.writeUInt32LE(packed.bytes.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed.bytes);
    centrals.push(central, name);
    offset += local.length + name.length + packed.bytes.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Deflates `head`, then `filler` repeated until `size` bytes, then `tail`, without holding them inflated. */
export async function deflateRepeated(head: string, filler: string, size: number, tail: string): Promise<{ bytes: Buffer; size: number; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const chunk = Buffer.from(filler.repeat(Math.max(1, Math.floor((1 << 20) / filler.length))), 'utf8');
  let crc = crc32(head);
  let total = Buffer.byteLength(head);
  deflate.write(head);
  while (total + chunk.length <= size) {
    crc = crc32(chunk, crc);
    total += chunk.length;
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  crc = crc32(tail, crc);
  total += Buffer.byteLength(tail);
  deflate.end(tail);
  await done;
  return { bytes: Buffer.concat(out), size: total, crc };
}

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** The parts of a one-sheet workbook around its sheet XML, so a test can give the sheet any shape. */
export function workbookAround(sheet: ZipEntry['deflated'] | string, options: { declaredSheetSize?: number } = {}): Buffer {
  const text = (value: string): Buffer => Buffer.from(value, 'utf8');
  const sheetEntry: ZipEntry =
    typeof sheet === 'string' ? { name: 'xl/worksheets/sheet1.xml', data: text(sheet) } : { name: 'xl/worksheets/sheet1.xml', deflated: sheet };
  if (options.declaredSheetSize !== undefined) sheetEntry.declaredSize = options.declaredSheetSize;
  return zip([
    {
      name: '[Content_Types].xml',
      data: text(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: text(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: text(
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          '<sheets><sheet name="单位名单" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: text(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    sheetEntry,
  ]);
}

/** Sheet XML: rows of inline-string cells, numbered from 1. */
export function sheetXml(rows: ReadonlyArray<readonly string[]>, tail = SHEET_TAIL): string {
  const column = (index: number) => String.fromCharCode(65 + index);
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = rows
    .map((cells, r) => `<row r="${r + 1}">${cells.map((value, c) => `<c r="${column(c)}${r + 1}" t="inlineStr"><is><t>${escape(value)}</t></is></c>`).join('')}</row>`)
    .join('');
  return SHEET_HEAD + body + tail;
}

export { SHEET_HEAD, SHEET_TAIL };

/** One entry of a zip file (a .docx), read through its central directory as a word processor does; null when absent. */
export function readEntry(archive: Buffer, name: string): string | null {
  let end = archive.length - 22;
  while (end > 0 && archive.readUInt32LE(end) !== 0x06054b50) end--;
  let offset = archive.readUInt32LE(end + 16);
  for (let i = 0; i < archive.readUInt16LE(end + 10); i++) {
    const nameLength = archive.readUInt16LE(offset + 28);
    if (archive.toString('utf8', offset + 46, offset + 46 + nameLength) === name) {
      const local = archive.readUInt32LE(offset + 42);
      const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
      const data = archive.subarray(start, start + archive.readUInt32LE(offset + 20));
      return (archive.readUInt16LE(offset + 10) === 0 ? data : inflateRawSync(data)).toString('utf8');
    }
    offset += 46 + nameLength + archive.readUInt16LE(offset + 30) + archive.readUInt16LE(offset + 32);
  }
  return null;
}
