import { Injectable } from '@nestjs/common';
import { InvitationStore, PeopleStore, type PersonRow, type Tx } from '@jixiao/persistence';
import { Clock } from '../clock';
import { invitationState, type InvitationState } from './invitation-token';

/** 已启用 / 待接受邀请 (no password yet) / 已停用. */
export type AccountStatus = 'active' | 'invited' | 'disabled';

export type PersonView = Omit<PersonRow, 'disabledAt' | 'hasPassword'> & {
  disabled: boolean;
  status: AccountStatus;
  /** The latest invitation sent to the account, if any. */
  invitation: { state: InvitationState; sentAt: string; expiresAt: string } | null;
};

/** People as the console shows them: with their account status and latest invitation. */
@Injectable()
export class PersonViews {
  constructor(
    private readonly people: PeopleStore,
    private readonly invitations: InvitationStore,
    private readonly clock: Clock,
  ) {}

  async of(tx: Tx, rows: readonly PersonRow[]): Promise<PersonView[]> {
    const latest = await this.invitations.latest(tx, rows.map((row) => row.id));
    const now = this.clock.now();
    return rows.map((row) => {
      const { disabledAt, hasPassword, ...rest } = row;
      const invitation = latest.get(row.id);
      return {
        ...rest,
        disabled: disabledAt !== null,
        status: disabledAt !== null ? 'disabled' : hasPassword ? 'active' : 'invited',
        invitation: invitation ? { state: invitationState(invitation, now), sentAt: invitation.sentAt.toISOString(), expiresAt: invitation.expiresAt.toISOString() } : null,
      };
    });
  }

  async one(tx: Tx, userId: string): Promise<PersonView> {
    const row = await this.people.person(tx, userId);
    if (!row) throw new Error(`No person ${userId}`);
    return (await this.of(tx, [row]))[0]!;
  }
}
