// The report's tables (basic data, indicator scoring) and their validation, as pure functions.
export * from './problem';
