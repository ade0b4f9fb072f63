import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertHistoryKey, ConfigError, loadConfig } from '@jixiao/config';
import { DemoSeeder } from '@jixiao/demo';
import { FirstAdministratorService, MailWorker } from '@jixiao/evaluation';
import { DataDirectoryLockedError, embeddedHistoryKey, migrate, reportQueryStatsOnSignal, startEmbeddedDatabase, type EmbeddedDatabase } from '@jixiao/persistence';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const started = Date.now();
  // The benchmarks ask for the statement counts with SIGUSR2 (see bench/README.md).
  reportQueryStatsOnSignal();
  let config = loadConfig();
  assertHistoryKey(config);
  let embedded: EmbeddedDatabase | null = null;
  let database = { url: config.database.url ?? '', poolMax: config.database.poolMax };
  if (config.database.url === null) {
    embedded = await startEmbeddedDatabase(config.database.dataDir);
    // PGlite serves one connection at a time; a larger pool would interleave statements.
    database = { url: embedded.url, poolMax: 1 };
    // The demo without HISTORY_KEY keeps a key of its own in DATA_DIR, outside the database files.
    if (config.history.key === null) config = { ...config, history: { ...config.history, key: embeddedHistoryKey(config.database.dataDir) } };
  }
  await migrate({ url: database.url, poolMax: 1 });
  // The migrations' connection must have left the embedded database before the application's takes its place.
  await embedded?.idle();
  // The console is built next to the compiled API: dist/web beside dist/apps.
  const webRoot = join(__dirname, '..', '..', '..', 'web');
  const app = await createApp(config, database, { webRoot });
  const seeded = config.demo.seed ? await app.get(DemoSeeder).seedIfEmpty(config.demo.password) : null;
  // Without demo data (always in production) an empty database gets one administrator instead.
  const administrator = config.demo.seed ? null : await app.get(FirstAdministratorService).createIfNoAccounts();
  await app.listen(config.http.port);
  // The embedded database serves one connection: the worker runs here and shares it (see docs/mail.md).
  if (config.worker.inProcess) await app.get(MailWorker).start();
  const address = app.getHttpServer().address() as { port: number };
  const base = config.http.publicUrl ?? `http://localhost:${address.port}`;
  const lines = [
    '',
    `Jixiao is ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${base}/api (API docs: ${base}/api/docs)`,
    existsSync(join(webRoot, 'index.html')) ? `Console: ${base}/` : 'Console: not built (npm run build builds it)',
    embedded ? `Database: embedded PGlite in ${embedded.dataDir}` : 'Database: PostgreSQL from DATABASE_URL',
    config.mail.smtpUrl ? 'Mail: through SMTP_URL' : `Mail: to the local mailbox in ${config.mail.mailboxDir} (GET /api/mailbox)`,
    config.worker.inProcess ? 'Worker: in this process' : 'Worker: run it as its own process (npm run worker)',
  ];
  if (seeded) {
    lines.push(seeded.created ? 'Demo data loaded. Accounts:' : 'Demo accounts:');
    for (const account of seeded.accounts) lines.push(`  ${account.username.padEnd(16)} ${account.description}`);
    lines.push(`  password for every demo account: ${config.demo.password}`);
  }
  if (administrator) {
    // Printed here, once, on the plain start banner and never through the structured log: the
    // start that created the account is the only one that knows the password.
    lines.push(
      'The database had no accounts: created the system administrator. Sign in once with this one-time password;',
      'you will be asked to choose your own before anything else. It is shown only now and stored nowhere in clear.',
      `  user name:          ${administrator.username}`,
      `  one-time password:  ${administrator.oneTimePassword}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  const stop = async () => {
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirectoryLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Jixiao failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
