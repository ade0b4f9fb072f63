import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `system`: the one organisation of the system administrator, neither a bureau nor a unit. */
export type OrganisationKind = 'finance_bureau' | 'unit' | 'system';

@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: OrganisationKind;

  @Column({ type: 'text' })
  name: string;

  /** A short stable code (统一社会信用代码 or the bureau's own unit code). */
  @Column({ type: 'text', unique: true })
  code: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
