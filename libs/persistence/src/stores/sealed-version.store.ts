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

/**
 * A CTE body that writes a sealed version from a stored rendering (see RenderingStore): its .docx,
 * HTML and SHA-256 are copied in the database, not sent again; nothing is written when the
 * rendering is not stored with that digest, or when `guard` does not hold. The arguments are SQL
 * expressions (parameters) for the case, content version, snapshot (JSON), sealer, rendering key and digest.
 */
export function sealedFromRenderingSql(p: { caseId: string; contentVersion: string; snapshot: string; sealedBy: string; renderingSha256: string; sha256: string }, guard: string): string {
  return `INSERT INTO sealed_versions (case_id, content_version, snapshot, docx, html, sha256, sealed_by)
         SELECT ${p.caseId}::uuid, ${p.contentVersion}::int, ${p.snapshot}::jsonb, r.docx, r.html, r.docx_sha256, ${p.sealedBy}::uuid
           FROM renderings r WHERE r.input_sha256 = ${p.renderingSha256} AND r.docx_sha256 = ${p.sha256} AND ${guard}`;
}

/** Sealed versions of a case: written once at SEAL (see `sealedFromRenderingSql`), never changed (the table's trigger refuses UPDATE and DELETE). */
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

  /** TEMPORARY until the sealed PDF lands: no sealed version has a PDF yet. */
  async pdfDigest(_tx: Tx, _caseId: string, _contentVersion: number): Promise<string | null> {
    return null;
  }
}
