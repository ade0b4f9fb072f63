import { Injectable } from '@nestjs/common';
import { SectionStore, Transactor, type SectionRevision } from '@jixiao/persistence';
import { checkSectionText, parseSectionBlocks, type Problem, type SectionBlock } from '@jixiao/report';
import type { SectionState } from '@jixiao/workflow';
import { CaseLoader } from './cases/case.loader';
import type { SectionView } from './cases/case.view';
import { conflict, forbidden, unprocessable } from './errors';
import type { Principal } from './principal';

/** Content is written while the section is with its assignee; a first save starts the drafting. */
const EDITABLE_STATES: readonly SectionState[] = ['assigned', 'drafting'];

export interface SaveSectionContent {
  blocks: unknown;
  /** The revision the writer started from; 0 before the first save. */
  expectedRevision: number;
  /** Write for this person (the assignee) under a delegation (代理) in force today. */
  actingFor?: string;
}

export interface SectionContentView extends SectionView {
  /** The current revision number; 0 before the first save. */
  revision: number;
  contentVersion: number | null;
  blocks: SectionBlock[];
  authorId: string | null;
  savedAt: string | null;
  /** What the text check finds (template text left, no content): information, nothing is refused for it. */
  problems: Problem[];
}

export interface SectionRevisionView {
  revision: number;
  contentVersion: number;
  authorId: string;
  savedAt: string;
  blocks: SectionBlock[];
}

const revisionView = (revision: SectionRevision): SectionRevisionView => ({
  revision: revision.revision,
  contentVersion: revision.contentVersion,
  authorId: revision.authorId,
  savedAt: revision.createdAt.toISOString(),
  blocks: revision.blocks,
});

/** Writing a section's content. Every save is kept as a revision; revisions are its record, not the case history. */
@Injectable()
export class SectionContentService {
  constructor(
    private readonly transactor: Transactor,
    private readonly cases: CaseLoader,
    private readonly sections: SectionStore,
  ) {}

  async save(principal: Principal, caseId: string, code: string, input: SaveSectionContent): Promise<SectionContentView> {
    const tx = this.transactor.manager;
    const { record, actor, contentVersion, section } = await this.cases.loadForSection(tx, principal, caseId, code, input.actingFor);
    if (record.state !== 'self_assessment') {
      throw conflict('SECTION.NOT_IN_SELF_ASSESSMENT', `Sections are written during self-assessment; the case is ${record.state}.`, { state: record.state });
    }
    if (actor.organisationId !== record.unitId || actor.userId !== section.assigneeId) {
      throw forbidden('SECTION.NOT_ASSIGNEE', 'Only the assignee of the section (or their stand-in under a delegation) writes its content.');
    }
    if (!EDITABLE_STATES.includes(section.state)) {
      throw conflict('SECTION.NOT_EDITABLE', `A ${section.state} section is not edited; it is written while assigned or drafting.`, { state: section.state });
    }
    const parsed = parseSectionBlocks(code, input.blocks);
    if (parsed.problems.length > 0) {
      throw unprocessable('SECTION.INVALID_CONTENT', parsed.problems.map((p) => p.message).join(' '), { problems: parsed.problems });
    }
    const saved = await this.sections.saveRevision(tx, {
      caseId,
      code,
      expectedRevision: input.expectedRevision,
      blocks: parsed.blocks,
      authorId: principal.userId,
      contentVersion,
      editableStates: EDITABLE_STATES,
    });
    if (saved === null) throw await this.saveRefused(principal, caseId, code);
    return {
      ...section,
      state: saved.state,
      version: saved.version,
      revision: saved.revision,
      contentVersion,
      blocks: parsed.blocks,
      authorId: principal.userId,
      savedAt: saved.createdAt.toISOString(),
      problems: checkSectionText(code, parsed.blocks),
    };
  }

  async get(principal: Principal, caseId: string, code: string): Promise<SectionContentView> {
    const tx = this.transactor.manager;
    const { section } = await this.cases.loadForSection(tx, principal, caseId, code);
    const latest = await this.sections.latest(tx, caseId, code);
    const blocks = latest?.blocks ?? [];
    return {
      ...section,
      revision: latest?.revision ?? 0,
      contentVersion: latest?.contentVersion ?? null,
      blocks,
      authorId: latest?.authorId ?? null,
      savedAt: latest?.createdAt.toISOString() ?? null,
      problems: checkSectionText(code, blocks),
    };
  }

  /** Every revision of the section, newest first, each with its blocks. */
  async revisions(principal: Principal, caseId: string, code: string): Promise<SectionRevisionView[]> {
    const tx = this.transactor.manager;
    await this.cases.loadForSection(tx, principal, caseId, code);
    return (await this.sections.revisions(tx, caseId, code)).map(revisionView);
  }

  /** Why a save wrote nothing: the section left the writer's hands meanwhile, or someone saved first. */
  private async saveRefused(principal: Principal, caseId: string, code: string) {
    const tx = this.transactor.manager;
    const { section } = await this.cases.loadForSection(tx, principal, caseId, code);
    if (!EDITABLE_STATES.includes(section.state)) {
      return conflict('SECTION.NOT_EDITABLE', `The section became ${section.state} meanwhile; it is no longer edited.`, { state: section.state });
    }
    const latest = await this.sections.latest(tx, caseId, code);
    return conflict('SECTION.REVISION_CONFLICT', 'Someone else saved this section first. Reload it, merge your changes and save again.', {
      currentRevision: latest?.revision ?? 0,
      blocks: latest?.blocks ?? [],
    });
  }
}
