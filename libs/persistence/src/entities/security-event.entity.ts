import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of the security log: sign-ins, sign-outs, token refreshes, password changes, refusals. */
@Entity({ name: 'security_events' })
export class SecurityEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  outcome: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  /** As typed at sign-in, so failures for unknown names are kept too. */
  @Column({ type: 'text', nullable: true })
  username: string | null;

  @Column({ name: 'source_address', type: 'text', nullable: true })
  sourceAddress: string | null;

  /** Method, path, error code, request id and what else the event knows. */
  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  details: Record<string, unknown>;
}
