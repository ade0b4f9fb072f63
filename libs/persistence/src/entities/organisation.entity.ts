import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `system`: the one organisation of the system administrator, neither a bureau nor a unit. */
export type OrganisationKind = 'finance_bureau' | 'unit' | 'system';

/** 行政单位 or 事业单位. */
export type UnitType = 'administrative' | 'institution';

@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: OrganisationKind;

  @Column({ type: 'text' })
  name: string;

  /**
   * A short stable code (统一社会信用代码 or the bureau's own 预算单位编码): a unit's is unique within
   * its bureau, a bureau's among bureaus.
   */
  @Column({ type: 'text' })
  code: string;

  /** A unit's bureau: the one whose directory holds it. */
  @Column({ name: 'bureau_id', type: 'uuid', nullable: true })
  bureauId: string | null;

  /** A unit's 主管部门: another unit of the same bureau; null at the top level. */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @Column({ name: 'unit_type', type: 'text', nullable: true })
  unitType: UnitType | null;

  @Column({ name: 'contact_name', type: 'text', nullable: true })
  contactName: string | null;

  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone: string | null;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail: string | null;

  /** 撤并: the unit is out of the directory's active list; its cases and history stay. */
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ name: 'archived_reason', type: 'text', nullable: true })
  archivedReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
