// Three tiers in one run. SWC compiles TypeScript and Nest's ESM-only packages to CommonJS.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs', ignoreDynamic: true },
  },
];

const moduleNameMapper = {
  '^@jixiao/(workflow|config|persistence|evaluation|demo|report|mail|calendar)$': '<rootDir>/libs/$1/src/index.ts',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // Nest 12 and some of its dependencies ship ESM only (and @fastify/static's content-disposition); let them through the transform.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uid|load-esm|file-type|strtok3|token-types|peek-readable|@tokenizer|@fastify/static|content-disposition)/)'],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

module.exports = {
  // Tests never assert timings: Jest's 5 s default failed suites that drive whole cases on a busy machine.
  // (A global option: inside a project it is ignored.)
  testTimeout: 30_000,
  maxWorkers: process.env.TEST_DATABASE_URL ? '50%' : 1,
  // Always in worker processes, each replaced after a test file once it holds more than this: run in
  // band (one worker, as on a 2-core machine), the whole run's suites share one process, whose heap
  // grew past Node's 4 GB limit near the end of a CI run and aborted it.
  workerIdleMemoryLimit: '1GB',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/conformance/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // The web console in Debian's Chromium (playwright-core); skipped with a message when Chromium is absent.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
