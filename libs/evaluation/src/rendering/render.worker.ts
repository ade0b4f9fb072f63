import { createHash } from 'node:crypto';
import { renderDocx } from './docx.renderer';
import { renderHtml } from './html.renderer';
import type { SealedSnapshot } from './snapshot';

/** A snapshot's documents as a worker thread returns them. */
export interface RenderedDocuments {
  docx: Uint8Array;
  html: string;
  docxSha256: string;
}

/** The worker thread's task (see RenderingPool): render a snapshot's .docx and HTML off the main thread, and hash the .docx. */
export default async function renderTask(snapshot: SealedSnapshot): Promise<RenderedDocuments> {
  const docx = await renderDocx(snapshot);
  // A copy of its own bytes: a view into a pooled buffer would carry the whole pool across threads.
  return { docx: new Uint8Array(docx), html: renderHtml(snapshot), docxSha256: createHash('sha256').update(docx).digest('hex') };
}
