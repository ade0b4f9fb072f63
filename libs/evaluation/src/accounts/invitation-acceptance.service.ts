import { Injectable } from '@nestjs/common';
import { InvitationStore, OrganisationStore, Transactor, UserStore, type InvitationRow, type Tx } from '@jixiao/persistence';
import { AttemptLimiter, isRefusal } from '../attempt-limiter';
import { Clock } from '../clock';
import { DomainError } from '../errors';
import { PasswordHasher } from '../password-hasher';
import { PasswordPolicy } from '../password-policy';
import { SecurityLog, type RequestOrigin } from '../security-log';
import { invitationState, invitationTokenHash, looksLikeInvitationToken } from './invitation-token';

export interface InvitationLinkView {
  username: string;
  displayName: string;
  organisationName: string;
  expiresAt: string;
}

const notFound = () => new DomainError('INVITATION.NOT_FOUND', 'No invitation has this link: it is mistyped or cut short.');

const REFUSAL_OF_STATE = {
  expired: () => new DomainError('INVITATION.EXPIRED', 'The invitation link has expired; ask for it to be sent again.'),
  accepted: () => new DomainError('INVITATION.USED', 'The invitation link was used already; it works once.'),
  revoked: () => new DomainError('INVITATION.REVOKED', 'A newer invitation replaced this link; use the latest mail.'),
} as const;

/**
 * What the public invitation page does with a link: show whose account it opens, and set its
 * password once. Every look-up of a well-formed token counts against the address's limit (a link
 * that works is taken back); anything else cannot be a token and is answered without a look-up.
 */
@Injectable()
export class InvitationAcceptanceService {
  constructor(
    private readonly transactor: Transactor,
    private readonly invitations: InvitationStore,
    private readonly organisations: OrganisationStore,
    private readonly users: UserStore,
    private readonly hasher: PasswordHasher,
    private readonly passwords: PasswordPolicy,
    private readonly limiter: AttemptLimiter,
    private readonly securityLog: SecurityLog,
    private readonly clock: Clock,
  ) {}

  async describe(token: string, origin: RequestOrigin): Promise<InvitationLinkView> {
    if (!looksLikeInvitationToken(token)) throw notFound();
    const admission = await this.admit(origin);
    const tx = this.transactor.manager;
    const invitation = await this.open(tx, token, false);
    const [user] = await this.users.findByIds(tx, [invitation.userId]);
    const organisation = await this.organisations.findById(tx, user!.organisationId);
    await this.transactor.run((t) => this.limiter.forgive(t, admission));
    return { username: user!.username, displayName: user!.displayName, organisationName: organisation!.name, expiresAt: invitation.expiresAt.toISOString() };
  }

  /**
   * Sets the account's password and spends the link. The link's row is locked first: of two
   * accepts at once, the second waits, then finds the link used (410 INVITATION.USED).
   */
  async accept(token: string, password: string, origin: RequestOrigin): Promise<{ username: string }> {
    if (!looksLikeInvitationToken(token)) throw notFound();
    const admission = await this.admit(origin);
    const username = await this.transactor.run(async (tx) => {
      const invitation = await this.open(tx, token, true);
      const [user] = await this.users.findByIds(tx, [invitation.userId]);
      this.passwords.check(password, user!.username);
      const now = this.clock.now();
      await this.users.changePassword(tx, user!.id, await this.hasher.hash(password), now);
      await this.invitations.markUsed(tx, invitation.id, now);
      await this.limiter.forgive(tx, admission);
      await this.securityLog.record(tx, {
        kind: 'invitation_accepted',
        outcome: 'success',
        userId: user!.id,
        username: user!.username,
        origin,
        details: { invitationId: invitation.id, invitedBy: invitation.invitedBy },
      });
      return user!.username;
    });
    return { username };
  }

  private async admit(origin: RequestOrigin) {
    const admission = await this.limiter.admit(this.limiter.invitationAddressLimits(origin.address));
    if (isRefusal(admission)) throw await this.limiter.refuse(admission, { kind: 'invitation_accepted', origin });
    return admission;
  }

  /** The link's invitation while it still works; 404 or 410 otherwise. */
  private async open(tx: Tx, token: string, lock: boolean): Promise<InvitationRow> {
    const hash = invitationTokenHash(token);
    const invitation = lock ? await this.invitations.findByTokenHashLocked(tx, hash) : await this.invitations.findByTokenHash(tx, hash);
    if (!invitation) throw notFound();
    const state = invitationState(invitation, this.clock.now());
    if (state !== 'pending') throw REFUSAL_OF_STATE[state]();
    return invitation;
  }
}
