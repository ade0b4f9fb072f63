import { crc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A seal is printed about 4 cm across; 2000 pixels is over 1200 dpi at that size. */
export const SEAL_IMAGE_MAX_SIDE = 2000;

/** The bit depths the PNG specification allows for each colour type. */
const DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16], // greyscale
  2: [8, 16], // truecolour
  3: [1, 2, 4, 8], // indexed
  4: [8, 16], // greyscale with alpha
  6: [8, 16], // truecolour with alpha
};

export interface PngFacts {
  width: number;
  height: number;
  colourType: number;
  /** Transparent where the seal is not: colour type 4 or 6, or a tRNS chunk. */
  alpha: boolean;
}

/** Why the bytes are not a seal image; the service answers SEAL.IMAGE_INVALID with it. */
export type PngProblem = 'empty' | 'not_png' | 'truncated' | 'corrupt' | 'bad_header' | 'too_large';

export type PngCheck = { ok: true; facts: PngFacts } | { ok: false; problem: PngProblem };

/**
 * Reads a PNG's structure without decoding its pixels: the signature, IHDR first (a sane size and
 * a colour type with a depth it allows), every chunk whole with a matching CRC, image data present,
 * and IEND last with nothing after it. A JPEG, a file cut short or bytes altered in transit fail.
 */
export function checkPng(bytes: Buffer): PngCheck {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  if (bytes.length < SIGNATURE.length || !bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return { ok: false, problem: 'not_png' };
  let at = SIGNATURE.length;
  let facts: PngFacts | null = null;
  let hasData = false;
  let ended = false;
  while (at < bytes.length) {
    if (ended) return { ok: false, problem: 'corrupt' };
    if (at + 12 > bytes.length) return { ok: false, problem: 'truncated' };
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) return { ok: false, problem: 'corrupt' };
    if (at + 12 + length > bytes.length) return { ok: false, problem: 'truncated' };
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== bytes.readUInt32BE(at + 8 + length)) return { ok: false, problem: 'corrupt' };
    if (facts === null) {
      if (type !== 'IHDR' || length !== 13) return { ok: false, problem: 'bad_header' };
      const header = readHeader(data);
      if (!header.ok) return header;
      facts = header.facts;
    } else if (type === 'IHDR') {
      return { ok: false, problem: 'corrupt' };
    } else if (type === 'IDAT') {
      hasData = true;
    } else if (type === 'tRNS') {
      facts.alpha = true;
    } else if (type === 'IEND') {
      ended = true;
    }
    at += 12 + length;
  }
  if (facts === null || !ended || !hasData) return { ok: false, problem: 'truncated' };
  return { ok: true, facts };
}

function readHeader(data: Buffer): PngCheck {
  const width = data.readUInt32BE(0);
  const height = data.readUInt32BE(4);
  const depth = data[8]!;
  const colourType = data[9]!;
  if (width === 0 || height === 0) return { ok: false, problem: 'bad_header' };
  if (width > SEAL_IMAGE_MAX_SIDE || height > SEAL_IMAGE_MAX_SIDE) return { ok: false, problem: 'too_large' };
  if (!DEPTHS[colourType]?.includes(depth)) return { ok: false, problem: 'bad_header' };
  // Compression and filter method 0 are the only ones defined; interlacing is none or Adam7.
  if (data[10] !== 0 || data[11] !== 0 || data[12]! > 1) return { ok: false, problem: 'bad_header' };
  return { ok: true, facts: { width, height, colourType, alpha: colourType === 4 || colourType === 6 } };
}
