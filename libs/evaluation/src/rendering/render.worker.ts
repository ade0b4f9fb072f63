import { createHash } from 'node:crypto';
import { renderDocx } from './docx.renderer';
import { renderHtml } from './html.renderer';
import { renderPdf } from './pdf.renderer';
import type { SealedSnapshot } from './snapshot';

/** A snapshot's documents as a worker thread returns them. */
export interface RenderedDocuments {
  docx: Uint8Array;
  html: string;
  docxSha256: string;
  pdf: Uint8Array;
  pdfSha256: string;
}

/** A snapshot's PDF alone, as a worker thread returns it. */
export interface RenderedPdf {
  pdf: Uint8Array;
  pdfSha256: string;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The worker thread's task (see RenderingPool): render a snapshot's .docx, PDF and HTML off the main thread, and hash the .docx and the PDF. */
export default async function renderTask(snapshot: SealedSnapshot): Promise<RenderedDocuments> {
  const docx = await renderDocx(snapshot);
  // Copies of their own bytes: a view into a pooled buffer would carry the whole pool across threads.
  return { docx: new Uint8Array(docx), html: renderHtml(snapshot), docxSha256: sha256(docx), ...(await pdfTask(snapshot)) };
}

/** The PDF of a version sealed before PDFs were rendered, made from its stored snapshot on its first download. */
export async function pdfTask(snapshot: SealedSnapshot): Promise<RenderedPdf> {
  const pdf = await renderPdf(snapshot);
  return { pdf: new Uint8Array(pdf), pdfSha256: sha256(pdf) };
}
