import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of every accepted event on a case. */
@Entity({ name: 'case_history' })
export class CaseHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** 1, 2, 3… per case; unique with the case so two writers can never both append the same step. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'text' })
  event: string;

  @Column({ name: 'from_state', type: 'text', nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'text' })
  toState: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  details: Record<string, unknown>;

  @Column({ name: 'content_version', type: 'integer' })
  contentVersion: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
