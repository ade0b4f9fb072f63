import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ApprovalMode, OutlineSection } from '@jixiao/workflow';

export type CampaignStatus = 'draft' | 'issued';

/** The finance bureau's notice (绩效评价通知). */
@Entity({ name: 'campaigns' })
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'bureau_id', type: 'uuid' })
  bureauId: string;

  @Column({ name: 'document_number', type: 'text' })
  documentNumber: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'fiscal_year', type: 'integer' })
  fiscalYear: number;

  /** Dates in Asia/Shanghai, as 'YYYY-MM-DD'. */
  @Column({ name: 'submission_deadline', type: 'date' })
  submissionDeadline: string;

  @Column({ name: 'publication_deadline', type: 'date' })
  publicationDeadline: string;

  @Column({ name: 'approval_mode', type: 'text' })
  approvalMode: ApprovalMode;

  @Column({ type: 'jsonb' })
  outline: OutlineSection[];

  /** The campaign's indicator tree and grade bands; null means the default tree. */
  @Column({ name: 'indicator_config', type: 'jsonb', nullable: true })
  indicatorConfig: unknown;

  /** Differences up to this many 万元 between a printed total and its parts are warnings, not errors. */
  @Column({ name: 'rounding_tolerance', type: 'numeric', precision: 12, scale: 3 })
  roundingTolerance: string;

  /** The rule pack project forms are scored by (a whole RulePack); null means the national pack. */
  @Column({ name: 'rule_pack', type: 'jsonb', nullable: true })
  rulePack: unknown;

  /** Whether a sealed version's public verification link answers without sign-in (see SealVerificationService). */
  @Column({ name: 'public_seal_verification', type: 'boolean', default: true })
  publicSealVerification: boolean;

  @Column({ type: 'text' })
  status: CampaignStatus;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
