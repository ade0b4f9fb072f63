import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RenderingStore, ReportContentStore, Transactor, type CaseRecord, type RenderingDigests, type ReportContent, type Tx } from '@jixiao/persistence';
import { DEFAULT_INDICATOR_CONFIG, NATIONAL_RULE_PACK, type IndicatorConfig, type RulePack, type SectionBlock } from '@jixiao/report';
import { Clock, shanghaiDate } from '../clock';
import { notFound } from '../errors';
import { checkStored } from '../project-forms/project-form.checks';
import { buildSnapshot, canonicalJsonWithAndWithout, projectFormSnapshot, type SealedSnapshot } from '../rendering';
import { RenderingPool } from './rendering-pool';
import type { SealSigner } from '../seals/seal-signer';

/**
 * A content version rendered and stored before a SEAL's transaction: the seal is decided on its
 * digest and copies the stored documents, as long as the case is still where it was rendered from.
 */
export interface PreparedRendering {
  caseId: string;
  /** The case's version when it was rendered: no content is written while the case stays at it (see docs/architecture.md, Sealing). */
  caseVersion: number;
  snapshot: SealedSnapshot;
  /** The SHA-256 of the snapshot without `caseId` and `contentVersion`: the stored rendering's key. */
  inputSha256: string;
  /** The SHA-256 of the .docx: the document hash the seal records. */
  sha256: string;
  /** The SM3 of the PDF: what the unit's electronic seal signed. */
  pdfSm3: string;
  /** The unit's electronic seal over the PDF, when the unit has one set up (see SealingService.prepare). */
  signature: PreparedSignature | null;
  /** The SHA-256 of the whole snapshot's canonical JSON, as the history keeps it. */
  snapshotSha256: string;
  /** That canonical JSON: what the sealed version stores (as jsonb, so its key order is not kept). */
  snapshotJson: string;
}

/** A PDF signed with a unit's seal before the SEAL's write, stored with the sealed version if it lands. */
export interface PreparedSignature {
  sealId: string;
  serial: string;
  /** DER-encoded SM2 signature over the PDF's SM3 digest, hexadecimal. */
  signature: string;
  /** The random token of the sealed version's public verification link. */
  verifyToken: string;
}

/** The seal a SEAL signs the PDF with: its signer and the image the PDF bears. */
export interface SealForSealing {
  signer: SealSigner;
  png: Buffer;
}

export function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The SHA-256 of what a snapshot's documents are made of: everything but the case and content version, which they do not print. */
export function renderInputSha256(snapshot: SealedSnapshot): string {
  return snapshotDigests(snapshot).inputSha256;
}

/** A snapshot's two digests (`PreparedRendering`'s inputSha256 and snapshotSha256) and the canonical JSON hashed for the second, written once for all three. */
export function snapshotDigests(snapshot: SealedSnapshot): { inputSha256: string; snapshotSha256: string; snapshotJson: string } {
  const { whole, without } = canonicalJsonWithAndWithout(snapshot as unknown as Record<string, unknown>, ['caseId', 'contentVersion']);
  return { inputSha256: sha256(without), snapshotSha256: sha256(whole), snapshotJson: whole };
}

/** How many rendering digests a process keeps in memory (64 bytes of key and value each, about 10 kB a hundred). */
const DIGESTS_KEPT = 2000;

/** Renders a content version of a report from what the database holds of it now. */
@Injectable()
export class VersionRenderer {
  /** The digests of each rendering key seen lately: immutable, so never stale. */
  private readonly digests = new Map<string, RenderingDigests>();

  constructor(
    private readonly transactor: Transactor,
    private readonly content: ReportContentStore,
    private readonly renderings: RenderingStore,
    private readonly pool: RenderingPool,
    private readonly clock: Clock,
  ) {}

