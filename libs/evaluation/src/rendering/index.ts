export * from './snapshot';
export * from './snapshot.builder';
export * from './outline-numbering';
export * from './project-form-layout';
export * from './html.renderer';
export * from './docx.renderer';
export * from './draft-mark';
export * from './publication.check';
export * from './zip-archive';
export * from './pdf-reader';
// Not renderPdf: loading pdfkit takes about 200 ms, which only the rendering threads should pay (they import it directly).
