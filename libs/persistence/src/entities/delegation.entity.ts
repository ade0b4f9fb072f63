import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DelegationKind = 'delegation' | 'reassignment';

/** What a reassignment (转交) hands over for good. */
export type ReassignedTask = { type: 'section'; code: string } | { type: 'role'; role: string };

@Entity({ name: 'delegations' })
export class DelegationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: DelegationKind;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'delegator_id', type: 'uuid' })
  delegatorId: string;

  @Column({ name: 'delegate_id', type: 'uuid' })
  delegateId: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  task: ReassignedTask | null;

  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn: string | null;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;
}