  /**
   * The case's current content rendered, outside any transaction: from the stored renderings when
   * the same content was rendered today, else in a worker thread, then stored.
   */
  async prepare(record: CaseRecord, contentVersion: number, content: ReportContent | null = null, seal: SealForSealing | null = null): Promise<PreparedRendering> {
    const db = this.transactor.manager;
    const built = await this.snapshot(db, record, contentVersion, content);
    const certificate = seal?.signer.certificate();
    // The seal is part of what is rendered: its image is on the PDF, so another seal is another rendering.
    const snapshot: SealedSnapshot = certificate ? { ...built, seal: { serial: certificate.serial, imageSha256: certificate.imageSha256 } } : built;
    const { inputSha256, snapshotSha256, snapshotJson } = snapshotDigests(snapshot);
    // A rendering's digests never change for its key: known here, they need not be asked for. The
    // SEAL's write lands only while the rendering is stored, so a row dropped since is seen there.
    let digests = this.digests.get(inputSha256) ?? (await this.renderings.digests(db, inputSha256));
    if (digests === null) {
      const rendered = await this.pool.render(snapshot, seal?.png);
      const { docx, html, docxSha256, pdf, pdfSha256, pdfSm3 } = rendered;
      await this.renderings.insert(db, { inputSha256, docx, html, docxSha256, pdf, pdfSha256, pdfSm3 });
      digests = { docxSha256, pdfSm3 };
    }
    this.remember(inputSha256, digests);
    const signature = seal && certificate ? await this.sign(seal.signer, digests.pdfSm3) : null;
    return { caseId: record.id, caseVersion: record.version, snapshot, inputSha256, sha256: digests.docxSha256, pdfSm3: digests.pdfSm3, signature, snapshotSha256, snapshotJson };
  }

  /** The PDF's SM3 digest signed with the unit's seal, and a fresh token for the version's public verification link. */
  private async sign(signer: SealSigner, pdfSm3: string): Promise<PreparedSignature> {
    const { sealId, serial } = signer.certificate();
    const signed = await signer.sign(Buffer.from(pdfSm3, 'hex'));
    return { sealId, serial, signature: signed.signature.toString('hex'), verifyToken: randomBytes(24).toString('base64url') };
  }

  /** Forgets a rendering's digest, once a write found the rendering no longer stored: the next prepare renders it again. */
  forget(inputSha256: string): void {
    this.digests.delete(inputSha256);
  }

  /** Keeps the last DIGESTS_KEPT digests, the oldest dropped first. */
  private remember(inputSha256: string, digests: RenderingDigests): void {
    this.digests.delete(inputSha256);
    this.digests.set(inputSha256, digests);
    if (this.digests.size > DIGESTS_KEPT) this.digests.delete(this.digests.keys().next().value!);
  }

  /**
   * The canonical snapshot of a content version from what the database holds now (or from
   * `content`, read by the caller for that version), dated today: what a seal renders and a draft previews.
   */
  async snapshot(tx: Tx, record: CaseRecord, contentVersion: number, given: ReportContent | null = null): Promise<SealedSnapshot> {
    const content = given ?? (await this.content.ofCase(tx, record.id, contentVersion));
    if (!content) throw notFound('case', record.id);
    const pack = (content.rulePack as RulePack | null) ?? NATIONAL_RULE_PACK;
    return buildSnapshot({
      caseId: record.id,
      contentVersion,
      unitName: record.unitName,
      fiscalYear: record.fiscalYear,
      documentNumber: record.documentNumber,
      date: shanghaiDate(this.clock.now()),
      sections: content.sections.map((s) => ({ code: s.code, title: s.title, revision: s.revision, blocks: (s.blocks ?? []) as SectionBlock[] })),
      dataTableInput: content.dataInput,
      indicatorConfig: (content.indicatorConfig as IndicatorConfig | null) ?? DEFAULT_INDICATOR_CONFIG,
      scoresInput: content.scoresInput,
      // The gate lets no form through unsaved or with errors; a form never saved prints blank.
      projectForms: content.projects.map((project) => {
        const checked = checkStored(project.input, pack);
        return projectFormSnapshot(project, checked.form ?? {}, pack, checked.result);
      }),
      departmentReport: content.filesDepartmentReport,
    });
  }
}
