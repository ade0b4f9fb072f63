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
  /** The unit's electronic seal over the rendering's PDF; null when the unit had none set up. */
  signature?: SealedSignature | null;
};

/** A sealed PDF's electronic seal: the seal, the PDF's SM3 it signed, the DER signature (hex), and the public verification link's token. */
export interface SealedSignature {
  sealId: string;
  pdfSm3: string;
  signature: string;
  verifyToken: string;
}

/** A sealed version's PDF and its SHA-256. */
export interface SealedPdf {
  pdf: Buffer;
  sha256: string;
}

/**
 * Two CTEs (`sealed_documents_in`, then `sealed`) that write a sealed version from a stored rendering
 * (see RenderingStore): its documents are stored once per content in sealed_documents (unless a
 * version with the same bytes stored them already: a report returned and sealed again unchanged) and
 * the version names them by their digests; nothing is sent again, and nothing is written when the
 * rendering is not stored with that digest, or when `guard` does not hold. The arguments are SQL
 * expressions (parameters) for the case, content version, snapshot (JSON), sealer, rendering key and
 * digest. `sealed` returns one row when the version was written.
 */
export function sealedFromRenderingCtes(
  p: { caseId: string; contentVersion: string; snapshot: string; sealedBy: string; renderingSha256: string; sha256: string; signature: { sealId: string; pdfSm3: string; signature: string; verifyToken: string } | null },
  guard: string,
): string {
  // A signature lands only with the PDF it signed: the rendering's PDF must have the SM3 signed.
  const s = p.signature;
  const signed = s === null ? '' : ` AND r.pdf_sm3 = ${s.pdfSm3}`;
  const rendering = `renderings r WHERE r.input_sha256 = ${p.renderingSha256} AND r.docx_sha256 = ${p.sha256}${signed} AND ${guard}`;
  // The documents are read from the rendering only when they are not stored yet (a stored row is
  // never read, checked or written again); ON CONFLICT covers two SEALs of the same bytes at once.
  return `sealed_documents_in AS (
         INSERT INTO sealed_documents (docx_sha256, pdf_sha256, docx, html, pdf)
         SELECT r.docx_sha256, r.pdf_sha256, r.docx, r.html, r.pdf
           FROM ${rendering}
            AND NOT EXISTS (SELECT 1 FROM sealed_documents d WHERE d.docx_sha256 = r.docx_sha256 AND d.pdf_sha256 = r.pdf_sha256)
         ON CONFLICT DO NOTHING),
       sealed AS (
         INSERT INTO sealed_versions (case_id, content_version, snapshot, sha256, sealed_by, pdf_sha256, seal_id, pdf_sm3, signature, verify_token)
         SELECT ${p.caseId}::uuid, ${p.contentVersion}::int, ${p.snapshot}::jsonb, r.docx_sha256, ${p.sealedBy}::uuid, r.pdf_sha256,
                ${s === null ? 'NULL, NULL, NULL, NULL' : `${s.sealId}::uuid, r.pdf_sm3, ${s.signature}, ${s.verifyToken}`}
           FROM ${rendering}
         RETURNING 1)`;
}

/**
 * Joins sealed version `sv` to its documents as `d`: a version sealed before sealed_documents holds
 * its own (and may lack a PDF), so read `coalesce(sv.x, d.x)`; a later one names them by digest.
 */
const SEALED_DOCUMENTS_JOIN = `LEFT JOIN sealed_documents d ON sv.docx IS NULL AND d.docx_sha256 = sv.sha256 AND d.pdf_sha256 = sv.pdf_sha256`;

/** A sealed version as verification shows it: whose, which, when, and the electronic seal it bears. */
export interface SealedForVerification {
  caseId: string;
  unitId: string;
  /** The unit's name as the sealed version prints it. */
  unitName: string;
  fiscalYear: number;
  documentNumber: string;
  /** False when the unit filed project forms only (see SealedSnapshot.departmentReport). */
  departmentReport: boolean;
  contentVersion: number;
  sealedAt: Date;
  pdfSha256: string | null;
  pdfSm3: string | null;
  signature: string | null;
  verifyToken: string | null;
  /** The case's latest sealed version: a later one replaced this after a return. */
  latestVersion: number;
  /** Whether the case's finance officers are bound to its campaign (for AccessPolicy.seesCase). */
  officerIds: string[];
  publicVerification: boolean;
  seal: { serial: string; holderName: string; validFrom: string; validUntil: string; algorithm: string; publicKey: string; imageSha256: string; status: string } | null;
}

