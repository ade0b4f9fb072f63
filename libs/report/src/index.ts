// The report's tables (basic data, indicator scoring) and their validation, as pure functions.
export * from './problem';
export * from './indicators/indicator-config';
export * from './indicators/indicator-scores';
export * from './indicators/target-scoring';
export * from './sections/section-text';
export * from './data-table';
export * from './project-form/rule-pack';
export * from './project-form/project-form';
export * from './report-check';
