import { Injectable } from '@nestjs/common';
import { Transactor } from '@jixiao/persistence';
import { contextOf } from '@jixiao/workflow';
import { Clock } from '../clock';
import type { Principal } from '../principal';
import { documentTitle, renderDocx, renderHtml, type DraftMark } from '../rendering';
import { shanghaiDateTime } from '../tracking/tracking-export';
import { CaseLoader } from './case.loader';
import { VersionRenderer } from './version.renderer';

export interface DraftDocument {
  fileName: string;
  renderedAt: string;
}

/**
 * The report as it stands now, rendered by the seal's own code and marked 草稿: for whoever may read
 * the case (the unit's people, the finance officers bound to its campaign), at any state. Nothing
 * is written and nothing is hashed: a draft is not a version.
 */
@Injectable()
export class DraftReportService {
  constructor(
    private readonly transactor: Transactor,
    private readonly loader: CaseLoader,
    private readonly renderer: VersionRenderer,
    private readonly clock: Clock,
  ) {}

  async html(principal: Principal, caseId: string): Promise<DraftDocument & { html: string }> {
    const { snapshot, mark, fileName } = await this.draft(principal, caseId, 'html');
    return { html: renderHtml(snapshot, mark), fileName, renderedAt: mark.renderedAt };
  }

  async docx(principal: Principal, caseId: string): Promise<DraftDocument & { docx: Buffer }> {
    const { snapshot, mark, fileName } = await this.draft(principal, caseId, 'docx');
    return { docx: await renderDocx(snapshot, mark), fileName, renderedAt: mark.renderedAt };
  }

  private async draft(principal: Principal, caseId: string, extension: 'html' | 'docx') {
    const tx = this.transactor.manager;
    const loaded = await this.loader.load(tx, principal, caseId);
    const snapshot = await this.renderer.snapshot(tx, loaded.record, contextOf(loaded.snapshot).contentVersion);
    const mark: DraftMark = { renderedAt: shanghaiDateTime(this.clock.now().toISOString()) };
    const fileName = `${loaded.record.unitName}${loaded.record.fiscalYear}年度${documentTitle(snapshot)}（草稿）.${extension}`;
    return { snapshot, mark, fileName };
  }
}
