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
}
