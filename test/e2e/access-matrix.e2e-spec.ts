import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { MailDispatcher, WORKING_DAYS } from '@jixiao/evaluation';
import { newOutboxRow } from '../support/mail';
import { sealPng } from '../support/png';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type WorldUnit, type WorldUser } from '../support/world';
import { testNow } from '../support/clock';

/**
 * The access matrix, generated: every route of the OpenAPI document that takes an id, for every
 * role, against an object in the person's own scope and one outside it. Outside: 404, so nothing
 * leaks. Inside: the route either lets the role through (any answer but 401, 403, 404) or refuses
 * with 403. A route with an id that this table does not know fails the test, so new routes must
 * declare their rule here.
 */
type Actor = 'unit_admin' | 'group_leader' | 'deputy_leader' | 'member' | 'compiler' | 'seal_keeper' | 'publisher' | 'finance_officer';
type Expect = 'allow' | 403 | 404;

const ACTORS: Actor[] = ['unit_admin', 'group_leader', 'deputy_leader', 'member', 'compiler', 'seal_keeper', 'publisher', 'finance_officer'];

interface Fixture {
  unit: WorldUnit;
  officer: WorldUser;
  bureauId: string;
  campaignId: string;
  caseId: string;
  /** A case of the same unit in self-assessment, every section assigned to the member. */
  draftingCaseId: string;
  delegationId: string;
  /** A case of the same unit sealed once: its version 1 is rendered and stored. */
  sealedCaseId: string;
  /** A reminder to the unit's member, delivered to the local mailbox. */
  mailId: string;
  /** A saved phrase (常用语) of the unit's member. */
  phraseId: string;
  /** The group leader's comment on section 1.3 of the drafting case (written by the member). */
  commentId: string;
  /** The drafting case's campaign, and a key project of the unit in it (a project form of the drafting case). */
  draftingCampaignId: string;
  projectId: string;
  /** A second key project there, for the finance officer to delete. */
  spareProjectId: string;
}

interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** The concrete path and body for an object of the fixture. */
  call: (f: Fixture) => { path: string; body?: object };
  /** In own scope: which actors get through; everyone else gets `otherwise`. */
  allow: Actor[];
  otherwise?: Expect;
}

const ALL: Actor[] = ACTORS;

const group = (u: WorldUnit) => ({ leaderId: u.leader.id, memberIds: [u.member.id], compilerIds: [u.compiler.id] });

