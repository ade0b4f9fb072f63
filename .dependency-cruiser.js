/**
 * Architecture rules; `npm run lint` fails when one is broken. Dependencies point inwards:
 * workflow <- persistence <- evaluation <- demo <- apps.
 */
module.exports = {
  forbidden: [
    {
      name: 'workflow-is-pure',
      comment: 'libs/workflow holds the state machines: plain TypeScript, no framework, no database, no other lib.',
      severity: 'error',
      from: { path: '^libs/workflow/' },
      to: {
        pathNot: ['^libs/workflow/', '^node_modules/xstate/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'workflow-no-node-io',
      severity: 'error',
      from: { path: '^libs/workflow/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'report-is-pure',
      comment: 'libs/report holds the report tables and their validation: plain TypeScript and decimal.js, no framework, no database, no I/O.',
      severity: 'error',
      from: { path: '^libs/report/' },
      to: {
        pathNot: ['^libs/report/', '^node_modules/decimal\\.js/'],
      },
    },
    {
      name: 'config-stands-alone',
      severity: 'error',
      from: { path: '^libs/config/' },
      to: { path: '^(libs/(?!config/)|apps/)' },
    },
    {
      name: 'database-only-in-persistence',
      comment: 'Only the persistence adapter talks to TypeORM, pg or PGlite.',
      severity: 'error',
      from: { pathNot: ['^libs/persistence/', '^test/', '^bench/'] },
      to: { path: '^node_modules/(typeorm|pg|@electric-sql)/' },
    },
    {
      name: 'mail-only-in-mail-adapter',
      severity: 'error',
      from: { pathNot: ['^libs/mail/', '^test/'] },
      to: { path: '^node_modules/nodemailer/' },
    },
    {
      name: 'holidays-only-in-calendar-adapter',
      comment: 'The holiday tables come from one adapter; everything else asks the working-day calendar.',
      severity: 'error',
      from: { pathNot: ['^libs/calendar/', '^test/', '^bench/'] },
      to: { path: '^node_modules/chinese-days/' },
    },
    {
      name: 'job-queue-only-in-persistence',
      comment: 'pg-boss keeps its jobs in PostgreSQL: it sits behind the persistence adapter with the database.',
      severity: 'error',
      from: { pathNot: ['^libs/persistence/', '^test/', '^bench/'] },
      to: { path: '^node_modules/pg-boss/' },
    },
    {
      name: 'calendar-is-pure',
      comment: 'libs/calendar is plain TypeScript over the holiday tables: no framework, no database, no I/O.',
      severity: 'error',
      from: { path: '^libs/calendar/' },
      to: { pathNot: ['^libs/calendar/', '^node_modules/chinese-days/'] },
    },
    {
      name: 'persistence-below-use-cases',
      severity: 'error',
      from: { path: '^libs/persistence/' },
      to: { path: '^(libs/(evaluation|demo)/|apps/)' },
    },
    {
      name: 'evaluation-below-apps',
      severity: 'error',
      from: { path: '^libs/evaluation/' },
      to: { path: '^(libs/demo/|apps/)' },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-through-their-index',
      comment: 'Outside a lib, import it as @jixiao/<lib>, never a file inside it.',
      severity: 'error',
      from: { path: '^(apps|test|bench|scripts)/' },
      to: { path: '^libs/[^/]+/src/(?!index\\.ts$)' },
    },
    {
      name: 'libs-through-each-others-index',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/(?!index\\.ts$)', pathNot: '^libs/$1/' },
    },
    {
      name: 'web-uses-only-pure-libs',
      comment: 'The console runs in the browser: of the libs it may reuse only the pure ones (report checks, workflow types).',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^libs/', pathNot: '^libs/(report|workflow)/' },
    },
    {
      name: 'web-no-server-packages',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^node_modules/(@nestjs|typeorm|pg|pg-boss|nodemailer|@electric-sql|exceljs|docx)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules may be a symlink (a worktree sharing another checkout's install): keep its paths as seen here.
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^dist/|^data/)' },
  },
};
