import { join } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import Piscina from 'piscina';
import { DomainError, unprocessable } from '../errors';
import type { PdfProblem, PdfText, PdfTextTask } from './pdf-text.worker';

export interface PdfReaderLimits {
  /** A PDF larger than this is refused unread (PDF.TOO_LARGE). */
  maxBytes: number;
  maxPages: number;
  /** What the file's compressed streams may inflate to, together. */
  maxInflatedBytes: number;
  /** A PDF not read within this time is refused; its worker thread is ended. */
  timeoutMs: number;
  /** The worker thread's V8 heap. */
  maxHeapMb: number;
}

export const PDF_READER_LIMITS = Symbol('PDF_READER_LIMITS');

/**
 * A sealed report is a few hundred kilobytes and a few dozen pages; a published copy typeset
 * elsewhere may be larger (scanned seals, other fonts), so the limits leave room of an order of
 * magnitude while refusing what is plainly not a report.
 */
export const DEFAULT_PDF_READER_LIMITS: PdfReaderLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxPages: 300,
  maxInflatedBytes: 200 * 1024 * 1024,
  timeoutMs: 20_000,
  maxHeapMb: 256,
};

/** The error a PDF that cannot be read is answered with; its Chinese text is the code's, in CODES. */
export function pdfProblemError(problem: PdfProblem | 'PDF.TOO_LARGE', limits: PdfReaderLimits = DEFAULT_PDF_READER_LIMITS): DomainError {
  if (problem === 'PDF.TOO_LARGE') return new DomainError('PDF.TOO_LARGE', `The PDF is larger than ${limits.maxBytes} bytes.`, { maxMegabytes: limits.maxBytes / 1024 / 1024 });
  return unprocessable(problem, `The PDF's text could not be read: ${problem}.`, problem === 'PDF.TOO_COMPLEX' ? { maxPages: limits.maxPages } : {});
}

/**
 * Reads the text of PDFs in a worker thread, page by page: parsing a PDF is CPU work on bytes that
 * come from outside, which on the event loop every other request would wait behind. A file whose
 * reading times out or runs out of memory ends only its worker and is refused as PDF.TOO_COMPLEX.
 */
@Injectable()
export class PdfReader implements OnModuleDestroy {
  private pool: Piscina<PdfTextTask, PdfText> | null = null;

  readonly limits: PdfReaderLimits;

  constructor(@Optional() @Inject(PDF_READER_LIMITS) limits?: Partial<PdfReaderLimits>) {
    this.limits = { ...DEFAULT_PDF_READER_LIMITS, ...limits };
  }

  /** The pool, made at the first PDF read: most processes never read one. */
  private threads(): Piscina<PdfTextTask, PdfText> {
    // From the build the compiled worker runs; from the sources (Jest) a loader compiles it first.
    const entry = __filename.endsWith('.ts') ? 'pdf-text.worker-source.js' : 'pdf-text.worker.js';
    this.pool ??= new Piscina({
      filename: join(__dirname, entry),
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    return this.pool;
  }

  /** The text of each page, or why there is none; throws only for a fault of the service itself. */
  async read(bytes: Buffer): Promise<PdfText | { ok: false; problem: 'PDF.TOO_LARGE' }> {
    if (bytes.length > this.limits.maxBytes) return { ok: false, problem: 'PDF.TOO_LARGE' };
    const { maxPages, maxInflatedBytes } = this.limits;
    try {
      return await this.threads().run({ bytes: new Uint8Array(bytes), maxPages, maxInflatedBytes }, { signal: AbortSignal.timeout(this.limits.timeoutMs) });
    } catch (error) {
      const name = (error as { name?: string }).name;
      const code = (error as { code?: string }).code;
      if (name === 'AbortError' || code === 'ERR_WORKER_OUT_OF_MEMORY') return { ok: false, problem: 'PDF.TOO_COMPLEX' };
      throw error;
    }
  }

  /** The text of each page; a PDF that cannot be read is refused with its problem's error. */
  async pages(bytes: Buffer): Promise<string[]> {
    const read = await this.read(bytes);
    if (!read.ok) throw pdfProblemError(read.problem, this.limits);
    return read.pages;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
