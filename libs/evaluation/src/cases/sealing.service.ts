import { Injectable } from '@nestjs/common';
import { SealedVersionStore, Transactor, type RenderedSealedVersion, type ReportContent, type Tx } from '@jixiao/persistence';
import { approvalFacts, contextOf, eventsAvailableTo } from '@jixiao/workflow';
import { conflict, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { compareDocument, comparePdfText, comparePublication, documentTitle, PdfReader, type PublicationDifference, type SealedSnapshot } from '../rendering';
import { shanghaiDateTime } from '../tracking/tracking-export';
import { Clock } from '../clock';
import { UnitSealService } from '../seals/unit-seal.service';
import { CaseLoader } from './case.loader';
import type { EventCommand, LoadedCase, SealedDocument, SealedPdfDocument, SealedVersionView } from './case.view';
import { RenderingPool } from './rendering-pool';
import { sha256, VersionRenderer, type PreparedRendering } from './version.renderer';
import { actionViews, CaseRulebook } from '../rulebook';

/** What a PUBLISH names as published: the digest it is decided on, how that was found, and the published file's own SHA-256 when a file was sent. */
export interface PublishedCopy {
  digest: string;
  /** pdf: the sealed PDF's own bytes; pdf_text: a PDF typeset again whose text agrees. */
  matchedBy: 'document' | 'pdf' | 'pdf_text' | 'sha256' | 'text';
  fileSha256: string | null;
}

/** `%PDF-` in the first kilobyte, where PDF readers look for it. */
const isPdf = (bytes: Buffer) => bytes.subarray(0, 1024).includes('%PDF-');

/**
 * The sealed versions of a report: rendering the version a SEAL records and writing it, the sealed
 * versions and their documents, and the check that what PUBLISH names is what was sealed.
 */
@Injectable()
export class SealingService {
  constructor(
    private readonly transactor: Transactor,
    private readonly loader: CaseLoader,
    private readonly sealedVersions: SealedVersionStore,
    private readonly renderer: VersionRenderer,
    private readonly rulebook: CaseRulebook,
    private readonly pdfs: PdfReader,
    private readonly unitSeals: UnitSealService,
    private readonly clock: Clock,
    private readonly pool: RenderingPool,
  ) {}

  /**
   * The case's current content rendered for a SEAL, before its write and outside any transaction
   * (in a worker thread when it was not rendered today: see VersionRenderer.prepare), so that no
   * rendering runs on the event loop or while the case is being written. Null when the SEAL would
   * not be accepted now (wrong person, step or approvals): the machine then refuses it with the reasons.
   * `content`: the report's content in force, when the caller read it with the case.
   */
  async prepare(loaded: LoadedCase, content: ReportContent | null = null): Promise<PreparedRendering | null> {
    const { record, snapshot, actor } = loaded;
    if (!snapshot.can({ type: 'SEAL', actor, approval: approvalFacts(record), contentDigest: '' })) return null;
    const seal = await this.unitSeals.forSealing(record.unitId, this.clock.now());
    return this.renderer.prepare(record, contextOf(snapshot).contentVersion, content, seal);
  }

  /** After a SEAL's write did not land with the case unmoved (its rendering may have been dropped): render afresh next time. */
  forget(prepared: PreparedRendering): void {
    this.renderer.forget(prepared.inputSha256);
  }

  /**
   * The sealed version an accepted SEAL stores, copied from the stored rendering it was decided on.
   * The rendering stands for the content while the case is at the version it was read at (content
   * is written only in self-assessment, and leaving internal review moves the version on): the
   * lifecycle write lands only then, and only while that rendering is still stored.
   */
  sealedVersion(loaded: LoadedCase, prepared: PreparedRendering): RenderedSealedVersion {
    return {
      caseId: loaded.record.id,
      contentVersion: prepared.snapshot.contentVersion,
      snapshot: prepared.snapshot,
      renderingSha256: prepared.inputSha256,
      sha256: prepared.sha256,
      sealedBy: loaded.actor.userId,
      snapshotJson: prepared.snapshotJson,
      signature: prepared.signature === null ? null : { ...prepared.signature, pdfSm3: prepared.pdfSm3 },
    };
  }

  /**
   * The digest PUBLISH is decided on: the SHA-256 sent, when it is the sealed one; otherwise, when
   * the published text is given, the sealed digest if the text agrees with the sealed version, and
   * a 409 listing what differs if not, or naming the earlier sealed version it is (only for someone
   * who may publish now, so nothing leaks).
   */
  async published(tx: Tx, loaded: LoadedCase, command: EventCommand): Promise<PublishedCopy> {
    if (command.publishedDocumentBase64 !== undefined) {
      const document = Buffer.from(command.publishedDocumentBase64, 'base64');
      const fileSha256 = sha256(document);
      if (isPdf(document)) return { ...(await this.publishedPdfDigest(tx, loaded, command, document, fileSha256)), fileSha256 };
      return { digest: await this.publishedDocumentDigest(tx, loaded, command, document, fileSha256), matchedBy: 'document', fileSha256 };
    }
    const digest = await this.publishedDigest(tx, loaded, command);
    return { digest, matchedBy: command.publishedSha256 === digest ? 'sha256' : 'text', fileSha256: null };
  }

  private async publishedDigest(tx: Tx, loaded: LoadedCase, command: EventCommand): Promise<string> {
    const context = contextOf(loaded.snapshot);
    if (command.publishedSha256 !== undefined && command.publishedSha256 === context.sealedDigest) return command.publishedSha256;
    if (!this.mayPublishNow(loaded)) return command.publishedSha256 ?? '';
    if (command.publishedText === undefined) {
      if (command.publishedSha256 !== undefined) await this.refuseEarlierVersion(tx, loaded, { sha256: command.publishedSha256 });
      return command.publishedSha256 ?? '';
    }
    const sealed = await this.sealedVersions.find(tx, loaded.record.id, context.sealedVersion!);
    if (!sealed) return command.publishedSha256 ?? '';
    const differences: PublicationDifference[] = comparePublication(sealed.snapshot as SealedSnapshot, command.publishedText);
    if (differences.length > 0) {
      await this.refuseEarlierVersion(tx, loaded, { text: command.publishedText });
      throw conflict('PUBLICATION.MISMATCH', `发布的报告与报送的第${context.sealedVersion}版不一致（${differences.length}处），未记录发布。`, {
        sealedVersion: context.sealedVersion,
        sealedSha256: context.sealedDigest,
        differences,
      });
    }
    return context.sealedDigest ?? '';
  }

  /**
   * The digest of the published file sent with PUBLISH. A file that differs from the sealed one is
   * refused here (only for someone who may publish now; anyone else gets the machine's refusal, so
   * nothing leaks): as the earlier sealed version it is, or with what differs in its text.
   */
  private async publishedDocumentDigest(tx: Tx, loaded: LoadedCase, command: EventCommand, document: Buffer, digest: string): Promise<string> {
    const context = contextOf(loaded.snapshot);
    this.checkSentDigest(command, digest);
    if (digest !== context.sealedDigest && this.mayPublishNow(loaded)) {
      await this.refuseEarlierVersion(tx, loaded, { sha256: digest });
      const sealed = await this.sealedVersions.find(tx, loaded.record.id, context.sealedVersion!);
      const differences = sealed ? compareDocument(sealed.snapshot as SealedSnapshot, document) : [];
      throw conflict('PUBLICATION.MISMATCH', `发布的文件与报送的第${context.sealedVersion}版不一致（SHA-256 不同，${differences.length}处），未记录发布。`, {
        sealedVersion: context.sealedVersion,
        sealedSha256: context.sealedDigest,
        publishedSha256: digest,
        differences,
      });
    }
    return digest;
  }

  /**
   * The digest PUBLISH is decided on for a published PDF: the sealed digest when it is the sealed
   * PDF itself, or a copy typeset again whose text agrees with the sealed version section by section
   * and figure by figure; otherwise a 409 listing what differs (or naming the earlier sealed version
   * it is). A PDF that cannot be read is refused with its PDF.* code before anything is decided.
   * Only for someone who may publish now: anyone else gets the machine's refusal, so nothing leaks.
   */
  private async publishedPdfDigest(tx: Tx, loaded: LoadedCase, command: EventCommand, document: Buffer, digest: string): Promise<{ digest: string; matchedBy: 'pdf' | 'pdf_text' }> {
    const context = contextOf(loaded.snapshot);
    this.checkSentDigest(command, digest);
    if (!this.mayPublishNow(loaded)) return { digest, matchedBy: 'pdf' };
    if ((await this.sealedVersions.pdfDigest(tx, loaded.record.id, context.sealedVersion!)) === digest) return { digest: context.sealedDigest!, matchedBy: 'pdf' };
    const sealed = await this.sealedVersions.find(tx, loaded.record.id, context.sealedVersion!);
    if (!sealed) return { digest, matchedBy: 'pdf' };
    const pages = await this.pdfs.pages(document);
    const differences = comparePdfText(sealed.snapshot as SealedSnapshot, pages);
    if (differences.length === 0) return { digest: context.sealedDigest!, matchedBy: 'pdf_text' };
    await this.refuseEarlierVersion(tx, loaded, { pdfPages: pages });
    throw conflict('PUBLICATION.MISMATCH', `The published PDF differs from sealed version ${context.sealedVersion} in ${differences.length} places.`, {
      sealedVersion: context.sealedVersion,
      sealedSha256: context.sealedDigest,
      publishedSha256: digest,
      differences,
    });
  }

  /** A SHA-256 sent beside the file must be the file's: otherwise the file was damaged on the way. */
  private checkSentDigest(command: EventCommand, digest: string): void {
    if (command.publishedSha256 !== undefined && command.publishedSha256 !== digest) {
      throw unprocessable('PUBLICATION.SHA256_DISAGREES', 'publishedSha256 is not the SHA-256 of publishedDocumentBase64.', {
        fields: ['publishedSha256', 'publishedDocumentBase64'],
        documentSha256: digest,
      });
    }
  }

  /** Whether the sender may publish the sealed version now: only then are differences worth telling. */
  private mayPublishNow(loaded: LoadedCase): boolean {
    return contextOf(loaded.snapshot).sealedVersion !== null && eventsAvailableTo(loaded.snapshot, loaded.actor).includes('PUBLISH');
  }

  /**
   * Refuses with PUBLICATION.EARLIER_VERSION when what is published (its SHA-256, or its text) is an
   * earlier sealed version of the case, naming that version, when it was sealed and which version
   * replaced it. Only a finance bureau's return of a submission voids a seal, so the replacement
   * always followed a return.
   */
  private async refuseEarlierVersion(tx: Tx, loaded: LoadedCase, published: { sha256: string } | { text: string } | { pdfPages: string[] }): Promise<void> {
    const current = contextOf(loaded.snapshot).sealedVersion;
    const versions = await this.sealedVersions.list(tx, loaded.record.id);
    for (const earlier of versions.filter((v) => v.contentVersion !== current).reverse()) {
      if ('sha256' in published ? earlier.sha256 !== published.sha256 : !(await this.textIsVersion(tx, loaded.record.id, earlier.contentVersion, published))) continue;
      const replacedBy = versions.find((v) => v.contentVersion > earlier.contentVersion)?.contentVersion ?? current;
      throw conflict('PUBLICATION.EARLIER_VERSION', `The published report is sealed version ${earlier.contentVersion}, replaced by version ${replacedBy} after a return; not recorded.`, {
        earlierVersion: earlier.contentVersion,
        earlierSealedAt: shanghaiDateTime(earlier.sealedAt.toISOString()),
        earlierSha256: earlier.sha256,
        replacedBy,
        replacedAfter: 'return',
        sealedVersion: current,
        sealedSha256: contextOf(loaded.snapshot).sealedDigest,
      });
    }
  }

  /** Whether a published text, or a published PDF's pages, agree with that sealed version. */
  private async textIsVersion(tx: Tx, caseId: string, version: number, published: { text: string } | { pdfPages: string[] }): Promise<boolean> {
    const sealed = await this.sealedVersions.find(tx, caseId, version);
    if (sealed === null) return false;
    const snapshot = sealed.snapshot as SealedSnapshot;
    return ('text' in published ? comparePublication(snapshot, published.text) : comparePdfText(snapshot, published.pdfPages)).length === 0;
  }

  /** The sealed versions of a case the principal may see, oldest first. */
  async listSealedVersions(principal: Principal, caseId: string): Promise<SealedVersionView[]> {
    const tx = this.transactor.manager;
    const { actor } = await this.loader.load(tx, principal, caseId);
    const { sealedVersion } = await this.rulebook.actions(tx, caseId, actor);
    return (await this.sealedVersions.list(tx, caseId)).map((v) => ({
      version: v.contentVersion,
      sha256: v.sha256,
      sealedBy: v.sealedBy,
      sealedAt: v.sealedAt.toISOString(),
      actions: sealedVersion?.version === v.contentVersion ? actionViews(sealedVersion.actions) : [],
    }));
  }

  /** One sealed version's rendered report, with a file name of the unit and year; 404 when that version was never sealed. */
  async sealedDocument(principal: Principal, caseId: string, version: number): Promise<SealedDocument> {
    const tx = this.transactor.manager;
    const { record } = await this.loader.load(tx, principal, caseId);
    const sealed = await this.sealedVersions.find(tx, caseId, version);
    if (!sealed) throw notFound('sealed version', String(version));
    return {
      version,
      sha256: sealed.sha256,
      docx: sealed.docx,
      html: sealed.html,
      fileName: `${sealedFileName(record, sealed.snapshot as SealedSnapshot, version)}.docx`,
    };
  }

  /**
   * One sealed version's PDF, as the .docx is seen (404 likewise). A version sealed before PDFs
   * were rendered has none: it is rendered from the stored snapshot, in a worker thread, and kept,
   * so every later download gets the same bytes.
   */
  async sealedPdf(principal: Principal, caseId: string, version: number): Promise<SealedPdfDocument> {
    const tx = this.transactor.manager;
    const { record } = await this.loader.load(tx, principal, caseId);
    const sealed = await this.sealedVersions.findPdf(tx, caseId, version);
    if (!sealed) throw notFound('sealed version', String(version));
    let pdf = sealed.pdf;
    if (pdf === null) {
      const rendered = await this.pool.renderPdf(sealed.snapshot as SealedSnapshot);
      pdf = await this.sealedVersions.fillPdf(tx, caseId, version, { pdf: rendered.pdf, sha256: rendered.pdfSha256 });
    }
    return { version, sha256: pdf.sha256, pdf: pdf.pdf, fileName: `${sealedFileName(record, sealed.snapshot as SealedSnapshot, version)}.pdf` };
  }
}

/** A sealed version's file name, without its extension: the unit, the year, what was sealed and the version. */
function sealedFileName(record: { unitName: string; fiscalYear: number }, snapshot: SealedSnapshot, version: number): string {
  // A unit filing project forms only sealed 项目支出绩效自评表, not a department-wide report: the name says which.
  return `${record.unitName}${record.fiscalYear}年度${documentTitle(snapshot)}（第${version}版）`;
}
