import {
  commentDeleteRefusals,
  commentReadRefusals,
  commentReopenRefusals,
  commentResolveRefusals,
  commentWriteRefusals,
  type CommentFacts,
  type CommentRuleFacts,
} from './comment.rules';

const section = (overrides: Partial<CommentRuleFacts> = {}): CommentRuleFacts => ({
  caseState: 'self_assessment',
  assigneeId: 'writer',
  approverIds: ['leader', 'deputy'],
  compilerIds: ['compiler'],
  ...overrides,
});
const comment = (overrides: Partial<CommentFacts> = {}): CommentFacts => ({ authorId: 'leader', isReply: false, resolved: false, replies: 0, ...overrides });
const codes = (refusals: Array<{ code: string }>) => refusals.map((r) => r.code);

describe('who takes part in a section’s comments', () => {
  it.each([
    ['the writer', 'writer', []],
    ['the leader', 'leader', []],
    ['a deputy whose remit covers it', 'deputy', []],
    ['a compiler', 'compiler', []],
    ['another member', 'member2', ['COMMENT.ROLE_NOT_ALLOWED']],
    ['the seal keeper', 'seal', ['COMMENT.ROLE_NOT_ALLOWED']],
  ])('%s reads them: %j', (_name, userId, expected) => {
    expect(codes(commentReadRefusals(section(), userId))).toEqual(expected);
  });

  it.each([
    ['self_assessment', []],
    ['internal_review', []],
    ['group_formed', ['COMMENT.SECTION_CLOSED']],
    ['sealed', ['COMMENT.SECTION_CLOSED']],
    ['submitted.awaiting_acceptance', ['COMMENT.SECTION_CLOSED']],
    ['published', ['COMMENT.SECTION_CLOSED']],
  ])('in %s a participant comments: %j', (caseState, expected) => {
    expect(codes(commentWriteRefusals(section({ caseState }), 'leader'))).toEqual(expected);
  });

  it('gives every reason at once, the role first', () => {
    expect(commentWriteRefusals(section({ caseState: 'sealed' }), 'member2')).toEqual([
      { kind: 'role', code: 'COMMENT.ROLE_NOT_ALLOWED', params: {} },
      { kind: 'state', code: 'COMMENT.SECTION_CLOSED', params: { state: 'sealed' } },
    ]);
  });
});

describe('resolving, reopening and withdrawing', () => {
  it.each([
    ['the writer resolves an open thread', 'writer', comment(), []],
    ['the leader who wrote it does not', 'leader', comment(), ['COMMENT.NOT_WRITER']],
    ['a resolved thread is not resolved twice', 'writer', comment({ resolved: true }), ['COMMENT.ALREADY_RESOLVED']],
    ['a reply is not a thread', 'writer', comment({ isReply: true }), ['COMMENT.NOT_A_THREAD']],
  ])('%s', (_name, userId, facts, expected) => {
    expect(codes(commentResolveRefusals(section(), facts, userId))).toEqual(expected);
  });

  it.each([
    ['the writer reopens', 'writer', comment({ resolved: true }), []],
    ['the thread’s author reopens', 'leader', comment({ resolved: true }), []],
    ['a deputy who did not write it does not', 'deputy', comment({ resolved: true }), ['COMMENT.NOT_WRITER']],
    ['an open thread is not reopened', 'writer', comment(), ['COMMENT.NOT_RESOLVED']],
  ])('%s', (_name, userId, facts, expected) => {
    expect(codes(commentReopenRefusals(section(), facts, userId))).toEqual(expected);
  });

  it.each([
    ['its author withdraws an unanswered comment', 'leader', comment(), []],
    ['nobody else does', 'writer', comment(), ['COMMENT.NOT_AUTHOR']],
    ['not once answered', 'leader', comment({ replies: 1 }), ['COMMENT.ANSWERED']],
    ['not once resolved', 'leader', comment({ resolved: true }), ['COMMENT.ANSWERED']],
  ])('%s', (_name, userId, facts, expected) => {
    expect(codes(commentDeleteRefusals(section(), facts, userId))).toEqual(expected);
  });

  it('closes everything once the report is sealed', () => {
    const sealed = section({ caseState: 'sealed' });
    expect(codes(commentResolveRefusals(sealed, comment(), 'writer'))).toEqual(['COMMENT.SECTION_CLOSED']);
    expect(codes(commentReopenRefusals(sealed, comment({ resolved: true }), 'writer'))).toEqual(['COMMENT.SECTION_CLOSED']);
    expect(codes(commentDeleteRefusals(sealed, comment(), 'leader'))).toEqual(['COMMENT.SECTION_CLOSED']);
  });
});
