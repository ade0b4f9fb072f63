import { loggablePath } from './secret-paths';

describe('paths in logs', () => {
  it.each([
    ['/api/invitations/abcDEF_-123', '/api/invitations/[token]'],
    ['/api/invitations/abcDEF_-123/accept', '/api/invitations/[token]/accept'],
    ['/invite/abcDEF_-123', '/invite/[token]'],
    ['/invite/abcDEF_-123?x=1', '/invite/[token]?x=1'],
    ['/api/invitations', '/api/invitations'],
    ['/api/invitations?state=pending', '/api/invitations?state=pending'],
    ['/api/users/1/invitation', '/api/users/1/invitation'],
  ])('keeps %s as %s', (path, kept) => {
    expect(loggablePath(path)).toBe(kept);
  });
});
