export * from './credit-code';
export * from './directory-import.service';
export * from './directory-sheet';
export * from './directory.service';
export * from './hierarchy';
export * from './import-plan';
export * from './unit-views';
export * from './unit-administrator.service';
