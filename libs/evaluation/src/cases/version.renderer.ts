import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RenderingStore, ReportContentStore, Transactor, type CaseRecord, type ReportContent, type Tx } from '@jixiao/persistence';
import { DEFAULT_INDICATOR_CONFIG, NATIONAL_RULE_PACK, type IndicatorConfig, type RulePack, type SectionBlock } from '@jixiao/report';
import { Clock, shanghaiDate } from '../clock';
import { notFound } from '../errors';
import { checkStored } from '../project-forms/project-form.checks';
import { buildSnapshot, canonicalJsonWithAndWithout, projectFormSnapshot, type SealedSnapshot } from '../rendering';
import { RenderingPool } from './rendering-pool';

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
  /** The SHA-256 of the whole snapshot's canonical JSON, as the history keeps it. */
  snapshotSha256: string;
  /** That canonical JSON: what the sealed version stores (as jsonb, so its key order is not kept). */
  snapshotJson: string;
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
  /** The .docx digest of each rendering key seen lately: immutable, so never stale. */
  private readonly digests = new Map<string, string>();

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
  async prepare(record: CaseRecord, contentVersion: number, content: ReportContent | null = null): Promise<PreparedRendering> {
    const db = this.transactor.manager;
    const snapshot = await this.snapshot(db, record, contentVersion, content);
    const { inputSha256, snapshotSha256, snapshotJson } = snapshotDigests(snapshot);
    // A rendering's digest never changes for its key: known here, it need not be asked for. The
    // SEAL's write lands only while the rendering is stored, so a row dropped since is seen there.
    let digest = this.digests.get(inputSha256) ?? (await this.renderings.docxDigest(db, inputSha256));
    if (digest === null) {
      const rendered = await this.pool.render(snapshot);
      await this.renderings.insert(db, { inputSha256, docx: rendered.docx, html: rendered.html, docxSha256: rendered.docxSha256, pdf: rendered.pdf, pdfSha256: rendered.pdfSha256 });
      digest = rendered.docxSha256;
    }
    this.remember(inputSha256, digest);
    return { caseId: record.id, caseVersion: record.version, snapshot, inputSha256, sha256: digest, snapshotSha256, snapshotJson };
  }

  /** Forgets a rendering's digest, once a write found the rendering no longer stored: the next prepare renders it again. */
  forget(inputSha256: string): void {
    this.digests.delete(inputSha256);
  }

  /** Keeps the last DIGESTS_KEPT digests, the oldest dropped first. */
  private remember(inputSha256: string, digest: string): void {
    this.digests.delete(inputSha256);
    this.digests.set(inputSha256, digest);
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
