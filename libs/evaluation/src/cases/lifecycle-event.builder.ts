import { Injectable } from '@nestjs/common';
import { CaseStore, type Tx } from '@jixiao/persistence';
import { approvalFacts, type LifecycleEvent } from '@jixiao/workflow';
import { Clock, shanghaiDate } from '../clock';
import { unprocessable } from '../errors';
import { ReportFacts } from '../report-facts';
import type { EventCommand, LoadedCase } from './case.view';
import { SealingService } from './sealing.service';
import type { PreparedRendering } from './version.renderer';
import { groupCounts, WorkingGroupService } from './working-group.service';

/** An event ready to decide, with what its writes need that was worked out to decide it. */
export interface BuiltEvent {
  event: LifecycleEvent;
  /** SEAL only: the rendering prepared before the transaction, whose digest the seal is decided on; written if it is accepted. */
  rendered: PreparedRendering | null;
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

  /** `prepared`: for a SEAL, what `SealingService.prepare` rendered before the transaction. */
  async build(tx: Tx, loaded: LoadedCase, command: EventCommand, prepared: PreparedRendering | null = null): Promise<BuiltEvent> {
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
          tables: await this.reportFacts.tables(tx, record.id),
        });
      case 'APPROVE':
        return plain({ type: 'APPROVE', actor, approval: approvalFacts(record) });
      case 'RETURN': {
        const codes = command.sectionCodes ?? [];
        if (codes.length > 0) {
          const known = new Set((await this.cases.sections(tx, record.id)).map((s) => s.code));
          const unknown = codes.filter((code) => !known.has(code));
          if (unknown.length > 0) throw unprocessable('SECTION.UNKNOWN', 'The return names sections this report does not have.', { codes: unknown });
        }
        return plain({ type: 'RETURN', actor, reason: command.reason ?? '', sectionCodes: codes });
      }
      case 'SEAL': {
        // Nothing prepared: the machine refuses the SEAL, or else `applyEffects` answers a version conflict.
        return { event: { type: 'SEAL', actor, approval: approvalFacts(record), contentDigest: prepared?.sha256 ?? '' }, rendered: prepared };
      }
      case 'SUBMIT':
        return plain({ type: 'SUBMIT', actor, late: shanghaiDate(this.clock.now()) > record.submissionDeadline });
      case 'ACCEPT':
        return plain({ type: 'ACCEPT', actor });
      case 'PUBLISH':
        return plain({ type: 'PUBLISH', actor, publishedDigest: await this.sealing.publishedDigest(tx, loaded, command) });
      case 'WITHDRAW_REVIEW':
      case 'WITHDRAW_SUBMISSION':
        return plain({ type: command.type, actor });
    }
  }

  /** Writes that belong to the accepted event, in the same transaction; returns what the history keeps of it. */
  async applyEffects(tx: Tx, loaded: LoadedCase, command: EventCommand, { event, rendered }: BuiltEvent): Promise<Record<string, unknown>> {
    switch (event.type) {
      case 'FORM_GROUP':
        await this.workingGroup.replace(tx, loaded.record.id, command.group!);
        return { group: command.group };
      case 'RETURN': {
        const reopened = await this.cases.reopenSections(tx, loaded.record.id, event.sectionCodes);
        return { sectionCodes: event.sectionCodes, reopened };
      }
      case 'SEAL': {
        const sealed = await this.sealing.seal(tx, loaded, rendered);
        return { contentDigest: event.contentDigest, snapshotSha256: sealed.snapshotSha256 };
      }
      case 'SUBMIT':
        return { late: event.late, deadline: loaded.record.submissionDeadline };
      case 'PUBLISH':
        return {
          publishedSha256: event.publishedDigest,
          matchedBy: command.publishedDocumentBase64 !== undefined ? 'document' : command.publishedSha256 === event.publishedDigest ? 'sha256' : 'text',
          url: command.publishedUrl ?? null,
          publishedOn: shanghaiDate(this.clock.now()),
        };
      default:
        return {};
    }
  }
}
