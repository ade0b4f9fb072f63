import { Injectable } from '@nestjs/common';
import { SectionStore, Transactor, type SectionRevision } from '@jixiao/persistence';
import { checkSectionText, parseSectionBlocks, type Problem, type SectionBlock } from '@jixiao/report';
import { EDITABLE_SECTION_STATES, SECTION_TRANSITIONS } from '@jixiao/workflow';
import { CaseLoader } from './cases/case.loader';
import type { SectionView } from './cases/case.view';
import { conflict, unprocessable } from './errors';
import type { Principal } from './principal';
import { CaseRulebook, requireAvailable } from './rulebook';

/** Content is written while the section is with its assignee; a first save starts the drafting. */
const EDITABLE_STATES = EDITABLE_SECTION_STATES;

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
    private readonly rulebook: CaseRulebook,
  ) {}

  async save(principal: Principal, caseId: string, code: string, input: SaveSectionContent): Promise<SectionContentView> {
    const tx = this.transactor.manager;
    const { record, actor, contentVersion, section } = await this.cases.loadForSection(tx, principal, caseId, code, input.actingFor);
    // The assignee (or their stand-in) writes it, during self-assessment, while it is assigned or drafting.
    const actions = await this.rulebook.actions(tx, caseId, actor);
    requireAvailable(actions.sections.find((s) => s.code === code)?.actions.find((a) => a.type === 'EDIT'), { state: section.state, caseState: record.state });
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
      startDrafting: SECTION_TRANSITIONS.START_DRAFTING,
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
