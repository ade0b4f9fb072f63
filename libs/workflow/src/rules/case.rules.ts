import { awaitedApprover, reportApproved } from '../approval';
import { reason, type ApprovalFacts, type GroupFacts, type Refusal, type SectionFacts, type TableFacts } from '../facts';
import { roleNames } from '../names';
import type { Actor, Role } from '../roles';

/**
 * The rules of the case's lifecycle, one function per question. The machine's guards, the
 * rulebook's actions and the services' checks all call these; nothing else states them.
 */

/** Who may take a step: people of the case's unit or of the bureau that issued the notice, holding one of the roles. */
export interface WhoRule {
  scope: 'unit' | 'bureau';
  roles: readonly Role[];
}

export function whoRefusals(rule: WhoRule, organisations: { unitId: string; bureauId: string }, actor: Actor): Refusal[] {
  const organisationId = rule.scope === 'unit' ? organisations.unitId : organisations.bureauId;
  if (actor.organisationId !== organisationId) return [reason('scope', 'CASE.OUT_OF_SCOPE')];
  if (!rule.roles.some((role) => actor.roles.includes(role))) return [reason('role', 'CASE.ROLE_NOT_ALLOWED', { roles: roleNames(rule.roles) })];
  return [];
}

export function groupRefusals(group: GroupFacts): Refusal[] {
  const reasons: Refusal[] = [];
  if (group.leaders < 1) reasons.push(reason('condition', 'GROUP.LEADER_MISSING'));
  if (group.members < 1) reasons.push(reason('condition', 'GROUP.MEMBER_MISSING'));
  if (group.compilers < 1) reasons.push(reason('condition', 'GROUP.COMPILER_MISSING'));
  return reasons;
}

export function startRefusals(sections: SectionFacts): Refusal[] {
  if (sections.total === 0) return [reason('condition', 'SECTION.OUTLINE_EMPTY')];
  if (sections.assignedWithDueDate < sections.total) {
    return [reason('condition', 'SECTION.UNASSIGNED', { pending: sections.total - sections.assignedWithDueDate, total: sections.total })];
  }
  return [];
}

export function reviewRequestRefusals(sections: SectionFacts, tables: TableFacts): Refusal[] {
  const reasons: Refusal[] = [];
  if (sections.total === 0 || sections.approved < sections.total) {
    reasons.push(reason('condition', 'SECTION.NOT_APPROVED', { pending: sections.total - sections.approved, total: sections.total }));
  }
  if (tables.departmentReport !== false) {
    if (tables.dataErrors > 0) reasons.push(reason('condition', 'DATA_TABLE.HAS_ERRORS', { count: tables.dataErrors }));
    if (tables.unacknowledgedWarnings > 0) reasons.push(reason('condition', 'DATA_TABLE.WARNINGS_UNACKNOWLEDGED', { count: tables.unacknowledgedWarnings }));
    if (!tables.indicatorsComplete) reasons.push(reason('condition', 'INDICATORS.INCOMPLETE'));
    if (tables.indicatorErrors > 0) reasons.push(reason('condition', 'INDICATORS.HAS_ERRORS', { count: tables.indicatorErrors }));
  }
  if (tables.sectionsWithTemplateText > 0) reasons.push(reason('condition', 'SECTION.TEMPLATE_TEXT', { count: tables.sectionsWithTemplateText }));
  const withErrors = new Set<string>();
  for (const form of tables.projectFormErrors ?? []) {
    withErrors.add(form.name);
    reasons.push(reason('condition', 'PROJECT_FORM.HAS_ERRORS', { name: form.name, count: form.count }));
  }
  // A form with errors cannot be approved yet: its errors are the one thing to fix first.
  for (const name of tables.projectFormsUnapproved ?? []) {
    if (!withErrors.has(name)) reasons.push(reason('condition', 'PROJECT_FORM.NOT_APPROVED', { name }));
  }
  return reasons;
}

export function approveRefusals(approval: ApprovalFacts, approvals: readonly string[], userId: string): Refusal[] {
  if (!approval.approverIds.includes(userId)) return [reason('condition', 'REVIEW.NOT_AN_APPROVER')];
  if (approvals.includes(userId)) return [reason('condition', 'REVIEW.ALREADY_APPROVED')];
  if (awaitedApprover(approval, approvals, userId) !== null) return [reason('condition', 'REVIEW.NOT_YOUR_TURN')];
  return [];
}

/** 前加签 and 后加签 are the current approver's: one who approves this version, has not yet, and whose turn it is. */
export const placedApproverRefusals = approveRefusals;

export function sealRefusals(approval: ApprovalFacts, approvals: readonly string[]): Refusal[] {
  if (reportApproved(approval, approvals)) return [];
  if (approval.approverIds.length === 0) return [reason('condition', 'REVIEW.NO_APPROVERS')];
  if (approval.mode === 'any' && approval.approverIds.every((id) => !approvals.includes(id))) return [reason('condition', 'REVIEW.APPROVAL_MISSING')];
  if (approval.mode === 'any') return [reason('condition', 'REVIEW.CHAIN_UNFINISHED')];
  return [reason('condition', 'REVIEW.APPROVALS_MISSING', { missing: approval.approverIds.filter((id) => !approvals.includes(id)).length })];
}

export function returnReasonRefusals(text: string): Refusal[] {
  return text.trim() === '' ? [reason('condition', 'RETURN.REASON_REQUIRED')] : [];
}

export function returnInReviewRefusals(text: string, sectionCodes: readonly string[]): Refusal[] {
  const reasons = returnReasonRefusals(text);
  if (sectionCodes.length === 0) reasons.push(reason('condition', 'RETURN.SECTIONS_REQUIRED'));
  return reasons;
}

export function publishRefusals(publishedDigest: string, sealedDigest: string | null): Refusal[] {
  return publishedDigest === sealedDigest ? [] : [reason('condition', 'PUBLICATION.MISMATCH', { publishedSha256: publishedDigest, sealedSha256: sealedDigest ?? '' })];
}

/**
 * Who withdraws (撤回) the request for internal review: the person who made it, until an approver
 * has approved (a return ends the review anyway). A request from before this rule was known has
 * no requester recorded, and is not withdrawn.
 */
export function withdrawReviewRefusals(context: { reviewRequestedBy?: string | null; approvals: readonly string[] }, userId: string): Refusal[] {
  if (context.reviewRequestedBy !== userId) return [reason('role', 'REVIEW.NOT_REQUESTER')];
  if (context.approvals.length > 0) return [reason('condition', 'REVIEW.ALREADY_ACTED_ON')];
  return [];
}

/** Who withdraws the submission to the finance bureau: the person who submitted it; the bureau's acceptance or return ends it (a state the event is not taken in). */
export function withdrawSubmissionRefusals(context: { submittedBy?: string | null }, userId: string): Refusal[] {
  return context.submittedBy === userId ? [] : [reason('role', 'SUBMISSION.NOT_SUBMITTER')];
}
