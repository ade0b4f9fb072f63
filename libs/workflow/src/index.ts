export * from './roles';
export * from './lifecycle.machine';
export * from './lifecycle';
export * from './lifecycle.diagram';
export * from './section.machine';
export * from './outline';
