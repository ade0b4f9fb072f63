import type { Role } from '@jixiao/workflow';

/** The signed-in person a request acts for. */
export interface Principal {
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  organisationId: string;
  /** `system`: the system administrator's own organisation. */
  organisationKind: 'finance_bureau' | 'unit' | 'system';
  organisationName: string;
  /** Roles held in the person's own organisation. */
  roles: Role[];
}
