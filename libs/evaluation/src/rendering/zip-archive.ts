import { inflateRawSync } from 'node:zlib';

/** 1980-01-01 00:00 in MS-DOS form: every entry of a sealed .docx carries it, so the bytes depend on the content only. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
  centralOffset: number;
}

function entries(zip: Buffer): Entry[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const found: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    found.push({
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      localOffset: zip.readUInt32LE(offset + 42),
      centralOffset: offset,
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return found;
}

/** A copy of the zip with every entry's modification time set to one fixed value. */
export function withFixedTimestamps(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (const entry of entries(out)) {
    out.writeUInt16LE(DOS_TIME, entry.centralOffset + 12);
    out.writeUInt16LE(DOS_DATE, entry.centralOffset + 14);
    out.writeUInt16LE(DOS_TIME, entry.localOffset + 10);
    out.writeUInt16LE(DOS_DATE, entry.localOffset + 12);
  }
  return out;
}

/**
 * The text of one entry of a zip (stored or deflated), or null when it has none by that name.
 * `maxBytes` bounds what a deflated entry may inflate to (a file from outside may be a zip bomb):
 * beyond it, inflating throws.
 */
export function readZipEntry(zip: Buffer, name: string, maxBytes?: number): string | null {
  const entry = entries(zip).find((e) => e.name === name);
  if (!entry) return null;
  const start = entry.localOffset + 30 + zip.readUInt16LE(entry.localOffset + 26) + zip.readUInt16LE(entry.localOffset + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  return (entry.method === 0 ? data : inflateRawSync(data, maxBytes === undefined ? {} : { maxOutputLength: maxBytes })).toString('utf8');
}
