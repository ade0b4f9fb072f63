export * from './app-config';
export * from './process-logger';
