import { join } from 'node:path';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import Piscina from 'piscina';
import type { SealedSnapshot } from '../rendering';
import type { RenderedDocuments } from '../rendering/render.worker';

/** A snapshot's documents: the .docx and its SHA-256, and the HTML preview. */
export interface Rendering {
  docx: Buffer;
  html: string;
  docxSha256: string;
}

/**
 * Renders reports in worker threads: building and zipping a .docx takes tens of milliseconds of
 * CPU, which on the event loop every other request would wait behind. One or two threads, made at
 * the first rendering (most processes never render) and ended with the module.
 */
@Injectable()
export class RenderingPool implements OnModuleDestroy {
  private pool: Piscina<SealedSnapshot, RenderedDocuments> | null = null;
  private count = 0;

  private threads(): Piscina<SealedSnapshot, RenderedDocuments> {
    // From the build the compiled worker runs; from the sources (Jest) a loader compiles it first.
    const entry = __filename.endsWith('.ts') ? 'render.worker-source.js' : 'render.worker.js';
    this.pool ??= new Piscina({ filename: join(__dirname, '..', 'rendering', entry), minThreads: 0, maxThreads: 1, idleTimeout: 15_000 });
    return this.pool;
  }

  async render(snapshot: SealedSnapshot): Promise<Rendering> {
    this.count += 1;
    const rendered = await this.threads().run(snapshot);
    return { docx: Buffer.from(rendered.docx.buffer, rendered.docx.byteOffset, rendered.docx.byteLength), html: rendered.html, docxSha256: rendered.docxSha256 };
  }

  /** Renderings asked of the pool since the process started. */
  get rendered(): number {
    return this.count;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
