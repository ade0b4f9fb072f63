import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export interface NewRendering {
  /** SHA-256 of what the documents are rendered from (see VersionRenderer). */
  inputSha256: string;
  /** The date the documents carry, YYYY-MM-DD in Asia/Shanghai. */
  dated: string;
  docx: Buffer;
  html: string;
  docxSha256: string;
}

/**
 * Rendered reports by the digest of what they are rendered from, so that the same content is
 * rendered once whichever case or version asks. A cache: a SEAL copies the row it was decided on
 * into sealed_versions, and a row dated before the newest one written can be dropped at any time.
 */
@Injectable()
export class RenderingStore {
  /** The SHA-256 of the stored .docx rendered from this input, or null when it has not been rendered. */
  async docxDigest(tx: Tx, inputSha256: string): Promise<string | null> {
    const rows = await queryRows<{ docx_sha256: string }>(tx, `SELECT docx_sha256 FROM renderings WHERE input_sha256 = $1`, [inputSha256], 'renderings.digest');
    return rows[0]?.docx_sha256 ?? null;
  }

  /**
   * Stores a rendering (a second writer of the same input finds it there and changes nothing), and
   * drops the renderings dated before it: their input holds an earlier date, which no SEAL asks for.
   */
  async insert(tx: Tx, rendering: NewRendering): Promise<void> {
    await queryRows(
      tx,
      `WITH stale AS (DELETE FROM renderings WHERE dated < $2::date)
       INSERT INTO renderings (input_sha256, dated, docx, html, docx_sha256) VALUES ($1, $2::date, $3, $4, $5)
       ON CONFLICT (input_sha256) DO NOTHING`,
      [rendering.inputSha256, rendering.dated, rendering.docx, rendering.html, rendering.docxSha256],
    );
  }
}
