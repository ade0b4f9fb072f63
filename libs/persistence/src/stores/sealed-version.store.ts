import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export interface NewSealedVersion {
  caseId: string;
  contentVersion: number;
  snapshot: unknown;
  docx: Buffer;
  html: string;
  sha256: string;
  sealedBy: string;
}

export interface SealedVersionSummary {
  contentVersion: number;
  sha256: string;
  sealedBy: string;
  sealedAt: Date;
}

export interface SealedVersion extends SealedVersionSummary {
  caseId: string;
  snapshot: unknown;
  docx: Buffer;
  html: string;
}

/** A sealed version whose documents are copied from a stored rendering (see RenderingStore). */
export type RenderedSealedVersion = Omit<NewSealedVersion, 'docx' | 'html' | 'sha256'> & {
  /** The rendering's key. */
  renderingSha256: string;
  /** The .docx SHA-256 the SEAL was decided on; the rendering must still have it. */
  sha256: string;
  /** `snapshot` as JSON text, when the caller has it already (its canonical text, hashed for the seal): sent as it is, not serialised again. */
  snapshotJson?: string;
};

/** A sealed version's PDF and its SHA-256. */
export interface SealedPdf {
  pdf: Buffer;
  sha256: string;
}

/**
 * A CTE body that writes a sealed version from a stored rendering (see RenderingStore): its .docx,
 * HTML, PDF and digests are copied in the database, not sent again; nothing is written when the
 * rendering is not stored with that digest, or when `guard` does not hold. The arguments are SQL
 * expressions (parameters) for the case, content version, snapshot (JSON), sealer, rendering key and digest.
 */
export function sealedFromRenderingSql(p: { caseId: string; contentVersion: string; snapshot: string; sealedBy: string; renderingSha256: string; sha256: string }, guard: string): string {
  return `INSERT INTO sealed_versions (case_id, content_version, snapshot, docx, html, sha256, sealed_by, pdf, pdf_sha256)
         SELECT ${p.caseId}::uuid, ${p.contentVersion}::int, ${p.snapshot}::jsonb, r.docx, r.html, r.docx_sha256, ${p.sealedBy}::uuid, r.pdf, r.pdf_sha256
           FROM renderings r WHERE r.input_sha256 = ${p.renderingSha256} AND r.docx_sha256 = ${p.sha256} AND ${guard}`;
}

/**
 * Sealed versions of a case: written once at SEAL (see `sealedFromRenderingSql`), never changed (the
 * table's trigger refuses UPDATE and DELETE), but for the PDF of a version sealed before PDFs
 * existed, which is filled once (see `fillPdf`).
 */
@Injectable()
export class SealedVersionStore {
  async list(tx: Tx, caseId: string): Promise<SealedVersionSummary[]> {
    const rows = await queryRows<{ content_version: number; sha256: string; sealed_by: string; sealed_at: Date }>(
      tx,
      `SELECT content_version, sha256, sealed_by, sealed_at FROM sealed_versions WHERE case_id = $1 ORDER BY content_version`,
      [caseId],
    );
    return rows.map((row) => ({ contentVersion: row.content_version, sha256: row.sha256, sealedBy: row.sealed_by, sealedAt: row.sealed_at }));
  }

  async find(tx: Tx, caseId: string, contentVersion: number): Promise<SealedVersion | null> {
    const rows = await queryRows<{ case_id: string; content_version: number; snapshot: unknown; docx: Buffer; html: string; sha256: string; sealed_by: string; sealed_at: Date }>(
      tx,
      `SELECT case_id, content_version, snapshot, docx, html, sha256, sealed_by, sealed_at FROM sealed_versions WHERE case_id = $1 AND content_version = $2`,
      [caseId, contentVersion],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      caseId: row.case_id,
      contentVersion: row.content_version,
      snapshot: row.snapshot,
      docx: Buffer.from(row.docx),
      html: row.html,
      sha256: row.sha256,
      sealedBy: row.sealed_by,
      sealedAt: row.sealed_at,
    };
  }

  /** The sealed version's PDF and snapshot; null when that version was never sealed, `pdf: null` when it was sealed before PDFs were rendered. */
  async findPdf(tx: Tx, caseId: string, contentVersion: number): Promise<{ pdf: SealedPdf | null; snapshot: unknown } | null> {
    const rows = await queryRows<{ pdf: Buffer | null; pdf_sha256: string | null; snapshot: unknown }>(
      tx,
      `SELECT pdf, pdf_sha256, snapshot FROM sealed_versions WHERE case_id = $1 AND content_version = $2`,
      [caseId, contentVersion],
    );
    const row = rows[0];
    if (!row) return null;
    return { pdf: row.pdf === null ? null : { pdf: Buffer.from(row.pdf), sha256: row.pdf_sha256! }, snapshot: row.snapshot };
  }

  /**
   * Stores the PDF of a version sealed without one, rendered from its snapshot (the trigger allows
   * only this change), and answers the PDF stored: the one given, or another writer's that landed first.
   */
  async fillPdf(tx: Tx, caseId: string, contentVersion: number, pdf: SealedPdf): Promise<SealedPdf> {
    await queryRows(tx, `UPDATE sealed_versions SET pdf = $3, pdf_sha256 = $4 WHERE case_id = $1 AND content_version = $2 AND pdf IS NULL`, [
      caseId,
      contentVersion,
      pdf.pdf,
      pdf.sha256,
    ]);
    const stored = await this.findPdf(tx, caseId, contentVersion);
    return stored?.pdf ?? pdf;
  }

  /** The SHA-256 of the sealed version's PDF; null when it has none (sealed before PDFs were rendered) or was never sealed. */
  async pdfDigest(tx: Tx, caseId: string, contentVersion: number): Promise<string | null> {
    const rows = await queryRows<{ pdf_sha256: string | null }>(tx, `SELECT pdf_sha256 FROM sealed_versions WHERE case_id = $1 AND content_version = $2`, [caseId, contentVersion]);
    return rows[0]?.pdf_sha256 ?? null;
  }
}
