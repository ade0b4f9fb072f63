import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'reports/**', '*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // No consistent-type-imports: Nest's injection reads constructor parameter types at run time.
      'no-console': 'error',
    },
  },
  {
    files: ['libs/workflow/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*', 'typeorm', 'pg', '@jixiao/*', 'node:*'], message: 'libs/workflow stays pure: no framework, database or other lib.' }] },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx,mts}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@jixiao/*', '!@jixiao/report', '!@jixiao/workflow', '@nestjs/*', 'typeorm', 'pg', 'node:*', '**/libs/**', '**/apps/api/**'],
              message: 'The console runs in the browser: it talks to the API over HTTP and may reuse only the pure libs @jixiao/report and @jixiao/workflow.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/vite.config.mts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', '**/*.spec.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // A test that reads the machine's date passes on some days only: "now" comes from the tests' clock (TEST_TODAY).
    files: ['test/**/*.ts'],
    ignores: ['test/support/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use testNow() from test/support/clock.ts: TEST_TODAY may pin the date.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use testNow() from test/support/clock.ts (or performance.now() to wait).' },
      ],
    },
  },
);
