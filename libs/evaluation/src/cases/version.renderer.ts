import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RenderingStore, ReportContentStore, Transactor, type CaseRecord, type Tx } from '@jixiao/persistence';
import { DEFAULT_INDICATOR_CONFIG, NATIONAL_RULE_PACK, type IndicatorConfig, type RulePack, type SectionBlock } from '@jixiao/report';
import { Clock, shanghaiDate } from '../clock';
import { notFound } from '../errors';
import { checkStored } from '../project-forms/project-form.checks';
import { buildSnapshot, canonicalJson, projectFormSnapshot, type SealedSnapshot } from '../rendering';
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
}

export function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The SHA-256 of what a snapshot's documents are made of: everything but the case and content version, which they do not print. */
export function renderInputSha256(snapshot: SealedSnapshot): string {
  return sha256(canonicalJson({ ...snapshot, caseId: undefined, contentVersion: undefined }));
}

/** Renders a content version of a report from what the database holds of it now. */
@Injectable()
export class VersionRenderer {
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
  async prepare(record: CaseRecord, contentVersion: number): Promise<PreparedRendering> {
    const db = this.transactor.manager;
    const snapshot = await this.snapshot(db, record, contentVersion);
    const inputSha256 = renderInputSha256(snapshot);
    let digest = await this.renderings.docxDigest(db, inputSha256);
    if (digest === null) {
      const rendered = await this.pool.render(snapshot);
      await this.renderings.insert(db, { inputSha256, docx: rendered.docx, html: rendered.html, docxSha256: rendered.docxSha256 });
      digest = rendered.docxSha256;
    }
    return { caseId: record.id, caseVersion: record.version, snapshot, inputSha256, sha256: digest, snapshotSha256: sha256(canonicalJson(snapshot)) };
  }

  /** The canonical snapshot of a content version from what the database holds now, dated today: what a seal renders and a draft previews. */
  async snapshot(tx: Tx, record: CaseRecord, contentVersion: number): Promise<SealedSnapshot> {
    const content = await this.content.ofCase(tx, record.id, contentVersion);
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