/**
 * Sealed versions of a case: written once at SEAL (see `sealedFromRenderingCtes`), never changed (the
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
      `SELECT sv.case_id, sv.content_version, sv.snapshot, coalesce(sv.docx, d.docx) AS docx, coalesce(sv.html, d.html) AS html, sv.sha256, sv.sealed_by, sv.sealed_at
         FROM sealed_versions sv ${SEALED_DOCUMENTS_JOIN} WHERE sv.case_id = $1 AND sv.content_version = $2`,
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
      `SELECT coalesce(sv.pdf, d.pdf) AS pdf, sv.pdf_sha256, sv.snapshot FROM sealed_versions sv ${SEALED_DOCUMENTS_JOIN} WHERE sv.case_id = $1 AND sv.content_version = $2`,
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
    // The documents are stored under their digests first, as every version with a PDF names them;
    // the version keeps its own copies, as it was sealed with them.
    await queryRows(
      tx,
      `WITH stored AS (
         INSERT INTO sealed_documents (docx_sha256, pdf_sha256, docx, html, pdf)
         SELECT sv.sha256, $4, sv.docx, sv.html, $3 FROM sealed_versions sv
          WHERE sv.case_id = $1 AND sv.content_version = $2 AND sv.pdf IS NULL AND sv.docx IS NOT NULL
         ON CONFLICT DO NOTHING)
       UPDATE sealed_versions SET pdf = $3, pdf_sha256 = $4 WHERE case_id = $1 AND content_version = $2 AND pdf IS NULL AND docx IS NOT NULL`,
      [caseId, contentVersion, pdf.pdf, pdf.sha256],
    );
    const stored = await this.findPdf(tx, caseId, contentVersion);
    return stored?.pdf ?? pdf;
  }

  /** The SHA-256 of the sealed version's PDF; null when it has none (sealed before PDFs were rendered) or was never sealed. */
  async pdfDigest(tx: Tx, caseId: string, contentVersion: number): Promise<string | null> {
    const rows = await queryRows<{ pdf_sha256: string | null }>(tx, `SELECT pdf_sha256 FROM sealed_versions WHERE case_id = $1 AND content_version = $2`, [caseId, contentVersion]);
    return rows[0]?.pdf_sha256 ?? null;
  }

  /**
   * The sealed version a PDF is (by its SHA-256: the latest, should the same bytes have been sealed
   * twice), or the one a public verification link names; null when there is none.
   */
  async forVerification(tx: Tx, by: { pdfSha256: string } | { verifyToken: string }): Promise<SealedForVerification | null> {
    const [where, value] = 'pdfSha256' in by ? ['sv.pdf_sha256 = $1', by.pdfSha256] : ['sv.verify_token = $1', by.verifyToken];
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT sv.case_id, e.unit_id, sv.snapshot->>'unitName' AS unit_name, c.fiscal_year, c.document_number,
              coalesce(sv.snapshot->'departmentReport', 'true'::jsonb) <> 'false'::jsonb AS department_report,
              sv.content_version, sv.sealed_at, sv.pdf_sha256, sv.pdf_sm3, sv.signature, sv.verify_token,
              (SELECT max(later.content_version) FROM sealed_versions later WHERE later.case_id = sv.case_id) AS latest_version,
              ARRAY(SELECT co.user_id FROM campaign_officers co WHERE co.campaign_id = c.id) AS officer_ids,
              c.public_seal_verification,
              us.serial, us.holder_name, to_char(us.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(us.valid_until, 'YYYY-MM-DD') AS valid_until,
              us.algorithm, us.public_key, us.image_sha256, us.status AS seal_status
         FROM sealed_versions sv
         JOIN evaluation_cases e ON e.id = sv.case_id
         JOIN campaigns c ON c.id = e.campaign_id
         LEFT JOIN unit_seals us ON us.id = sv.seal_id
        WHERE ${where}
        ORDER BY sv.sealed_at DESC
        LIMIT 1`,
      [value],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      caseId: row.case_id as string,
      unitId: row.unit_id as string,
      unitName: row.unit_name as string,
      fiscalYear: row.fiscal_year as number,
      documentNumber: row.document_number as string,
      departmentReport: row.department_report as boolean,
      contentVersion: row.content_version as number,
      sealedAt: row.sealed_at as Date,
      pdfSha256: row.pdf_sha256 as string | null,
      pdfSm3: row.pdf_sm3 as string | null,
      signature: row.signature as string | null,
      verifyToken: row.verify_token as string | null,
      latestVersion: row.latest_version as number,
      officerIds: row.officer_ids as string[],
      publicVerification: row.public_seal_verification as boolean,
      seal:
        row.serial === null
          ? null
          : {
              serial: row.serial as string,
              holderName: row.holder_name as string,
              validFrom: row.valid_from as string,
              validUntil: row.valid_until as string,
              algorithm: row.algorithm as string,
              publicKey: row.public_key as string,
              imageSha256: row.image_sha256 as string,
              status: row.seal_status as string,
            },
    };
  }
}
