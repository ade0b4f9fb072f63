import type { OrganisationKind } from '@jixiao/persistence';
import type { Role } from '@jixiao/workflow';
import { unprocessable } from '../errors';

/** Roles that make sense in each kind of organisation. */
export const ROLES_OF: Record<OrganisationKind, readonly Role[]> = {
  finance_bureau: ['finance_officer'],
  system: ['system_admin'],
  unit: ['unit_admin', 'group_leader', 'deputy_leader', 'member', 'compiler', 'seal_keeper', 'publisher'],
};

const ORGANISATION_WORDS: Record<OrganisationKind, string> = {
  finance_bureau: 'a finance bureau',
  unit: 'a budget unit',
  system: 'the system administration',
};

/** The roles given that do not exist in this kind of organisation. */
export function misplacedRoles(kind: OrganisationKind, roles: readonly Role[]): Role[] {
  return roles.filter((role) => !ROLES_OF[kind].includes(role));
}

/** 422 USER.ROLE_NOT_IN_ORGANISATION naming every role that does not fit. */
export function checkRolesFit(kind: OrganisationKind, roles: readonly Role[]): void {
  const misplaced = misplacedRoles(kind, roles);
  if (misplaced.length > 0) {
    throw unprocessable('USER.ROLE_NOT_IN_ORGANISATION', `These roles do not exist in ${ORGANISATION_WORDS[kind]}: ${misplaced.join(', ')}.`, {
      fields: ['roles'],
      roles: misplaced,
    });
  }
}
