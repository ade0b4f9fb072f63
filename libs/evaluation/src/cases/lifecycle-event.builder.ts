import { Injectable } from '@nestjs/common';
import { CaseStore, type RenderedSealedVersion, type ReportContent, type Tx } from '@jixiao/persistence';
import { approvalFacts, type LifecycleEvent } from '@jixiao/workflow';
import { Clock, shanghaiDate } from '../clock';
import { unprocessable } from '../errors';
import { ReportFacts, reviewGateFacts } from '../report-facts';
import type { EventCommand, LoadedCase } from './case.view';
import { SealingService, type PublishedCopy } from './sealing.service';
import type { PreparedRendering } from './version.renderer';
import { groupCounts, WorkingGroupService } from './working-group.service';

/** A case's section as far as events need it: its code and state. */
export interface CaseSectionState {
  code: string;
  state: string;
}

/** What an accepted event writes beside the case's move and history record (see `LifecycleEventBuilder.effects`). */
export interface PlannedEffects {
  /** RETURN: the sections it reopens. */
  reopenSections: string[];
  /** SEAL: the sealed version to store, copied from its stored rendering. */
  sealedVersion: RenderedSealedVersion | null;
  /** What the history record keeps of the event. */
  details: Record<string, unknown>;
}

/** An event ready to decide, with what its writes need that was worked out to decide it. */
export interface BuiltEvent {
  event: LifecycleEvent;
  /** SEAL only: the rendering prepared before the write, whose digest the seal is decided on; stored if it is accepted. */
  rendered: PreparedRendering | null;
  /** PUBLISH only: what was published and how it matched the sealed version, for the history. */
  published?: PublishedCopy;
}

/**
 * What differs by lifecycle event: the facts each is decided on, computed from the database, and
 * the writes that belong to it once accepted.
 */
@Injectable()
export class LifecycleEventBuilder {
  constructor(
    private readonly cases: CaseStore,
    private readonly reportFacts: ReportFacts,
    private readonly clock: Clock,
    private readonly workingGroup: WorkingGroupService,
    private readonly sealing: SealingService,
  ) {}

  /**
   * `known`: what the caller read already with the case (the lifecycle read): its sections and, for
   * the events decided on the report, the report's content; else read here when needed.
   * `prepared`: for a SEAL, what `SealingService.prepare` rendered.
   */
  async build(
    tx: Tx,
    loaded: LoadedCase,
    command: EventCommand,
    known: { sections?: readonly CaseSectionState[]; content?: ReportContent | null } = {},
    prepared: PreparedRendering | null = null,
  ): Promise<BuiltEvent> {
    const sections = known.sections;
    const { record, actor } = loaded;
    const plain = (event: LifecycleEvent): BuiltEvent => ({ event, rendered: null });
    switch (command.type) {
      case 'FORM_GROUP': {
        await this.workingGroup.validate(tx, record, command.group!);
        return plain({ type: 'FORM_GROUP', actor, group: groupCounts(command.group!) });
      }
      case 'START_SELF_ASSESSMENT':
        return plain({ type: 'START_SELF_ASSESSMENT', actor, sections: record.sections });
      case 'REQUEST_REVIEW':
        return plain({
          type: 'REQUEST_REVIEW',
          actor,
          sections: record.sections,
          tables: known.content ? reviewGateFacts(known.content) : await this.reportFacts.tables(tx, record.id),
        });
      case 'APPROVE':
        return plain({ type: 'APPROVE', actor, approval: approvalFacts(record) });
      case 'RETURN': {
        const codes = command.sectionCodes ?? [];
        if (codes.length > 0) {
          const known = new Set((sections ?? (await this.cases.sections(tx, record.id))).map((s) => s.code));
          const unknown = codes.filter((code) => !known.has(code));
          if (unknown.length > 0) throw unprocessable('SECTION.UNKNOWN', 'The return names sections this report does not have.', { codes: unknown });
        }
        return plain({ type: 'RETURN', actor, reason: command.reason ?? '', sectionCodes: codes });
      }
      case 'SEAL':
        // Nothing prepared: the machine refuses the SEAL (see SealingService.prepare).
        return { event: { type: 'SEAL', actor, approval: approvalFacts(record), contentDigest: prepared?.sha256 ?? '' }, rendered: prepared };
      case 'SUBMIT':
        return plain({ type: 'SUBMIT', actor, late: shanghaiDate(this.clock.now()) > record.submissionDeadline });
      case 'ACCEPT':
        return plain({ type: 'ACCEPT', actor });
      case 'PUBLISH': {
        const published = await this.sealing.published(tx, loaded, command);
        return { event: { type: 'PUBLISH', actor, publishedDigest: published.digest }, rendered: null, published };
      }
      case 'WITHDRAW_REVIEW':
      case 'WITHDRAW_SUBMISSION':
        return plain({ type: command.type, actor });
    }
  }

