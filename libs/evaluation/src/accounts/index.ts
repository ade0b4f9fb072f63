export * from './contact-rules';
export * from './invitation-token';
export * from './invitation.service';
export * from './organisation-roles';
export * from './person-views';
export * from './bureau.service';
export * from './invitation-acceptance.service';
