import { join } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import Piscina from 'piscina';
import type { SheetFormat, UnitSheet } from './unit-sheet';
import type { UnitSheetTask } from './unit-sheet.worker';

export interface UnitSheetReaderLimits {
  /** A file not read within this time is refused; its worker thread is ended. */
  timeoutMs: number;
  /** The worker thread's V8 heap; a file that needs more is refused. */
  maxHeapMb: number;
  /** Files read at the same time; more wait their turn. */
  threads: number;
}

export const UNIT_SHEET_READER_LIMITS = Symbol('UNIT_SHEET_READER_LIMITS');

export const DEFAULT_UNIT_SHEET_READER_LIMITS: UnitSheetReaderLimits = { timeoutMs: 20_000, maxHeapMb: 256, threads: 2 };

/**
 * Reads unit lists in worker threads, so that parsing a spreadsheet never blocks the event loop.
 * A file whose reading times out or runs out of memory kills only its worker, and is answered as
 * IMPORT.TOO_COMPLEX like any other problem of the sheet as a whole.
 */
@Injectable()
export class UnitSheetReader implements OnModuleDestroy {
  private pool: Piscina<UnitSheetTask, UnitSheet> | null = null;
  private readonly limits: UnitSheetReaderLimits;

  constructor(@Optional() @Inject(UNIT_SHEET_READER_LIMITS) limits?: Partial<UnitSheetReaderLimits>) {
    this.limits = { ...DEFAULT_UNIT_SHEET_READER_LIMITS, ...limits };
  }

  /** The pool, made at the first import: the worker app and most requests never need it. */
  private threads(): Piscina<UnitSheetTask, UnitSheet> {
    // From the build the compiled worker runs; from the sources (Jest) a loader compiles it first.
    const entry = __filename.endsWith('.ts') ? 'unit-sheet.worker-source.js' : 'unit-sheet.worker.js';
    this.pool ??= new Piscina({
      filename: join(__dirname, entry),
      minThreads: 0,
      maxThreads: this.limits.threads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    return this.pool;
  }

  async read(bytes: Buffer, format: SheetFormat): Promise<UnitSheet> {
    try {
      return await this.threads().run({ bytes: new Uint8Array(bytes), format }, { signal: AbortSignal.timeout(this.limits.timeoutMs) });
    } catch (error) {
      const name = (error as { name?: string }).name;
      const code = (error as { code?: string }).code;
      if (name === 'AbortError' || code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return {
          ok: false,
          problems: [
            {
              row: 0,
              field: null,
              code: 'IMPORT.TOO_COMPLEX',
              message: `文件在 ${this.limits.timeoutMs / 1000} 秒、${this.limits.maxHeapMb} MB 内存内未能读完，不像一份单位名单；请只保留单位代码和单位名称两列后重新导入。`,
            },
          ],
        };
      }
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