  /** FORM_GROUP's writes, in its transaction: the working group replaced. Returns what the history keeps of it. */
  async replaceGroup(tx: Tx, loaded: LoadedCase, command: EventCommand): Promise<Record<string, unknown>> {
    await this.workingGroup.replace(tx, loaded.record.id, command.group!);
    return { group: command.group };
  }

  /** What the history keeps of a SUBMIT (lateness against the deadline) or a PUBLISH (how the published copy matched, where, when). */
  private historyDetails(
    loaded: LoadedCase,
    command: EventCommand,
    event: Extract<LifecycleEvent, { type: 'SUBMIT' | 'PUBLISH' }>,
    published: PublishedCopy | undefined,
  ): Record<string, unknown> {
    if (event.type === 'SUBMIT') return { late: event.late, deadline: loaded.record.submissionDeadline };
    return {
      publishedSha256: event.publishedDigest,
      matchedBy: published!.matchedBy,
      // A PDF is decided on the sealed digest (its bytes or its text agreed); its own digest is kept beside.
      ...(published!.matchedBy === 'pdf' || published!.matchedBy === 'pdf_text' ? { fileSha256: published!.fileSha256 } : {}),
      url: command.publishedUrl ?? null,
      publishedOn: shanghaiDate(this.clock.now()),
    };
  }

  /**
   * The writes of an accepted event other than FORM_GROUP, worked out without writing: what the
   * lifecycle write makes in the statement that records it, and what the history keeps of it.
   * `sections` are the case's sections as read with it (RETURN reopens those named that were
   * submitted or approved, as `reopenSectionsSql` reopens them).
   */
  effects(loaded: LoadedCase, command: EventCommand, { event, rendered, published }: BuiltEvent, sections: readonly CaseSectionState[]): PlannedEffects {
    const none = { reopenSections: [] as string[], sealedVersion: null };
    switch (event.type) {
      case 'FORM_GROUP':
        throw new Error('FORM_GROUP replaces the working group: it is written in a transaction (LifecycleEventBuilder.replaceGroup).');
      case 'RETURN': {
        const named = new Set(event.sectionCodes);
        const reopened = sections.filter((s) => named.has(s.code) && (s.state === 'submitted' || s.state === 'approved')).map((s) => s.code);
        return { ...none, reopenSections: reopened, details: { sectionCodes: event.sectionCodes, reopened } };
      }
      case 'SEAL':
        return {
          ...none,
          sealedVersion: this.sealing.sealedVersion(loaded, rendered!),
          details: {
            contentDigest: event.contentDigest,
            snapshotSha256: rendered!.snapshotSha256,
            // The electronic seal, when the unit has one: the PDF's SM3 it signed, under which seal.
            ...(rendered!.signature ? { pdfSm3: rendered!.pdfSm3, sealSerial: rendered!.signature.serial } : {}),
          },
        };
      case 'SUBMIT':
      case 'PUBLISH':
        return { ...none, details: this.historyDetails(loaded, command, event, published) };
      default:
        return { ...none, details: {} };
    }
  }
}
