import { CampaignOfficerEntity } from './campaign-officer.entity';
import { CampaignUnitEntity } from './campaign-unit.entity';
import { CampaignEntity } from './campaign.entity';
import { CaseGroupMemberEntity } from './case-group-member.entity';
import { CaseHistoryEntity } from './case-history.entity';
import { CaseSectionEntity } from './case-section.entity';
import { DelegationEntity } from './delegation.entity';
import { EvaluationCaseEntity } from './evaluation-case.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { OrganisationEntity } from './organisation.entity';
import { RoleAssignmentEntity } from './role-assignment.entity';
import { SecurityEventEntity } from './security-event.entity';
import { SessionEntity } from './session.entity';
import { SubOfficeEntity } from './sub-office.entity';
import { UserEntity } from './user.entity';

export * from './campaign-officer.entity';
export * from './campaign-unit.entity';
export * from './campaign.entity';
export * from './case-group-member.entity';
export * from './case-history.entity';
export * from './case-section.entity';
export * from './delegation.entity';
export * from './evaluation-case.entity';
export * from './idempotency-key.entity';
export * from './organisation.entity';
export * from './role-assignment.entity';
export * from './security-event.entity';
export * from './session.entity';
export * from './sub-office.entity';
export * from './user.entity';

export const ENTITIES = [
  OrganisationEntity,
  SubOfficeEntity,
  UserEntity,
  RoleAssignmentEntity,
  SessionEntity,
  CampaignEntity,
  CampaignUnitEntity,
  EvaluationCaseEntity,
  CaseHistoryEntity,
  CaseGroupMemberEntity,
  CaseSectionEntity,
  IdempotencyKeyEntity,
  SecurityEventEntity,
  CampaignOfficerEntity,
  DelegationEntity,
];
