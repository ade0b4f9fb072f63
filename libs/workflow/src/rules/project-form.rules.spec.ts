import { projectFormActions, type CaseRuleFacts, type ProjectFormFacts } from '../actions';
import { approvalFacts } from '../approval';
import type { TableFacts } from '../facts';
import { lifecycleMachine } from '../lifecycle.machine';
import type { Actor, Role } from '../roles';
import { reviewRequestRefusals } from './case.rules';

const SECTIONS = { total: 2, assignedWithDueDate: 2, approved: 2 };
const CLEAN: TableFacts = { dataErrors: 0, unacknowledgedWarnings: 0, indicatorsComplete: true, indicatorErrors: 0, sectionsWithTemplateText: 0 };
const codes = (refusals: ReadonlyArray<{ code: string }>) => refusals.map((r) => r.code);

describe('the request for review and the project forms', () => {
  it('asks for the data table and the scores only of a unit that files the department-wide report', () => {
    const missing: TableFacts = { ...CLEAN, dataErrors: 1, indicatorsComplete: false };
    expect(codes(reviewRequestRefusals(SECTIONS, missing))).toEqual(['DATA_TABLE.HAS_ERRORS', 'INDICATORS.INCOMPLETE']);
    expect(codes(reviewRequestRefusals(SECTIONS, { ...missing, departmentReport: false }))).toEqual([]);
  });

  it('names each form with errors, and each form without errors still awaiting approval', () => {
    const refusals = reviewRequestRefusals(SECTIONS, {
      ...CLEAN,
      projectFormErrors: [{ name: '档案数字化项目', count: 2 }],
      projectFormsUnapproved: ['档案数字化项目', '库房改造项目'],
    });
    expect(refusals.map(({ code, params }) => ({ code, params }))).toEqual([
      { code: 'PROJECT_FORM.HAS_ERRORS', params: { name: '档案数字化项目', count: 2 } },
      { code: 'PROJECT_FORM.NOT_APPROVED', params: { name: '库房改造项目' } },
    ]);
  });
});

describe('who fills, approves and returns a project form', () => {
  const facts = (state: 'self_assessment' | 'internal_review'): CaseRuleFacts => ({
    snapshot: lifecycleMachine.resolveState({
      value: state,
      context: { unitId: 'unit', bureauId: 'bureau', contentVersion: 1, approvals: [], sealedVersion: null, sealedDigest: null, submittedLate: null, returns: 0, reviewRequestedBy: null, submittedBy: null },
    }),
    approval: approvalFacts({ approvalMode: 'single', leaderIds: ['leader'], deputyLeaderIds: ['deputy'], extraApproverIds: [] }),
    group: [],
    sections: [],
    tables: null,
  });
  const actor = (userId: string, role: Role): Actor => ({ userId, organisationId: 'unit', roles: [role] });
  const saved: ProjectFormFacts = { name: '档案数字化项目', saved: true, errors: 0, approved: false, lastSavedBy: 'compiler' };
  const answer = (state: 'self_assessment' | 'internal_review', who: Actor, form: ProjectFormFacts) =>
    Object.fromEntries(projectFormActions(facts(state), who, form).map((a) => [a.type, codes(a.reasons)]));

  it('lets the compiler edit and a leader or deputy who did not save it approve, in self-assessment', () => {
    expect(answer('self_assessment', actor('compiler', 'compiler'), saved)).toEqual({ EDIT: [], APPROVE: ['PROJECT_FORM.ROLE_NOT_ALLOWED'], RETURN: ['PROJECT_FORM.ROLE_NOT_ALLOWED'] });
    expect(answer('self_assessment', actor('deputy', 'deputy_leader'), saved)).toMatchObject({ APPROVE: [], RETURN: [] });
    expect(answer('self_assessment', actor('leader', 'group_leader'), { ...saved, lastSavedBy: 'leader' })).toMatchObject({ APPROVE: ['PROJECT_FORM.OWN_SAVE'] });
    expect(answer('internal_review', actor('leader', 'group_leader'), saved)).toMatchObject({ APPROVE: ['REPORT_TABLE.NOT_IN_SELF_ASSESSMENT'] });
  });

  it('refuses approving a form never saved, with errors, or already approved', () => {
    const leader = actor('leader', 'group_leader');
    expect(answer('self_assessment', leader, { ...saved, saved: false, lastSavedBy: null }).APPROVE).toEqual(['PROJECT_FORM.NOT_SAVED']);
    expect(answer('self_assessment', leader, { ...saved, errors: 3 }).APPROVE).toEqual(['PROJECT_FORM.HAS_ERRORS']);
    expect(answer('self_assessment', leader, { ...saved, approved: true }).APPROVE).toEqual(['PROJECT_FORM.ALREADY_APPROVED']);
  });
});
