import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export interface NewRendering {
  /** SHA-256 of what the documents are rendered from (see VersionRenderer). */
  inputSha256: string;
  docx: Buffer;
  html: string;
  docxSha256: string;
  pdf: Buffer;
  pdfSha256: string;
  /** SM3 of the PDF, hexadecimal: what a unit's electronic seal signs. */
  pdfSm3: string;
}

/** A stored rendering's digests: the .docx's SHA-256 the seal is decided on, and the PDF's SM3 its electronic seal signs. */
export interface RenderingDigests {
  docxSha256: string;
  pdfSm3: string;
}

/**
 * Rendered reports by the digest of what they are rendered from, so that the same content is
 * rendered once whichever case or version asks. A cache: a SEAL copies the row it was decided on
 * into sealed_versions, and a row may be dropped at any time (a SEAL that finds its row gone is a
 * version conflict, and sent again it renders afresh).
 */
@Injectable()
export class RenderingStore {
  /** The digests of the rendering stored for this input, or null when it has not been rendered. */
  async digests(tx: Tx, inputSha256: string): Promise<RenderingDigests | null> {
    const rows = await queryRows<{ docx_sha256: string; pdf_sm3: string }>(tx, `SELECT docx_sha256, pdf_sm3 FROM renderings WHERE input_sha256 = $1`, [inputSha256], 'renderings.digest');
    return rows[0] ? { docxSha256: rows[0].docx_sha256, pdfSm3: rows[0].pdf_sm3 } : null;
  }

  /**
   * Stores a rendering (a second writer of the same input finds it there and changes nothing), and
   * drops those rendered two days before or earlier. Their input holds the date they were rendered
   * on, which no SEAL asks for any more; the margin keeps a row that a SEAL in flight prepared
   * whatever the clocks of the processes (or of a test) say.
   */
  async insert(tx: Tx, rendering: NewRendering): Promise<void> {
    await queryRows(
      tx,
      `WITH stale AS (DELETE FROM renderings WHERE rendered_at < now() - interval '2 days')
       INSERT INTO renderings (input_sha256, docx, html, docx_sha256, pdf, pdf_sha256, pdf_sm3) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (input_sha256) DO NOTHING`,
      [rendering.inputSha256, rendering.docx, rendering.html, rendering.docxSha256, rendering.pdf, rendering.pdfSha256, rendering.pdfSm3],
    );
  }
}
