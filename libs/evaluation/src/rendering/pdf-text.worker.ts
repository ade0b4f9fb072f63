import { constants, inflateSync } from 'node:zlib';
import { extractText, getDocumentProxy } from 'unpdf';

export interface PdfTextTask {
  bytes: Uint8Array;
  /** More pages than this is not a report (a department report runs to a few dozen). */
  maxPages: number;
  /** What all the file's compressed streams may inflate to, together: the guard against a PDF bomb. */
  maxInflatedBytes: number;
}

/** Why a PDF's text cannot be read; each is an error code with its Chinese text in CODES. */
export type PdfProblem = 'PDF.NOT_A_PDF' | 'PDF.DAMAGED' | 'PDF.ENCRYPTED' | 'PDF.TOO_COMPLEX';

export type PdfText = { ok: true; pages: string[] } | { ok: false; problem: PdfProblem };

/** `%PDF-` may follow a little junk (some writers put a BOM or a mail header first); readers look in the first kilobyte. */
const HEADER_WINDOW = 1024;
/** The end-of-file marker sits in the last bytes; a file cut short in transfer has none. */
const TRAILER_WINDOW = 2048;

/**
 * An encryption dictionary named from a trailer or a cross-reference stream's dictionary. Both are
 * never compressed, so the raw bytes show it; pdf.js opens a file encrypted with an empty user
 * password without complaint, and such a file's text is still not what a unit publishes openly.
 */
const ENCRYPT = /\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/;

/**
 * Inflates every zlib-compressed stream of the file within one budget, and says whether the budget
 * was exceeded. pdf.js would inflate them too, into buffers outside the worker's heap limit, so a
 * few kilobytes that unpack to gigabytes must be caught before it does. Streams that are not zlib
 * data, or are damaged, are left to pdf.js to judge.
 */
export function inflatesBeyond(bytes: Buffer, budget: number): boolean {
  const text = bytes.toString('latin1');
  const start = /stream\r?\n/g;
  let used = 0;
  for (let match = start.exec(text); match !== null; match = start.exec(text)) {
    const from = match.index + match[0].length;
    const end = text.indexOf('endstream', from);
    if (end < 0) break;
    start.lastIndex = end + 'endstream'.length;
    if (bytes[from] !== 0x78) continue;
    try {
      used += inflateSync(bytes.subarray(from, end), { maxOutputLength: budget - used + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return true;
      continue;
    }
    if (used > budget) return true;
  }
  return false;
}

/** The worker thread's task (see PdfReader): a PDF's text, page by page, read off the main thread. */
export default async function readPdfText(task: PdfTextTask): Promise<PdfText> {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  if (!bytes.subarray(0, HEADER_WINDOW).includes('%PDF-')) return { ok: false, problem: 'PDF.NOT_A_PDF' };
  if (!bytes.subarray(Math.max(0, bytes.length - TRAILER_WINDOW)).includes('%%EOF')) return { ok: false, problem: 'PDF.DAMAGED' };
  if (ENCRYPT.test(bytes.toString('latin1'))) return { ok: false, problem: 'PDF.ENCRYPTED' };
  if (inflatesBeyond(bytes, task.maxInflatedBytes)) return { ok: false, problem: 'PDF.TOO_COMPLEX' };
  let document: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: pdf.js takes over (detaches) the array it is given.
    document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, disableFontFace: true, useSystemFonts: false, stopAtErrors: true });
  } catch (error) {
    return { ok: false, problem: (error as { name?: string }).name === 'PasswordException' ? 'PDF.ENCRYPTED' : 'PDF.DAMAGED' };
  }
  try {
    if (document.numPages > task.maxPages) return { ok: false, problem: 'PDF.TOO_COMPLEX' };
    const { text } = await extractText(document, { mergePages: false });
    return { ok: true, pages: text };
  } catch {
    return { ok: false, problem: 'PDF.DAMAGED' };
  } finally {
    await document.cleanup();
  }
}