const ROUTES: Route[] = [
  { method: 'get', path: '/api/cases/{id}', call: (f) => ({ path: `/api/cases/${f.caseId}` }), allow: ALL },
  { method: 'get', path: '/api/cases/{id}/history', call: (f) => ({ path: `/api/cases/${f.caseId}/history` }), allow: ALL },
  { method: 'get', path: '/api/cases/{id}/history.xlsx', call: (f) => ({ path: `/api/cases/${f.caseId}/history.xlsx` }), allow: ALL },
  { method: 'get', path: '/api/cases/{id}/history/verify', call: (f) => ({ path: `/api/cases/${f.caseId}/history/verify` }), allow: ALL },
  {
    // An incomplete group: the admin passes the access checks and meets 409 on the conditions, so the case never moves.
    method: 'post',
    path: '/api/cases/{id}/events',
    call: (f) => ({ path: `/api/cases/${f.caseId}/events`, body: { type: 'FORM_GROUP', group: { leaderId: f.unit.leader.id, memberIds: [], compilerIds: [] } } }),
    allow: ['unit_admin'],
    otherwise: 403,
  },
  { method: 'put', path: '/api/cases/{id}/group', call: (f) => ({ path: `/api/cases/${f.caseId}/group`, body: { group: group(f.unit) } }), allow: ['unit_admin'], otherwise: 403 },
  {
    method: 'put',
    path: '/api/cases/{id}/sections/{code}/assignment',
    call: (f) => ({ path: `/api/cases/${f.caseId}/sections/1.1/assignment`, body: { assigneeId: f.unit.member.id, dueDate: inDays(5) } }),
    allow: ['group_leader'],
    otherwise: 403,
  },
  {
    method: 'post',
    path: '/api/cases/{id}/sections/{code}/events',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/sections/1.2/events`, body: { type: 'START_DRAFTING' } }),
    allow: ['member'],
    otherwise: 403,
  },
  {
    // Section 1.3, so that the save does not meet the START_DRAFTING cell on 1.2.
    method: 'put',
    path: '/api/cases/{id}/sections/{code}/content',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/sections/1.3/content`, body: { blocks: [{ type: 'paragraph', text: '本单位年度工作完成情况。' }], expectedRevision: 0 } }),
    allow: ['member'],
    otherwise: 403,
  },
  { method: 'get', path: '/api/cases/{id}/sections/{code}/content', call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/sections/1.3/content` }), allow: ALL },
  { method: 'get', path: '/api/cases/{id}/sections/{code}/revisions', call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/sections/1.3/revisions` }), allow: ALL },
  { method: 'get', path: '/api/cases/{id}/data-table', call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/data-table` }), allow: ALL },
  { method: 'get', path: '/api/cases/{id}/indicator-scores', call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/indicator-scores` }), allow: ALL },
  {
    // An empty table parses; the compiler gets through to 200 and the case does not move.
    method: 'put',
    path: '/api/cases/{id}/data-table',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/data-table`, body: { input: {} } }),
    allow: ['compiler'],
    otherwise: 403,
  },
  {
    method: 'put',
    path: '/api/cases/{id}/indicator-scores',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/indicator-scores`, body: { input: [] } }),
    allow: ['compiler'],
    otherwise: 403,
  },
  {
    // No such problem: the compiler passes the access checks and meets 422.
    method: 'post',
    path: '/api/cases/{id}/acknowledgements',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/acknowledgements`, body: { problemKey: '["NONE"]', comment: '说明' } }),
    allow: ['compiler'],
    otherwise: 403,
  },
  {
    // The fixture's case is in notice_issued: the leader passes the access checks and meets 409 (not in review).
    method: 'post',
    path: '/api/cases/{id}/approvers',
    call: (f) => ({ path: `/api/cases/${f.caseId}/approvers`, body: { userId: f.unit.deputy.id, reason: '涉及专项资金' } }),
    allow: ['group_leader'],
    otherwise: 403,
  },
  { method: 'get', path: '/api/cases/{id}/approval', call: (f) => ({ path: `/api/cases/${f.caseId}/approval` }), allow: ALL },
  { method: 'get', path: '/api/cases/{id}/circulations', call: (f) => ({ path: `/api/cases/${f.caseId}/circulations` }), allow: ALL },
  {
    // The fixture's case is in notice_issued: a leader passes the access checks and meets 409 (not yet circulated).
    method: 'post',
    path: '/api/cases/{id}/circulations',
    call: (f) => ({ path: `/api/cases/${f.caseId}/circulations`, body: { userIds: [f.unit.member.id] } }),
    allow: ['group_leader', 'deputy_leader'],
    otherwise: 403,
  },
  {
    // Nobody was sent the report: whoever sees the case passes the access checks and meets 409 (not a recipient).
    method: 'post',
    path: '/api/cases/{id}/circulations/read',
    call: (f) => ({ path: `/api/cases/${f.caseId}/circulations/read` }),
    allow: ALL,
  },
  { method: 'get', path: '/api/cases/{id}/sealed-versions', call: (f) => ({ path: `/api/cases/${f.sealedCaseId}/sealed-versions` }), allow: ALL },
  {
    method: 'get',
    path: '/api/cases/{id}/sealed-versions/{version}/document',
    call: (f) => ({ path: `/api/cases/${f.sealedCaseId}/sealed-versions/1/document` }),
    allow: ALL,
  },
  {
    method: 'get',
    path: '/api/cases/{id}/sealed-versions/{version}/pdf',
    call: (f) => ({ path: `/api/cases/${f.sealedCaseId}/sealed-versions/1/pdf` }),
    allow: ALL,
  },
  {
    method: 'get',
    path: '/api/cases/{id}/sealed-versions/{version}/preview',
    call: (f) => ({ path: `/api/cases/${f.sealedCaseId}/sealed-versions/1/preview` }),
    allow: ALL,
  },
  // The report as it stands, marked 草稿: whoever sees the case, at any state.
  { method: 'get', path: '/api/cases/{id}/draft.html', call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/draft.html` }), allow: ALL },
  { method: 'get', path: '/api/cases/{id}/draft.docx', call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/draft.docx` }), allow: ALL },
  { method: 'get', path: '/api/campaigns/{id}', call: (f) => ({ path: `/api/campaigns/${f.campaignId}` }), allow: ALL },
  { method: 'post', path: '/api/campaigns/{id}/issue', call: (f) => ({ path: `/api/campaigns/${f.campaignId}/issue` }), allow: ['finance_officer'], otherwise: 403 },
  {
    method: 'post',
    path: '/api/campaigns/{id}/officers',
    call: (f) => ({ path: `/api/campaigns/${f.campaignId}/officers`, body: { userId: f.officer.id } }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  {
    // The fixture's campaign is issued: the officer passes the access checks and meets 409.
    method: 'patch',
    path: '/api/campaigns/{id}',
    call: (f) => ({ path: `/api/campaigns/${f.campaignId}`, body: { title: '关于开展整体支出绩效自评的通知（修订）' } }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  { method: 'get', path: '/api/campaigns/{id}/tracking', call: (f) => ({ path: `/api/campaigns/${f.campaignId}/tracking` }), allow: ['finance_officer'], otherwise: 403 },
  {
    method: 'get',
    path: '/api/campaigns/{id}/tracking/export',
    call: (f) => ({ path: `/api/campaigns/${f.campaignId}/tracking/export?format=csv` }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/units/{unitId}/lateness',
    call: (f) => ({ path: `/api/campaigns/${f.campaignId}/units/${f.unit.id}/lateness` }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  {
    // The fixture's case is not submitted: the officer gets 200 with the unit refused, and nothing moves.
    method: 'post',
    path: '/api/campaigns/{id}/batch-decisions',
    call: (f) => ({ path: `/api/campaigns/${f.campaignId}/batch-decisions`, body: { type: 'ACCEPT', caseIds: [f.caseId] } }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  { method: 'get', path: '/api/campaigns/{id}/statistics', call: (f) => ({ path: `/api/campaigns/${f.campaignId}/statistics` }), allow: ['finance_officer'], otherwise: 403 },
  {
    // Earlier than the campaign's deadline: the officer passes the access checks and meets 422, nothing moves.
    method: 'post',
    path: '/api/campaigns/{id}/deadline-extensions',
    call: (f) => ({ path: `/api/campaigns/${f.campaignId}/deadline-extensions`, body: { deadline: inDays(1), reason: '延期' } }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  {
    // The fixture's campaign is issued: the officer meets 409.
    method: 'put',
    path: '/api/campaigns/{id}/units',
    call: (f) => ({ path: `/api/campaigns/${f.campaignId}/units`, body: { unitIds: [f.unit.id] } }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  {
    // A JSON body: the officer passes the access checks and meets 415.
    method: 'post',
    path: '/api/campaigns/{id}/units/import',
    call: (f) => ({ path: `/api/campaigns/${f.campaignId}/units/import`, body: {} }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  {
    // The fixture's case is not submitted: the officer meets 409.
    method: 'post',
    path: '/api/cases/{id}/recheck',
    call: (f) => ({ path: `/api/cases/${f.caseId}/recheck`, body: { score: '80', remarks: '复核' } }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  { method: 'get', path: '/api/organisations/{id}', call: (f) => ({ path: `/api/organisations/${f.unit.id}` }), allow: ALL },
  {
    method: 'post',
    path: '/api/organisations/{id}/sub-offices',
    call: (f) => ({ path: `/api/organisations/${f.unit.id}/sub-offices`, body: { kind: 'office', name: '办公室' } }),
    allow: ['unit_admin'],
    otherwise: 403,
  },
  { method: 'get', path: '/api/organisations/{id}/users', call: (f) => ({ path: `/api/organisations/${f.unit.id}/users` }), allow: ALL },
  {
    method: 'post',
    path: '/api/organisations/{id}/users',
    call: (f) => ({ path: `/api/organisations/${f.unit.id}/users`, body: { username: f.unit.member.username, displayName: 'x', password: 'Strong#Passw0rd', roles: ['member'] } }),
    allow: ['unit_admin'],
    otherwise: 403,
  },
  {
    // A JSON body: the unit admin passes the access checks and meets 415.
    method: 'post',
    path: '/api/organisations/{id}/users/import',
    call: (f) => ({ path: `/api/organisations/${f.unit.id}/users/import?mode=preview`, body: {} }),
    allow: ['unit_admin'],
    otherwise: 403,
  },
  // member2 has a password: the admin passes the access checks and meets 409 INVITATION.ALREADY_ACCEPTED.
  { method: 'post', path: '/api/users/{id}/invitation', call: (f) => ({ path: `/api/users/${f.unit.member2.id}/invitation` }), allow: ['unit_admin'], otherwise: 403 },
  // The system administrator's: 403 for one's own bureau (the officer's, the unit's), 404 for another.
  { method: 'get', path: '/api/bureaus/{id}/officers', call: (f) => ({ path: `/api/bureaus/${f.bureauId}/officers` }), allow: [], otherwise: 403 },
  {
    method: 'post',
    path: '/api/bureaus/{id}/officers',
    call: (f) => ({ path: `/api/bureaus/${f.bureauId}/officers`, body: { username: 'matrix.officer', displayName: '某', email: 'matrix@test.example' } }),
    allow: [],
    otherwise: 403,
  },
  // Public, keyed by a secret: without the token there is nothing to find, for anyone.
  { method: 'get', path: '/api/invitations/{token}', call: () => ({ path: '/api/invitations/not-a-token' }), allow: [], otherwise: 404 },
  {
    method: 'post',
    path: '/api/invitations/{token}/accept',
    call: () => ({ path: '/api/invitations/not-a-token/accept', body: { password: 'Strong#Passw0rd' } }),
    allow: [],
    otherwise: 404,
  },
  // A sealed version's public verification link: without its token there is nothing to find, for anyone.
  { method: 'get', path: '/api/public/seals/{token}', call: () => ({ path: `/api/public/seals/${'x'.repeat(32)}` }), allow: [], otherwise: 404 },
  { method: 'post', path: '/api/public/seals/{token}/check', call: () => ({ path: `/api/public/seals/${'x'.repeat(32)}/check`, body: {} }), allow: [], otherwise: 404 },
  // The bureau's directory: its finance officers keep it. Archiving meets 409 (the unit's cases are open), restoring 409 (not archived).
  { method: 'get', path: '/api/directory/units/{id}', call: (f) => ({ path: `/api/directory/units/${f.unit.id}` }), allow: ['finance_officer'], otherwise: 403 },
  {
    method: 'patch',
    path: '/api/directory/units/{id}',
    call: (f) => ({ path: `/api/directory/units/${f.unit.id}`, body: { contactName: '联系人' } }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  {
    method: 'post',
    path: '/api/directory/units/{id}/archive',
    call: (f) => ({ path: `/api/directory/units/${f.unit.id}/archive`, body: { reason: '撤并' } }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  { method: 'post', path: '/api/directory/units/{id}/restore', call: (f) => ({ path: `/api/directory/units/${f.unit.id}/restore` }), allow: ['finance_officer'], otherwise: 403 },
  { method: 'get', path: '/api/directory/units/{id}/changes', call: (f) => ({ path: `/api/directory/units/${f.unit.id}/changes` }), allow: ['finance_officer'], otherwise: 403 },
  // Each allowed cell invites an administrator of its own (a fresh user name), so cells do not collide.
  {
    method: 'post',
    path: '/api/directory/units/{id}/administrators',
    call: (f) => {
      const username = `matrix.admin.${randomUUID().slice(0, 8)}`;
      return { path: `/api/directory/units/${f.unit.id}/administrators`, body: { username, displayName: '矩阵管理员', email: `${username}@test.example` } };
    },
    allow: ['finance_officer'],
    otherwise: 403,
  },
  { method: 'patch', path: '/api/users/{id}', call: (f) => ({ path: `/api/users/${f.unit.member2.id}`, body: { roles: ['member'] } }), allow: ['unit_admin'], otherwise: 403 },
  // member2 acts in no cell: switching their account off and on again disturbs no other.
  { method: 'post', path: '/api/users/{id}/disable', call: (f) => ({ path: `/api/users/${f.unit.member2.id}/disable` }), allow: ['unit_admin'], otherwise: 403 },
  { method: 'post', path: '/api/users/{id}/enable', call: (f) => ({ path: `/api/users/${f.unit.member2.id}/enable` }), allow: ['unit_admin'], otherwise: 403 },
  { method: 'get', path: '/api/campaigns/{id}/reminder-ladder', call: (f) => ({ path: `/api/campaigns/${f.campaignId}/reminder-ladder` }), allow: ALL },
  {
    method: 'put',
    path: '/api/campaigns/{id}/reminder-ladder',
    call: (f) => ({
      path: `/api/campaigns/${f.campaignId}/reminder-ladder`,
      body: { beforeWorkingDays: [3, 1], onDueDate: true, overdueEveryWorkingDay: true, escalateAfterWorkingDays: 2, workingHours: { start: '08:30', end: '17:30' } },
    }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  { method: 'delete', path: '/api/campaigns/{id}/reminder-ladder', call: (f) => ({ path: `/api/campaigns/${f.campaignId}/reminder-ladder` }), allow: ['finance_officer'], otherwise: 403 },
  { method: 'post', path: '/api/campaigns/{id}/urge-late', call: (f) => ({ path: `/api/campaigns/${f.campaignId}/urge-late`, body: {} }), allow: ['finance_officer'], otherwise: 403 },
  { method: 'get', path: '/api/cases/{id}/due-items', call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/due-items` }), allow: ALL },
  {
    // The member drafts 1.2: the first allowed urger gets 201, the next ones 409 (once a working day), nobody else gets through.
    method: 'post',
    path: '/api/cases/{id}/urges',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/urges`, body: { recipientId: f.unit.member.id, task: { kind: 'draft_section', sectionCode: '1.2' } } }),
    allow: ['group_leader', 'deputy_leader', 'finance_officer'],
    otherwise: 403,
  },
  {
    // A delegation is visible to its two people and the unit admin only; the delegate may not revoke it.
    method: 'delete',
    path: '/api/delegations/{id}',
    call: (f) => ({ path: `/api/delegations/${f.delegationId}` }),
    allow: ['unit_admin', 'group_leader'],
    otherwise: 404,
  },
  // A message is seen by its recipient and the mail admins (unit admin; the finance officer of a campaign covering the unit).
  { method: 'get', path: '/api/mailbox/{id}', call: (f) => ({ path: `/api/mailbox/${f.mailId}` }), allow: ['member', 'unit_admin', 'finance_officer'], otherwise: 404 },
  {
    // The row was sent: an admin passes the access checks and meets 409 (only failed rows are retried).
    method: 'post',
    path: '/api/admin/mail/{id}/retry',
    call: (f) => ({ path: `/api/admin/mail/${f.mailId}/retry` }),
    allow: ['unit_admin', 'finance_officer'],
    otherwise: 403,
  },
  // A saved phrase is its owner's alone: anyone else meets 404. The change comes before the deletion.
  { method: 'patch', path: '/api/me/phrases/{id}', call: (f) => ({ path: `/api/me/phrases/${f.phraseId}`, body: { kind: 'comment' } }), allow: ['member'], otherwise: 404 },
  { method: 'delete', path: '/api/me/phrases/{id}', call: (f) => ({ path: `/api/me/phrases/${f.phraseId}` }), allow: ['member'], otherwise: 404 },
  // Comments: the section's writer (the member), its approvers (leader, deputy) and the compiler take part.
  { method: 'get', path: '/api/cases/{id}/comment-counts', call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/comment-counts` }), allow: ALL },
  {
    method: 'get',
    path: '/api/cases/{id}/sections/{code}/comments',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/sections/1.3/comments` }),
    allow: ['group_leader', 'deputy_leader', 'member', 'compiler'],
    otherwise: 403,
  },
  {
    method: 'post',
    path: '/api/cases/{id}/sections/{code}/comments',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/sections/1.3/comments`, body: { text: '请核对。' } }),
    allow: ['group_leader', 'deputy_leader', 'member', 'compiler'],
    otherwise: 403,
  },
  {
    method: 'post',
    path: '/api/cases/{id}/sections/{code}/comments/{commentId}/replies',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/sections/1.3/comments/${f.commentId}/replies`, body: { text: '收到。' } }),
    allow: ['group_leader', 'deputy_leader', 'member', 'compiler'],
    otherwise: 403,
  },
  {
    // Only the writer resolves; the leader (its author) and the writer reopen it, the second of them meeting 409.
    method: 'post',
    path: '/api/cases/{id}/sections/{code}/comments/{commentId}/resolve',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/sections/1.3/comments/${f.commentId}/resolve` }),
    allow: ['member'],
    otherwise: 403,
  },
  {
    method: 'post',
    path: '/api/cases/{id}/sections/{code}/comments/{commentId}/reopen',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/sections/1.3/comments/${f.commentId}/reopen` }),
    allow: ['group_leader', 'member'],
    otherwise: 403,
  },
  {
    // The author alone withdraws a comment; answered by the replies above, it meets 409.
    method: 'delete',
    path: '/api/cases/{id}/sections/{code}/comments/{commentId}',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/sections/1.3/comments/${f.commentId}` }),
    allow: ['group_leader'],
    otherwise: 403,
  },
  // Key projects are the campaign's finance officers'; a case's project forms are read by whoever sees the case,
  // filled by the compiler, approved or returned by a leader (who meets 409 on a form never saved or with errors).
  { method: 'get', path: '/api/campaigns/{id}/projects', call: (f) => ({ path: `/api/campaigns/${f.draftingCampaignId}/projects` }), allow: ['finance_officer'], otherwise: 403 },
  {
    method: 'post',
    path: '/api/campaigns/{id}/projects',
    call: (f) => ({ path: `/api/campaigns/${f.draftingCampaignId}/projects`, body: { unitId: f.unit.id, code: `M${randomUUID().slice(0, 8)}`, name: '矩阵项目' } }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  {
    method: 'delete',
    path: '/api/campaigns/{id}/projects/{projectId}',
    call: (f) => ({ path: `/api/campaigns/${f.draftingCampaignId}/projects/${f.spareProjectId}` }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  {
    method: 'patch',
    path: '/api/campaigns/{id}/units/{unitId}',
    call: (f) => ({ path: `/api/campaigns/${f.draftingCampaignId}/units/${f.unit.id}`, body: { filesDepartmentReport: true } }),
    allow: ['finance_officer'],
    otherwise: 403,
  },
  { method: 'get', path: '/api/cases/{id}/project-forms', call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/project-forms` }), allow: ALL },
  { method: 'get', path: '/api/cases/{id}/project-forms/{projectId}', call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/project-forms/${f.projectId}` }), allow: ALL },
  {
    method: 'put',
    path: '/api/cases/{id}/project-forms/{projectId}',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/project-forms/${f.projectId}`, body: { input: {} } }),
    allow: ['compiler'],
    otherwise: 403,
  },
  {
    method: 'post',
    path: '/api/cases/{id}/project-forms/{projectId}/approve',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/project-forms/${f.projectId}/approve`, body: {} }),
    allow: ['group_leader', 'deputy_leader'],
    otherwise: 403,
  },
  // Each fixture's unit has a seal set up, so a reader who gets through meets 200.
  { method: 'get', path: '/api/units/{unitId}/seal', call: (f) => ({ path: `/api/units/${f.unit.id}/seal` }), allow: ALL },
  { method: 'get', path: '/api/units/{unitId}/seal/image', call: (f) => ({ path: `/api/units/${f.unit.id}/seal/image` }), allow: ALL },
  {
    // A JSON body: the admin passes the access checks and meets 415 (the seal image must be a PNG), so nothing is set up.
    method: 'post',
    path: '/api/units/{unitId}/seal',
    call: (f) => ({ path: `/api/units/${f.unit.id}/seal?validUntil=${inDays(30)}`, body: {} }),
    allow: ['unit_admin'],
    otherwise: 403,
  },
  {
    method: 'post',
    path: '/api/cases/{id}/project-forms/{projectId}/return',
    call: (f) => ({ path: `/api/cases/${f.draftingCaseId}/project-forms/${f.projectId}/return`, body: { reason: '请补充。' } }),
    allow: ['group_leader', 'deputy_leader'],
    otherwise: 403,
  },
];

