import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One unit's evaluation in one campaign. */
@Entity({ name: 'evaluation_cases' })
export class EvaluationCaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  /** The lifecycle state as a dotted name (`submitted.accepted`), kept beside the snapshot for queries. */
  @Column({ type: 'text' })
  state: string;

  @Column({ type: 'jsonb' })
  snapshot: unknown;

  @Column({ name: 'machine_version', type: 'integer' })
  machineVersion: number;

  /** The lifecycle's content version, written with the snapshot; a return by the finance bureau starts the next one. */
  @Column({ name: 'content_version', type: 'integer', default: 1 })
  contentVersion: number;

  /** Optimistic concurrency, and the number of the case's history records: every record bumps it (0 before the first). */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** The hash of the case's last history record (64 zeros before the first): the chain's head. */
  @Column({ name: 'history_hash', type: 'text', default: () => `repeat('0', 64)` })
  historyHash: string;

  /** The head before the last record. */
  @Column({ name: 'history_prev_hash', type: 'text', nullable: true })
  historyPrevHash: string | null;
}
