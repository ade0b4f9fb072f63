export * from './data-table';
export * from './data-table.check';
export * from './sum-rule';
export * from './narrative';
export * from './acknowledgement';
