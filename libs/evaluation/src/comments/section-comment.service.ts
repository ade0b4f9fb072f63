import { Injectable } from '@nestjs/common';
import { CaseStore, SectionCommentStore, SectionStore, Transactor, type CommentEventKind, type SectionCommentRow, type Tx } from '@jixiao/persistence';
import type { SectionBlock } from '@jixiao/report';
import {
  commentDeleteRefusals,
  commentReadRefusals,
  commentReopenRefusals,
  commentResolveRefusals,
  commentWriteRefusals,
  isCommentParticipant,
  sectionApprovers,
  type CommentFacts,
  type CommentRuleFacts,
  type Refusal,
} from '@jixiao/workflow';
import { CaseLoader } from '../cases/case.loader';
import { Clock } from '../clock';
import { NotificationWriter } from '../notifications';
import { conflict, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { refusalError } from '../rulebook';

/** How many live comments a section holds, and how much of a block a comment quotes. */
export const COMMENT_LIMITS = { perSection: 500, length: 2000, quote: 60 } as const;

export interface CommentView {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: string;
  /** Its author may withdraw it: nobody answered it and it is not resolved. */
  mayDelete: boolean;
}

export interface CommentLogView {
  kind: CommentEventKind;
  actorId: string;
  actorName: string;
  at: string;
}

export interface CommentThreadView extends CommentView {
  /** The block commented on (0-based), with a quote of its text then; null for the whole section. */
  blockIndex: number | null;
  blockQuote: string | null;
  /** The section's revision the comment was written on. */
  revision: number;
  resolvedAt: string | null;
  resolvedById: string | null;
  resolvedByName: string | null;
  replies: CommentView[];
  /** Who resolved and reopened it, and when: oldest first. */
  log: CommentLogView[];
  mayResolve: boolean;
  mayReopen: boolean;
}

export interface SectionCommentsView {
  caseId: string;
  sectionCode: string;
  /** Open threads. */
  open: number;
  /** The caller may comment and reply now. */
  mayComment: boolean;
  threads: CommentThreadView[];
}

export interface CommentCountView {
  sectionCode: string;
  open: number;
  total: number;
}

function quoteOf(block: SectionBlock): string {
  const text = (block.type === 'table' ? (block.caption ?? '表格') : block.text).replace(/\s+/g, ' ').trim();
  return text.length > COMMENT_LIMITS.quote ? `${text.slice(0, COMMENT_LIMITS.quote)}…` : text;
}

const factsOf = (row: SectionCommentRow): CommentFacts => ({ authorId: row.authorId, isReply: row.parentId !== null, resolved: row.resolvedAt !== null, replies: row.replies });

function refuse(refusals: readonly Refusal[], details: Record<string, unknown> = {}): void {
  if (refusals.length > 0) throw refusalError(refusals, details);
}

/**
 * Comments where the text is: per section, or per block of it, threaded one level deep. The
 * section's writer, its approvers (the leader, the deputies whose remit covers it) and the
 * compilers read and write them; the writer resolves a thread, the writer or the thread's author
 * reopens it; an author withdraws a comment nobody has answered. Every rule is libs/workflow's.
 */
@Injectable()
export class SectionCommentService {
  constructor(
    private readonly transactor: Transactor,
    private readonly loader: CaseLoader,
    private readonly cases: CaseStore,
    private readonly sections: SectionStore,
    private readonly comments: SectionCommentStore,
    private readonly clock: Clock,
    private readonly notices: NotificationWriter,
  ) {}

  async list(principal: Principal, caseId: string, code: string): Promise<SectionCommentsView> {
    const tx = this.transactor.manager;
    const facts = await this.facts(tx, principal, caseId, code);
    refuse(commentReadRefusals(facts, principal.userId));
    return this.view(tx, facts, principal, caseId, code);
  }

  async create(principal: Principal, caseId: string, code: string, input: { text: string; blockIndex?: number }): Promise<SectionCommentsView> {
    return this.transactor.run(async (tx) => {
      const facts = await this.facts(tx, principal, caseId, code);
      refuse(commentWriteRefusals(facts, principal.userId), { state: facts.caseState });
      await this.comments.lockSection(tx, caseId, code);
      await this.refuseFull(tx, caseId, code);
      const latest = await this.sections.latest(tx, caseId, code);
      let blockQuote: string | null = null;
      if (input.blockIndex !== undefined) {
        const block = latest?.blocks[input.blockIndex];
        if (!block) throw unprocessable('COMMENT.BLOCK_UNKNOWN', `The section has no block ${input.blockIndex}.`, { index: input.blockIndex + 1, fields: ['blockIndex'] });
        blockQuote = quoteOf(block);
      }
      await this.comments.create(tx, {
        caseId,
        sectionCode: code,
        parentId: null,
        authorId: principal.userId,
        blockIndex: input.blockIndex ?? null,
        blockQuote,
        text: input.text.trim(),
        revision: latest?.revision ?? 0,
        at: this.clock.now(),
      });
      const step = { kind: 'COMMENT', actorId: principal.userId, writerId: facts.assigneeId, approverIds: facts.approverIds } as const;
      await this.notices.commented(tx, { caseId, sectionCode: code, step, text: input.text.trim() });
      return this.view(tx, facts, principal, caseId, code);
    });
  }

  async reply(principal: Principal, caseId: string, code: string, commentId: string, input: { text: string }): Promise<SectionCommentsView> {
    return this.transactor.run(async (tx) => {
      const facts = await this.facts(tx, principal, caseId, code);
      refuse(commentWriteRefusals(facts, principal.userId), { state: facts.caseState });
      await this.comments.lockSection(tx, caseId, code);
      const parent = await this.comments.find(tx, caseId, code, commentId);
      if (!parent) throw notFound('comment', commentId);
      if (parent.parentId !== null) throw unprocessable('COMMENT.REPLY_TO_REPLY', 'Replies go to the first comment of a thread.', { parentId: parent.parentId });
      await this.refuseFull(tx, caseId, code);
      const latest = await this.sections.latest(tx, caseId, code);
      await this.comments.create(tx, {
        caseId,
        sectionCode: code,
        parentId: parent.id,
        authorId: principal.userId,
        blockIndex: null,
        blockQuote: null,
        text: input.text.trim(),
        revision: latest?.revision ?? 0,
        at: this.clock.now(),
      });
      const replierIds = (await this.comments.list(tx, caseId, code)).filter((row) => row.parentId === parent.id).map((row) => row.authorId);
      const step = { kind: 'COMMENT_REPLY', actorId: principal.userId, writerId: facts.assigneeId, threadAuthorId: parent.authorId, replierIds } as const;
      await this.notices.commented(tx, { caseId, sectionCode: code, step, text: input.text.trim() });
      return this.view(tx, facts, principal, caseId, code);
    });
  }

  async resolve(principal: Principal, caseId: string, code: string, commentId: string): Promise<SectionCommentsView> {
    return this.change(principal, caseId, code, commentId, commentResolveRefusals, (tx, at) => this.comments.resolve(tx, commentId, principal.userId, at), 'COMMENT.ALREADY_RESOLVED', (tx, comment) =>
      this.notices.commented(tx, { caseId, sectionCode: code, step: { kind: 'COMMENT_RESOLVED', actorId: principal.userId, threadAuthorId: comment.authorId }, text: null }),
    );
  }

  async reopen(principal: Principal, caseId: string, code: string, commentId: string): Promise<SectionCommentsView> {
    return this.change(principal, caseId, code, commentId, commentReopenRefusals, (tx, at) => this.comments.reopen(tx, commentId, principal.userId, at), 'COMMENT.NOT_RESOLVED');
  }

  async remove(principal: Principal, caseId: string, code: string, commentId: string): Promise<SectionCommentsView> {
    return this.change(principal, caseId, code, commentId, commentDeleteRefusals, (tx, at) => this.comments.withdraw(tx, commentId, principal.userId, at), 'COMMENT.ANSWERED');
  }

  /** Open and all threads per section, for the sections whose comments the caller takes part in. */
  async counts(principal: Principal, caseId: string): Promise<CommentCountView[]> {
    const tx = this.transactor.manager;
    const { record } = await this.loader.load(tx, principal, caseId);
    const [group, sections, counts] = await Promise.all([this.cases.group(tx, caseId), this.cases.sections(tx, caseId), this.comments.counts(tx, caseId)]);
    const compilerIds = group.filter((m) => m.role === 'compiler').map((m) => m.userId);
    const mine = new Set(
      sections
        .filter((s) => isCommentParticipant({ caseState: record.state, assigneeId: s.assigneeId, approverIds: sectionApprovers(group, s), compilerIds }, principal.userId))
        .map((s) => s.code),
    );
    return counts.filter((c) => mine.has(c.sectionCode));
  }

  /**
   * Resolve, reopen, withdraw: the rules first, then a conditional update, so that of two people
   * acting on one comment at once, the second is told it changed (`lost`) and nothing is written twice.
   */
  private async change(
    principal: Principal,
    caseId: string,
    code: string,
    commentId: string,
    rules: (section: CommentRuleFacts, comment: CommentFacts, userId: string) => Refusal[],
    apply: (tx: Tx, at: Date) => Promise<boolean>,
    lost: 'COMMENT.ALREADY_RESOLVED' | 'COMMENT.NOT_RESOLVED' | 'COMMENT.ANSWERED',
    /** What else the change tells, in its transaction (resolving tells the thread's author). */
    after?: (tx: Tx, comment: SectionCommentRow) => Promise<unknown>,
  ): Promise<SectionCommentsView> {
    return this.transactor.run(async (tx) => {
      const facts = await this.facts(tx, principal, caseId, code);
      refuse(commentReadRefusals(facts, principal.userId));
      const comment = await this.comments.find(tx, caseId, code, commentId);
      if (!comment) throw notFound('comment', commentId);
      refuse(rules(facts, factsOf(comment), principal.userId), { state: facts.caseState });
      if (!(await apply(tx, this.clock.now()))) throw conflict(lost, 'The comment changed meanwhile.');
      await after?.(tx, comment);
      return this.view(tx, facts, principal, caseId, code);
    });
  }

  private async refuseFull(tx: Tx, caseId: string, code: string): Promise<void> {
    if ((await this.comments.countLive(tx, caseId, code)) >= COMMENT_LIMITS.perSection) {
      throw unprocessable('COMMENT.TOO_MANY', `At most ${COMMENT_LIMITS.perSection} comments per section.`, { limit: COMMENT_LIMITS.perSection });
    }
  }

  /** The section as the comment rules read it; 404 outside the caller's scope, as for the section itself. */
  private async facts(tx: Tx, principal: Principal, caseId: string, code: string): Promise<CommentRuleFacts> {
    const { record, section } = await this.loader.loadForSection(tx, principal, caseId, code);
    const group = await this.cases.group(tx, caseId);
    return {
      caseState: record.state,
      assigneeId: section.assigneeId,
      approverIds: sectionApprovers(group, section),
      compilerIds: group.filter((m) => m.role === 'compiler').map((m) => m.userId),
    };
  }

  private async view(tx: Tx, facts: CommentRuleFacts, principal: Principal, caseId: string, code: string): Promise<SectionCommentsView> {
    const [rows, events] = await Promise.all([this.comments.list(tx, caseId, code), this.comments.events(tx, caseId, code)]);
    const userId = principal.userId;
    const comment = (row: SectionCommentRow): CommentView => ({
      id: row.id,
      authorId: row.authorId,
      authorName: row.authorName,
      text: row.text,
      createdAt: row.createdAt.toISOString(),
      mayDelete: commentDeleteRefusals(facts, factsOf(row), userId).length === 0,
    });
    const threads = rows
      .filter((row) => row.parentId === null)
      .map((row) => ({
        ...comment(row),
        blockIndex: row.blockIndex,
        blockQuote: row.blockQuote,
        revision: row.revision,
        resolvedAt: row.resolvedAt?.toISOString() ?? null,
        resolvedById: row.resolvedBy,
        resolvedByName: row.resolvedByName,
        replies: rows.filter((reply) => reply.parentId === row.id).map(comment),
        log: events.filter((e) => e.commentId === row.id).map((e) => ({ kind: e.kind, actorId: e.actorId, actorName: e.actorName, at: e.at.toISOString() })),
        mayResolve: commentResolveRefusals(facts, factsOf(row), userId).length === 0,
        mayReopen: commentReopenRefusals(facts, factsOf(row), userId).length === 0,
      }));
    return {
      caseId,
      sectionCode: code,
      open: threads.filter((t) => t.resolvedAt === null).length,
      mayComment: commentWriteRefusals(facts, userId).length === 0,
      threads,
    };
  }
}
