import { join } from 'node:path';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import Piscina from 'piscina';
import type { SealedSnapshot } from '../rendering';
import type { RenderedDocuments, RenderedPdf, RenderTask } from '../rendering/render.worker';

/** A snapshot's documents: the .docx and the PDF with their SHA-256, and the HTML preview. */
export interface Rendering {
  docx: Buffer;
  html: string;
  docxSha256: string;
  pdf: Buffer;
  pdfSha256: string;
  pdfSm3: string;
}

const task = (snapshot: SealedSnapshot, sealPng?: Buffer): RenderTask => (sealPng === undefined ? { snapshot } : { snapshot, sealPng: new Uint8Array(sealPng) });

/** A view of the bytes a worker sent, without copying them again. */
const bytes = (array: Uint8Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/**
 * Renders reports in worker threads: building and zipping a .docx takes tens of milliseconds of
 * CPU and laying out the PDF a few hundred, which on the event loop every other request would wait
 * behind. One or two threads, made at the first rendering (most processes never render) and ended
 * with the module.
 */
@Injectable()
export class RenderingPool implements OnModuleDestroy {
  private pool: Piscina<RenderTask, RenderedDocuments | RenderedPdf> | null = null;
  private count = 0;

  private threads(): Piscina<RenderTask, RenderedDocuments | RenderedPdf> {
    // From the build the compiled worker runs; from the sources (Jest) a loader compiles it first.
    const entry = __filename.endsWith('.ts') ? 'render.worker-source.js' : 'render.worker.js';
    this.pool ??= new Piscina({ filename: join(__dirname, '..', 'rendering', entry), minThreads: 0, maxThreads: 1, idleTimeout: 15_000 });
    return this.pool;
  }

  /** `sealPng`: the image of the seal `snapshot.seal` names, drawn on the PDF. */
  async render(snapshot: SealedSnapshot, sealPng?: Buffer): Promise<Rendering> {
    this.count += 1;
    const rendered = (await this.threads().run(task(snapshot, sealPng))) as RenderedDocuments;
    return { docx: bytes(rendered.docx), html: rendered.html, docxSha256: rendered.docxSha256, pdf: bytes(rendered.pdf), pdfSha256: rendered.pdfSha256, pdfSm3: rendered.pdfSm3 };
  }

  /** The PDF alone, for a version sealed before PDFs were rendered (see SealingService.sealedPdf). */
  async renderPdf(snapshot: SealedSnapshot): Promise<{ pdf: Buffer; pdfSha256: string }> {
    this.count += 1;
    const rendered = (await this.threads().run(task(snapshot), { name: 'pdfTask' })) as RenderedPdf;
    return { pdf: bytes(rendered.pdf), pdfSha256: rendered.pdfSha256 };
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
