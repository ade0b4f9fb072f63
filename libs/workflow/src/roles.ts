/**
 * Roles a person can hold. Organisation roles come from the person's organisation; case roles
 * come from the working group of one case. The workflow only ever sees the union of both,
 * handed to it in each event.
 */
export const ROLES = [
  'finance_officer',
  'unit_admin',
  'group_leader',
  'deputy_leader',
  'member',
  'compiler',
  'seal_keeper',
  'publisher',
  // Administers the installation (bureaus and units); holds no role in any case.
  'system_admin',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is acting: identity, the roles they hold for this case, and their organisation. */
export interface Actor {
  userId: string;
  organisationId: string;
  roles: readonly Role[];
}
