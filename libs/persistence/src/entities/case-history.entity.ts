import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of every accepted event on a case; a trigger refuses UPDATE and DELETE. */
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

  /** The person the actor stood in for under a delegation, if any. */
  @Column({ name: 'on_behalf_of_id', type: 'uuid', nullable: true })
  onBehalfOfId: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  details: Record<string, unknown>;

  @Column({ name: 'content_version', type: 'integer' })
  contentVersion: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** The hash of the case's previous record (64 zeros for the first): the records form a hash chain. */
  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  /**
   * The record's link (hex): HMAC-SHA256 under the key `keyId` names over `prevHash` and the record
   * (see HistoryJournal); for records from before the keyed chain, SHA-256 by the SQL function jixiao_history_hash.
   */
  @Column({ type: 'text' })
  hash: string;

  /** Which HISTORY_KEY linked the record; null for the unkeyed links written before the keyed chain. */
  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId: string | null;
}