const EXCEPTIONS: Partial<Record<string, Partial<Record<Actor, Expect>>>> = {
  // The stand-in sees the delegation but only the delegator or the admin revokes it.
  '/api/delegations/{id}': { deputy_leader: 403 },
};

function userFor(actor: Actor, unit: WorldUnit, officer: WorldUser): WorldUser {
  const byRole: Record<Exclude<Actor, 'finance_officer'>, WorldUser> = {
    unit_admin: unit.admin,
    group_leader: unit.leader,
    deputy_leader: unit.deputy,
    member: unit.member,
    compiler: unit.compiler,
    seal_keeper: unit.sealKeeper,
    publisher: unit.publisher,
  };
  return actor === 'finance_officer' ? officer : byRole[actor];
}

describe('the access matrix', () => {
  let t: TestApp;
  let own: Fixture;
  let other: Fixture;
  let docPaths: string[];
  let dataDir: string;

  async function fixture(unit: WorldUnit, officer: WorldUser, bureauId: string): Promise<Fixture> {
    const { campaignId, caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const second = await issueCampaign(t.api, officer, [unit.id]);
    const draftingCaseId = second.caseIds.get(unit.id)!;
    const project = await t.api.post(officer, `/api/campaigns/${second.campaignId}/projects`, { unitId: unit.id, code: 'P01', name: '重点项目' });
    const spare = await t.api.post(officer, `/api/campaigns/${second.campaignId}/projects`, { unitId: unit.id, code: 'P02', name: '备用项目' });
    if (project.status !== 201 || spare.status !== 201) throw new Error(`projects → ${project.status} ${spare.status} ${JSON.stringify(project.body)}`);
    await driveCase(t.api, unit, officer, draftingCaseId, 'self_assessment');
    const third = await issueCampaign(t.api, officer, [unit.id]);
    const sealedCaseId = third.caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, sealedCaseId, 'sealed');
    const delegation = await t.api.post(unit.leader, '/api/delegations', {
      kind: 'delegation',
      delegateId: unit.deputy.id,
      reason: '出差',
      startsOn: inDays(0),
      endsOn: inDays(3),
    });
    if (delegation.status !== 201) throw new Error(`delegation → ${delegation.status} ${JSON.stringify(delegation.body)}`);
    const mailId = await newOutboxRow(t.app, { recipientId: unit.member.id, sendAfter: testNow(), payload: { window: { start: '00:00', end: '24:00' } } });
    await t.app.get(MailDispatcher).deliverDue({ organisationIds: [unit.id] });
    const phrase = await t.api.post(unit.member, '/api/me/phrases', { text: '请核对数据。' });
    if (phrase.status !== 201) throw new Error(`phrase → ${phrase.status} ${JSON.stringify(phrase.body)}`);
    const comment = await t.api.post(unit.leader, `/api/cases/${draftingCaseId}/sections/1.3/comments`, { text: '请补充数据来源。' });
    if (comment.status !== 201) throw new Error(`comment → ${comment.status} ${JSON.stringify(comment.body)}`);
    const commentId: string = comment.body.threads[0].id;
    const seal = await request(t.server)
      .post(`/api/units/${unit.id}/seal?validUntil=${inDays(30)}`)
      .set('Authorization', `Bearer ${await t.api.token(unit.admin)}`)
      .set('Content-Type', 'image/png')
      .send(sealPng());
    if (seal.status !== 201) throw new Error(`seal → ${seal.status} ${JSON.stringify(seal.body)}`);
    return { unit, officer, bureauId, campaignId, caseId: caseIds.get(unit.id)!, draftingCaseId, delegationId: delegation.body.id, sealedCaseId, mailId, phraseId: phrase.body.id, commentId, draftingCampaignId: second.campaignId, projectId: project.body.projectId, spareProjectId: spare.body.projectId };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jixiao-matrix-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    jest.spyOn(t.app.get<{ isWorkingDay(date: string): boolean }>(WORKING_DAYS), 'isWorkingDay').mockReturnValue(true);
    const mine = await newWorld(t.app);
    const theirs = await newWorld(t.app);
    own = await fixture(mine.units[0]!, mine.bureau.officer, mine.bureau.id);
    other = await fixture(theirs.units[0]!, theirs.bureau.officer, theirs.bureau.id);
    const docs = await request(t.server).get('/api/docs-json');
    docPaths = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      path.includes('{') ? Object.keys(methods).map((method) => `${method} ${path}`) : [],
    );
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has a rule for every route that takes an id', () => {
    const known = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(docPaths.filter((p) => !known.includes(p))).toEqual([]);
  });

  const cells = ROUTES.flatMap((route) =>
    ACTORS.flatMap((actor) =>
      (['own', 'other'] as const).map((scope) => {
        const inScope: Expect = route.allow.includes(actor) ? 'allow' : (route.otherwise ?? 403);
        const expected: Expect = scope === 'other' ? 404 : (EXCEPTIONS[route.path]?.[actor] ?? inScope);
        return { route, actor, scope, expected };
      }),
    ),
  );

  it.each(cells.map((c) => [`${c.route.method.toUpperCase()} ${c.route.path}`, c.actor, c.scope, c.expected, c] as const))(
    '%s by %s on an object of %s scope → %s',
    async (_name, actor, scope, expected, cell) => {
      // Both fixtures' people act on `own`; for `other` the actor of the first world meets the second world's objects.
      const who = userFor(actor, own.unit, own.officer);
      const target = scope === 'own' ? own : other;
      const { path, body } = cell.route.call(target);
      const token = await t.api.token(who);
      const response = await request(t.server)[cell.route.method](path).set('Authorization', `Bearer ${token}`).send(body ?? {});
      if (expected === 'allow') {
        expect([401, 403, 404]).not.toContain(response.status);
      } else {
        expect({ status: response.status, code: response.body.code }).toMatchObject({ status: expected });
      }
    },
  );

  it(`covers ${ROUTES.length} routes × ${ACTORS.length} roles × 2 scopes`, () => {
    expect(cells).toHaveLength(ROUTES.length * ACTORS.length * 2);
  });
});
