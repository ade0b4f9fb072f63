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

  /** Optimistic concurrency: every accepted event bumps it by a conditional UPDATE. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** The hash of the case's last history record (64 zeros before the first): the chain's head. */
  @Column({ name: 'history_hash', type: 'text', default: () => `repeat('0', 64)` })
  historyHash: string;

  /** The head before the last record, carried out of the UPDATE that appends a record. */
  @Column({ name: 'history_prev_hash', type: 'text', nullable: true })
  historyPrevHash: string | null;
}
