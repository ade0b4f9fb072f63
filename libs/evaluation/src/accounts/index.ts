export * from './invitation-token';
export * from './invitation.service';
export * from './organisation-roles';
export * from './person-views';
