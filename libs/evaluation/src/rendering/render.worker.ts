import { createHash } from 'node:crypto';
import { renderDocx } from './docx.renderer';
import { renderHtml } from './html.renderer';
import { renderPdf } from './pdf.renderer';
import { sm3Hex } from '../seals/sm2';
import type { SealedSnapshot } from './snapshot';

/** A snapshot's documents as a worker thread returns them. */
export interface RenderedDocuments {
  docx: Uint8Array;
  html: string;
  docxSha256: string;
  pdf: Uint8Array;
  pdfSha256: string;
  /** The PDF's SM3 digest, hexadecimal: what the unit's electronic seal signs. */
  pdfSm3: string;
}

/** A snapshot's PDF alone, as a worker thread returns it. */
export interface RenderedPdf {
  pdf: Uint8Array;
  pdfSha256: string;
  pdfSm3: string;
}

/** What a worker thread renders: a snapshot, and the seal image its PDF bears when `snapshot.seal` names one. */
export interface RenderTask {
  snapshot: SealedSnapshot;
  sealPng?: Uint8Array;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The worker thread's task (see RenderingPool): render a snapshot's .docx, PDF and HTML off the main thread, and hash the .docx and the PDF. */
export default async function renderTask(task: RenderTask): Promise<RenderedDocuments> {
  const docx = await renderDocx(task.snapshot);
  // Copies of their own bytes: a view into a pooled buffer would carry the whole pool across threads.
  return { docx: new Uint8Array(docx), html: renderHtml(task.snapshot), docxSha256: sha256(docx), ...(await pdfTask(task)) };
}

/** The PDF of a version sealed before PDFs were rendered, made from its stored snapshot on its first download. */
export async function pdfTask({ snapshot, sealPng }: RenderTask): Promise<RenderedPdf> {
  if (snapshot.seal !== undefined && sealPng === undefined) throw new Error(`The snapshot names seal ${snapshot.seal.serial} but no image came with it.`);
  const pdf = await renderPdf(snapshot, sealPng === undefined ? {} : { seal: { png: Buffer.from(sealPng.buffer, sealPng.byteOffset, sealPng.byteLength) } });
  return { pdf: new Uint8Array(pdf), pdfSha256: sha256(pdf), pdfSm3: sm3Hex(pdf) };
}
