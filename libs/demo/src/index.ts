export * from './demo-data';
export * from './demo.module';
export * from './demo.seeder';
export * from './seed-report';
export * from './demo-case.preloader';
export * from './demo-project-forms';
