import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@jixiao/workflow';

/** A role a user holds in an organisation, for every case of that organisation. */
@Entity({ name: 'role_assignments' })
export class RoleAssignmentEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @PrimaryColumn({ type: 'text' })
  role: Role;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
