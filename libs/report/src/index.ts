// The report's tables (basic data, indicator scoring) and their validation, as pure functions.
export * from './problem';
export * from './indicators/indicator-config';
export * from './indicators/indicator-scores';
export * from './indicators/target-scoring';
export * from './sections/section-text';
export * from './data-table';
export * from './project-form/rule-pack';
export * from './project-form/project-form';
export * from './number-text';
export * from './project-form/rule-packs';
export * from './project-form/parse-project-form';
export * from './project-form/target-text';
export * from './project-form/check-project-form';
export * from './indicators/measured-scores';
export * from './indicators/stated-result';
export * from './department-report';
export * from './report-check';
