import { Column, Entity, PrimaryColumn } from 'typeorm';

export const GROUP_ROLES = ['group_leader', 'deputy_leader', 'member', 'compiler', 'seal_keeper', 'publisher'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

/** A person's place in one case's working group (自评工作小组). */
@Entity({ name: 'case_group_members' })
export class CaseGroupMemberEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  role: GroupRole;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  remit: Remit;
}

/** What a deputy leader approves: sections of these sub-offices' people, and these sections. Empty: all. */
export interface Remit {
  subOfficeIds?: string[];
  sectionCodes?: string[];
}
