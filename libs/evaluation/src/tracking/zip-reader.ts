import { inflateRawSync } from 'node:zlib';

/** The archive is not a zip file this reader understands (or is damaged). */
export class ZipUnreadableError extends Error {}

/** Inflating the entries read so far would pass the budget the reader was given. */
export class ZipTooLargeError extends Error {}

interface ZipEntry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
/** The central directory of a sheet has a handful of entries; a file with thousands is not one. */
const MAX_ENTRIES = 10_000;

/**
 * Reads entries of a zip archive held in memory, inflating only the entries asked for and counting
 * the bytes they really inflate to against one budget for the whole archive: the uncompressed sizes
 * the archive declares are never trusted, and inflating stops as soon as the budget is passed.
 */
export class ZipReader {
  private readonly entries = new Map<string, ZipEntry>();
  private remaining: number;

  constructor(
    private readonly bytes: Buffer,
    budget: number,
  ) {
    this.remaining = budget;
    const end = this.findEndOfDirectory();
    const count = bytes.readUInt16LE(end + 10);
    let offset = bytes.readUInt32LE(end + 16);
    if (count > MAX_ENTRIES) throw new ZipUnreadableError(`${count} entries`);
    for (let index = 0; index < count; index += 1) {
      if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== DIRECTORY_ENTRY) throw new ZipUnreadableError('broken central directory');
      const nameLength = bytes.readUInt16LE(offset + 28);
      const extraLength = bytes.readUInt16LE(offset + 30);
      const commentLength = bytes.readUInt16LE(offset + 32);
      const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
      this.entries.set(name, {
        method: bytes.readUInt16LE(offset + 10),
        compressedSize: bytes.readUInt32LE(offset + 20),
        localOffset: bytes.readUInt32LE(offset + 42),
      });
      offset += 46 + nameLength + extraLength + commentLength;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry's bytes, inflated; null when there is no such entry. */
  read(name: string): Buffer | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const { bytes } = this;
    const local = entry.localOffset;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_ENTRY) throw new ZipUnreadableError(`no local header for ${name}`);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, Math.min(bytes.length, start + entry.compressedSize));
    let inflated: Buffer;
    if (entry.method === 0) {
      inflated = data;
    } else if (entry.method === 8) {
      try {
        // maxOutputLength makes zlib give up as soon as the output passes the budget, mid-entry.
        inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, this.remaining + 1) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipTooLargeError(name);
        throw new ZipUnreadableError(`${name}: ${(error as Error).message}`);
      }
    } else {
      throw new ZipUnreadableError(`${name}: compression method ${entry.method}`);
    }
    if (inflated.length > this.remaining) throw new ZipTooLargeError(name);
    this.remaining -= inflated.length;
    return inflated;
  }

  private findEndOfDirectory(): number {
    const { bytes } = this;
    // The record is 22 bytes, followed by a comment of at most 65,535 bytes.
    for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 0xffff); offset -= 1) {
      if (bytes.readUInt32LE(offset) === END_OF_DIRECTORY) return offset;
    }
    throw new ZipUnreadableError('no end of central directory');
  }
}
