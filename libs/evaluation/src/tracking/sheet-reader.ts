import { join } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import Piscina from 'piscina';
import type { NamedSheet, SheetFormat, SheetSpec } from './named-sheet';
import type { SheetTask } from './sheet.worker';
import { toUnitSheet, UNIT_SHEET_SPEC, type UnitSheet } from './unit-sheet';

export interface SheetReaderLimits {
  /** A file not read within this time is refused; its worker thread is ended. */
  timeoutMs: number;
  /** The worker thread's V8 heap; a file that needs more is refused. */
  maxHeapMb: number;
  /** Files read at the same time; more wait their turn. */
  threads: number;
}

export const SHEET_READER_LIMITS = Symbol('SHEET_READER_LIMITS');

export const DEFAULT_SHEET_READER_LIMITS: SheetReaderLimits = { timeoutMs: 20_000, maxHeapMb: 256, threads: 2 };

/**
 * Reads uploaded lists (units, the directory, people) in worker threads, so that parsing a
 * spreadsheet never blocks the event loop. A file whose reading times out or runs out of memory
 * kills only its worker, and is answered as IMPORT.TOO_COMPLEX like any other problem of the sheet
 * as a whole.
 */
@Injectable()
export class SheetReader implements OnModuleDestroy {
  private pool: Piscina<SheetTask, NamedSheet> | null = null;
  private readonly limits: SheetReaderLimits;

  constructor(@Optional() @Inject(SHEET_READER_LIMITS) limits?: Partial<SheetReaderLimits>) {
    this.limits = { ...DEFAULT_SHEET_READER_LIMITS, ...limits };
  }

  /** The pool, made at the first import: the worker app and most requests never need it. */
  private threads(): Piscina<SheetTask, NamedSheet> {
    // From the build the compiled worker runs; from the sources (Jest) a loader compiles it first.
    const entry = __filename.endsWith('.ts') ? 'sheet.worker-source.js' : 'sheet.worker.js';
    this.pool ??= new Piscina({
      filename: join(__dirname, entry),
      minThreads: 0,
      maxThreads: this.limits.threads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    return this.pool;
  }

  /** Reads the columns `spec` names from an .xlsx or CSV file. */
  async read(bytes: Buffer, format: SheetFormat, spec: SheetSpec): Promise<NamedSheet> {
    try {
      return await this.threads().run({ bytes: new Uint8Array(bytes), format, spec }, { signal: AbortSignal.timeout(this.limits.timeoutMs) });
    } catch (error) {
      const name = (error as { name?: string }).name;
      const code = (error as { code?: string }).code;
      if (name === 'AbortError' || code === 'ERR_WORKER_OUT_OF_MEMORY') {
        const columns = spec.columns.map((c) => c.title).join('、');
        return {
          ok: false,
          problems: [
            {
              row: 0,
              field: null,
              code: 'IMPORT.TOO_COMPLEX',
              message: `文件在 ${this.limits.timeoutMs / 1000} 秒、${this.limits.maxHeapMb} MB 内存内未能读完，不像一份名单；请只保留所需的列（${columns}）后重新导入。`,
            },
          ],
        };
      }
      throw error;
    }
  }

  /** Reads a campaign's unit list (单位代码 and/or 单位名称). */
  async readUnits(bytes: Buffer, format: SheetFormat): Promise<UnitSheet> {
    return toUnitSheet(await this.read(bytes, format, UNIT_SHEET_SPEC));
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
