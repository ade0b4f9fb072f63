/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- CommonJS run by Node itself, outside the TypeScript build */
// The worker's entry when the service runs from its TypeScript sources (under Jest): compiles the
// .ts modules it requires with SWC as they load. The build runs render.worker.js instead.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const options = { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
  module._compile(transformSync(readFileSync(filename, 'utf8'), options).code, filename);
};

// The whole module: Piscina calls its default export, or the export a task names (`pdfTask`).
module.exports = require('./render.worker.ts');
