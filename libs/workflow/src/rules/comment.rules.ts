import { reason, type Refusal } from '../facts';
import type { LifecycleState } from '../states';

/** Comments are written, resolved and reopened while the report is still being written or reviewed. */
export const COMMENT_STATES = ['self_assessment', 'internal_review'] as const satisfies readonly LifecycleState[];

/** A section as the comment rules read it. */
export interface CommentRuleFacts {
  caseState: string;
  /** The section's writer. */
  assigneeId: string | null;
  /** The group leader and the deputies whose remit covers the section (`sectionApprovers`). */
  approverIds: readonly string[];
  /** The case's compilers (填报人员), who put the report together. */
  compilerIds: readonly string[];
}

/** A comment as the rules read it. */
export interface CommentFacts {
  authorId: string;
  isReply: boolean;
  resolved: boolean;
  replies: number;
}

/** Who takes part in a section's comments: its writer, its approvers and the compilers. */
export function isCommentParticipant(section: CommentRuleFacts, userId: string): boolean {
  return section.assigneeId === userId || section.approverIds.includes(userId) || section.compilerIds.includes(userId);
}

/** Reading a section's comments: its participants. */
export function commentReadRefusals(section: CommentRuleFacts, userId: string): Refusal[] {
  return isCommentParticipant(section, userId) ? [] : [reason('role', 'COMMENT.ROLE_NOT_ALLOWED')];
}

function openRefusals(section: CommentRuleFacts): Refusal[] {
  return (COMMENT_STATES as readonly string[]).includes(section.caseState) ? [] : [reason('state', 'COMMENT.SECTION_CLOSED', { state: section.caseState })];
}

/** Commenting and replying: a participant, while the report is being written or reviewed. */
export function commentWriteRefusals(section: CommentRuleFacts, userId: string): Refusal[] {
  return [...commentReadRefusals(section, userId), ...openRefusals(section)];
}

/** Resolving a thread: the section's writer, on an open first comment. */
export function commentResolveRefusals(section: CommentRuleFacts, comment: CommentFacts, userId: string): Refusal[] {
  const refusals: Refusal[] = [];
  if (section.assigneeId !== userId) refusals.push(reason('role', 'COMMENT.NOT_WRITER'));
  refusals.push(...openRefusals(section));
  if (comment.isReply) refusals.push(reason('state', 'COMMENT.NOT_A_THREAD'));
  else if (comment.resolved) refusals.push(reason('state', 'COMMENT.ALREADY_RESOLVED'));
  return refusals;
}

/** Reopening a thread: the section's writer, or whoever started the thread and finds it not settled. */
export function commentReopenRefusals(section: CommentRuleFacts, comment: CommentFacts, userId: string): Refusal[] {
  const refusals: Refusal[] = [];
  if (section.assigneeId !== userId && comment.authorId !== userId) refusals.push(reason('role', 'COMMENT.NOT_WRITER'));
  refusals.push(...openRefusals(section));
  if (comment.isReply) refusals.push(reason('state', 'COMMENT.NOT_A_THREAD'));
  else if (!comment.resolved) refusals.push(reason('state', 'COMMENT.NOT_RESOLVED'));
  return refusals;
}

/** Withdrawing a comment: its author, while nobody has answered it and it is not resolved. */
export function commentDeleteRefusals(section: CommentRuleFacts, comment: CommentFacts, userId: string): Refusal[] {
  const refusals: Refusal[] = [];
  if (comment.authorId !== userId) refusals.push(reason('role', 'COMMENT.NOT_AUTHOR'));
  refusals.push(...openRefusals(section));
  if (comment.replies > 0 || comment.resolved) refusals.push(reason('state', 'COMMENT.ANSWERED'));
  return refusals;
}
