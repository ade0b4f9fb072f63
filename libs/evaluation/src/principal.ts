import type { Role } from '@jixiao/workflow';

/** The signed-in person a request acts for. */
export interface Principal {
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  organisationId: string;
  organisationKind: 'finance_bureau' | 'unit';
  organisationName: string;
  /** Roles held in the person's own organisation. */
  roles: Role[];
}
