export * from './tracking-export';
export * from './tracking-item';
export * from './tracking.service';
export * from './unit-sheet';
export * from './unit-sheet-reader';
export * from './working-days';
