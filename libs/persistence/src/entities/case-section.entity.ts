import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SectionState } from '@jixiao/workflow';

/** One section of one case's report. */
@Entity({ name: 'case_sections' })
export class CaseSectionEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'text' })
  state: SectionState;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** A compiler's request to reopen this approved section, while it waits for an approver's answer. */
  @Column({ name: 'reopen_requested_by', type: 'uuid', nullable: true })
  reopenRequestedBy: string | null;

  @Column({ name: 'reopen_request_reason', type: 'text', nullable: true })
  reopenRequestReason: string | null;

  @Column({ name: 'reopen_requested_at', type: 'timestamptz', nullable: true })
  reopenRequestedAt: Date | null;
}
