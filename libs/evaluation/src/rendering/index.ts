export * from './snapshot';
export * from './snapshot.builder';
export * from './outline-numbering';
export * from './html.renderer';
export * from './docx.renderer';
export * from './draft-mark';
export * from './publication.check';
export * from './zip-archive';
