import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CaseStore, SectionStore, type CaseRecord, type Tx } from '@jixiao/persistence';
import { Clock, shanghaiDate } from '../clock';
import { ProjectFormChecks } from '../project-forms/project-form.checks';
import { ReportFacts } from '../report-facts';
import { buildSnapshot, canonicalJson, projectFormSnapshot, renderDocx, renderHtml, type SealedSnapshot } from '../rendering';

export interface RenderedVersion {
  snapshot: SealedSnapshot;
  docx: Buffer;
  html: string;
  sha256: string;
  snapshotSha256: string;
}

export function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Renders a content version of a report from what the database holds of it now. */
@Injectable()
export class VersionRenderer {
  constructor(
    private readonly cases: CaseStore,
    private readonly sectionContent: SectionStore,
    private readonly reportFacts: ReportFacts,
    private readonly projectForms: ProjectFormChecks,
    private readonly clock: Clock,
  ) {}

  /**
   * The canonical snapshot of a content version, rendered: the .docx, whose SHA-256 is the
   * document hash the seal records, the HTML preview, and the SHA-256 of the snapshot's JSON.
   */
  async render(tx: Tx, record: CaseRecord, contentVersion: number): Promise<RenderedVersion> {
    const snapshot = await this.snapshot(tx, record, contentVersion);
    const docx = await renderDocx(snapshot);
    return { snapshot, docx, html: renderHtml(snapshot), sha256: sha256(docx), snapshotSha256: sha256(canonicalJson(snapshot)) };
  }

  /** The canonical snapshot of a content version from what the database holds now, dated today: what a seal renders and a draft previews. */
  async snapshot(tx: Tx, record: CaseRecord, contentVersion: number): Promise<SealedSnapshot> {
    const context = await this.reportFacts.context(tx, record.id);
    const outline = await this.cases.sections(tx, record.id);
    const contents = new Map((await this.sectionContent.latestOfCase(tx, record.id)).map((c) => [c.code, c]));
    const forms = await this.projectForms.ofCase(tx, record.id, contentVersion);
    return buildSnapshot({
      caseId: record.id,
      contentVersion,
      unitName: record.unitName,
      fiscalYear: record.fiscalYear,
      documentNumber: record.documentNumber,
      date: shanghaiDate(this.clock.now()),
      sections: outline.map((s) => ({ code: s.code, title: s.title, revision: contents.get(s.code)?.revision ?? 0, blocks: contents.get(s.code)?.blocks ?? [] })),
      dataTableInput: (await this.reportFacts.dataTable(tx, record.id, context)).input,
      indicatorConfig: context.indicatorConfig,
      scoresInput: (await this.reportFacts.indicatorScores(tx, record.id, context)).input,
      // The gate lets no form through unsaved or with errors; a form never saved prints blank.
      projectForms: forms.forms.map((f) => projectFormSnapshot(f.project, f.form ?? {}, forms.pack, f.result)),
      departmentReport: forms.departmentReport,
    });
  }
}
