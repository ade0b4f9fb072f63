import { createHash, randomBytes } from 'node:crypto';

/** How long an invitation link works after it was sent. */
export const INVITATION_VALID_HOURS = 72;

/** accepted: used once; revoked: replaced by a newer link; expired: 72 hours passed unused. */
export type InvitationState = 'pending' | 'expired' | 'accepted' | 'revoked';

export const INVITATION_STATES: readonly InvitationState[] = ['pending', 'expired', 'accepted', 'revoked'];

/** A new link token: 32 random bytes, base64url (43 characters). Only the mail carries it. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, hexadecimal. */
export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Tokens as newInvitationToken makes them; anything else cannot be one and is not looked up. */
export function looksLikeInvitationToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function invitationExpiry(sentAt: Date): Date {
  return new Date(sentAt.getTime() + INVITATION_VALID_HOURS * 3600_000);
}

/** The state of a link at `now`: used and revoked come first, then the expiry (exclusive). The one rule for links, lists and people. */
export function invitationState(row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationState {
  if (row.usedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}
