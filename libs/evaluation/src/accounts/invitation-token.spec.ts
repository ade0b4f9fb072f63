import { INVITATION_VALID_HOURS, invitationExpiry, invitationState, invitationTokenHash, looksLikeInvitationToken, newInvitationToken } from './invitation-token';
import { checkedPhone, normalisePhone } from './contact-rules';

describe('invitation tokens', () => {
  it('makes 32 random bytes in base64url, different every time, and keeps only their SHA-256', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newInvitationToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(looksLikeInvitationToken(token)).toBe(true);
      expect(invitationTokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
      expect(invitationTokenHash(token)).not.toContain(token);
    }
    expect(invitationTokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('refuses to look up anything that cannot be a token', () => {
    for (const value of ['', 'short', 'x'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`]) expect(looksLikeInvitationToken(value)).toBe(false);
  });
});

describe('invitation expiry and state', () => {
  const sentAt = new Date('2026-03-01T15:10:00Z');
  const expiresAt = invitationExpiry(sentAt);
  const open = { usedAt: null, revokedAt: null, expiresAt };

  it('is valid for 72 hours from sending', () => {
    expect(INVITATION_VALID_HOURS).toBe(72);
    expect(expiresAt.toISOString()).toBe('2026-03-04T15:10:00.000Z');
  });

  it.each([
    ['pending a second before the expiry', open, '2026-03-04T15:09:59Z', 'pending'],
    ['expired at the expiry itself', open, '2026-03-04T15:10:00Z', 'expired'],
    ['accepted once used, even after the expiry', { ...open, usedAt: sentAt }, '2026-04-01T00:00:00Z', 'accepted'],
    ['revoked when sent again, before it expired', { ...open, revokedAt: sentAt }, '2026-03-02T00:00:00Z', 'revoked'],
    ['revoked rather than expired when both apply', { ...open, revokedAt: sentAt }, '2026-04-01T00:00:00Z', 'revoked'],
  ])('is %s', (_name, row, at, state) => {
    expect(invitationState(row, new Date(at))).toBe(state);
  });
});

describe('phone numbers', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['021-12345678', '021-12345678'],
    ['0571 8765 4321', '057187654321'],
    ['（021）12345678', '021-12345678'],
    ['010-12345678-123', '010-12345678-123'],
  ])('accepts %s as %s', (value, stored) => {
    expect(normalisePhone(value)).toBe(stored);
  });

  it.each(['12345678901', '1381234567', '12345', '21-12345678', 'abc'])('refuses %s with the field named', (value) => {
    expect(normalisePhone(value)).toBeNull();
    expect(() => checkedPhone(value)).toThrow(expect.objectContaining({ code: 'USER.PHONE_INVALID', details: { fields: ['phone'] } }));
  });
});
