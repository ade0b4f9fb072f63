import { networkInterfaces } from 'node:os';
import 'reflect-metadata';
import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { assertHistoryKey, ConfigError, createProcessLogger, loadConfig, type AppConfig } from '@jixiao/config';
import { DemoSeeder } from '@jixiao/demo';
import { Clock, fileClock, FirstAdministratorService, MailWorker } from '@jixiao/evaluation';
import { DataDirectoryLockedError, embeddedHistoryKey, embeddedSealKey, migrate, reportQueryStatsOnSignal, startEmbeddedDatabase, type EmbeddedDatabase } from '@jixiao/persistence';
import type { DatabaseTarget } from './app.module';
import { createApp } from './create-app';
import { limitHeapGrowth, mallocEnvironment } from './heap';
import { serveClusterMetrics, shareWithPrimary } from './metrics/cluster-metrics';
import { ApiMetrics } from './metrics/api-metrics';
import { stopServing } from './shutdown';

/** What one api process did at its start, for the banner. */
interface Served {
  port: number;
  seeded: Awaited<ReturnType<DemoSeeder['seedIfEmpty']>> | null;
  administrator: Awaited<ReturnType<FirstAdministratorService['createIfNoAccounts']>>;
}

/** What a cluster worker tells the primary once it listens. */
interface ReadyMessage {
  type: 'jixiao-api-ready';
  served: Served;
}

// The console is built next to the compiled API: dist/web beside dist/apps.
const WEB_ROOT = join(__dirname, '..', '..', '..', 'web');
/** The cluster worker that seeds demo data, creates the first administrator and runs an in-process mail worker. */
const FIRST_SLOT = 0;
/** A worker that died is replaced after 1 s, then 2, 4, … up to this, while it keeps dying young. */
const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that lived this long died of something else than its start: its replacement waits the shortest delay. */
const HEALTHY_LIFETIME_MS = 60_000;
/** Workers that have not closed this long past SHUTDOWN_DRAIN_MS + SHUTDOWN_GRACE_MS after SIGTERM are killed (closing the pool and the mail round). */
const STOP_MARGIN_MS = 20_000;

async function main(): Promise<void> {
  const started = Date.now();
  // Every api process, the cluster's workers included (they do not inherit a flag set at run time).
  limitHeapGrowth();
  let config = loadConfig();
  assertHistoryKey(config);
  if (cluster.isWorker) return runClusterWorker(config);
  if (config.http.processes > 1) return runPrimary(config, started);
  // One process: no cluster. The benchmarks ask it for the statement counts with SIGUSR2 (see bench/README.md).
  reportQueryStatsOnSignal();
  let embedded: EmbeddedDatabase | null = null;
  let database: DatabaseTarget = { url: config.database.url ?? '', poolMax: config.database.poolMax };
  if (config.database.url === null) {
    embedded = await startEmbeddedDatabase(config.database.dataDir);
    // PGlite serves one connection at a time; a larger pool would interleave statements.
    database = { url: embedded.url, poolMax: 1 };
    // The demo without HISTORY_KEY keeps a key of its own in DATA_DIR, outside the database files.
    if (config.history.key === null) config = { ...config, history: { ...config.history, key: embeddedHistoryKey(config.database.dataDir) } };
    // Likewise the key that encrypts units' seal private keys.
    if (config.seal.keyEncryptionKey === null) config = { ...config, seal: { ...config.seal, keyEncryptionKey: embeddedSealKey(config.database.dataDir) } };
  }
  await migrate({ url: database.url, poolMax: 1 });
  // The migrations' connection must have left the embedded database before the application's takes its place.
  await embedded?.idle();
  const { app, served } = await serve(config, database, true);
  printBanner(config, started, served, embedded);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stopServing(app, { graceMs: config.observability.shutdownGraceMs, drainMs: config.observability.shutdownDrainMs });
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/**
 * Builds the Nest application of one api process and starts it listening. `first`: this process
 * seeds demo data or creates the first administrator, and runs the in-process mail worker.
 */
async function serve(config: AppConfig, database: DatabaseTarget, first: boolean): Promise<{ app: INestApplication; served: Served }> {
  const app = await createApp(config, database, { webRoot: WEB_ROOT });
  const clockStart = config.worker.clockStart;
  if (clockStart !== null) {
    // Tests only (NODE_ENV=test): time starts at the given instant and runs on, as in the worker.
    const offset = clockStart.getTime() - Date.now();
    app.get(Clock).now = () => new Date(Date.now() + offset);
  }
  // Tests only (NODE_ENV=test): every process reads the time from one file (bench/season).
  if (config.worker.clockFile !== null) app.get(Clock).now = fileClock(config.worker.clockFile);
  const seeded = first && config.demo.seed ? await app.get(DemoSeeder).seedIfEmpty(config.demo.password) : null;
  // Without demo data (always in production) an empty database gets one administrator instead.
  const administrator = first && !config.demo.seed ? await app.get(FirstAdministratorService).createIfNoAccounts() : null;
  // Every address of the machine, IPv4 and IPv6, as Express's server listened: Fastify alone would
  // take localhost only. On a machine without IPv6 (no interface has an IPv6 address, not even
  // loopback's) '::' cannot be bound, and every IPv4 address is what is meant.
  const ipv6 = Object.values(networkInterfaces()).some((addresses) => addresses?.some((a) => a.family === 'IPv6'));
  await app.listen(config.http.port, ipv6 ? '::' : '0.0.0.0');
  // The embedded database serves one connection: the worker runs here and shares it (see docs/mail.md).
  // With several api processes only the first runs it: one delivery loop is plenty, and each loop
  // would hold a job queue and its connections of its own.
  if (first && config.worker.inProcess) await app.get(MailWorker).start();
  const address = app.getHttpServer().address() as { port: number };
  return { app, served: { port: address.port, seeded, administrator } };
}

function printBanner(config: AppConfig, started: number, served: Served, embedded: EmbeddedDatabase | null): void {
  const base = config.http.publicUrl ?? `http://localhost:${served.port}`;
  const lines = [
    '',
    `Jixiao is ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${base}/api (API docs: ${base}/api/docs)`,
    existsSync(join(WEB_ROOT, 'index.html')) ? `Console: ${base}/` : 'Console: not built (npm run build builds it)',
    embedded ? `Database: embedded PGlite in ${embedded.dataDir}` : 'Database: PostgreSQL from DATABASE_URL',
    `API processes: ${config.http.processes}`,
    config.mail.smtpUrl ? 'Mail: through SMTP_URL' : `Mail: to the local mailbox in ${config.mail.mailboxDir} (GET /api/mailbox)`,
    config.worker.inProcess ? 'Worker: in this process' : 'Worker: run it as its own process (npm run worker)',
  ];
  const { seeded, administrator } = served;
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
}

/**
 * The primary of API_PROCESSES > 1 workers on one port (node:cluster). It migrates once, forks the
 * workers, prints the banner when all of them listen, forwards signals and replaces a worker that
 * dies. It opens no application and no pool of its own.
 *
 * The first administrator: created by the first worker (slot 0) alone, which sends the one-time
 * password to the primary over the cluster's IPC channel; the primary prints it in the one banner.
 * Creating it is safe when processes race (the first-start test starts two at once), but only one
 * process may print the password, and the primary holds no application to create it with.
 */
async function runPrimary(config: AppConfig, started: number): Promise<void> {
  const logger = createProcessLogger(config).child({ context: 'ApiCluster' });
  // A real PostgreSQL: API_PROCESSES > 1 is refused with the embedded database.
  await migrate({ url: config.database.url ?? '', poolMax: 1 });
  const slots = new Map<Worker, { slot: number; forkedAt: number }>();
  const failures = new Map<number, number>();
  const ready = new Map<number, Served>();
  /** Workers that listen; only they have a SIGUSR2 handler (before it, the signal would kill them). */
  const listening = new Set<Worker>();
  let bannerPrinted = false;
  let stopping = false;

  const fork = (slot: number) => {
    const worker = cluster.fork({ ...mallocEnvironment(), JIXIAO_API_SLOT: String(slot) });
    slots.set(worker, { slot, forkedAt: Date.now() });
    worker.on('message', (message: ReadyMessage) => {
      if (message?.type !== 'jixiao-api-ready') return;
      listening.add(worker);
      ready.set(slot, message.served);
      if (!bannerPrinted && ready.size === config.http.processes) {
        bannerPrinted = true;
        printBanner(config, started, ready.get(FIRST_SLOT)!, null);
      }
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    const entry = slots.get(worker);
    slots.delete(worker);
    listening.delete(worker);
    if (stopping) {
      // Exits with process.exitCode: 1 when the start failed.
      if (slots.size === 0) process.exit();
      return;
    }
    if (!entry) return;
    if (!bannerPrinted) {
      // A worker that cannot start (a port in use, a database that refuses) would fail again: the start fails as a single process's would.
      process.stderr.write(`Jixiao failed to start: API process ${worker.process.pid} exited (${signal ?? `code ${code}`}) before it was ready\n`);
      stopping = true;
      for (const other of slots.keys()) other.process.kill('SIGTERM');
      process.exitCode = 1;
      if (slots.size === 0) process.exit();
      return;
    }
    const young = Date.now() - entry.forkedAt < HEALTHY_LIFETIME_MS;
    const count = young ? (failures.get(entry.slot) ?? 0) + 1 : 1;
    failures.set(entry.slot, count);
    const delayMs = Math.min(1000 * 2 ** (count - 1), MAX_RESTART_DELAY_MS);
    logger.error({ workerPid: worker.process.pid, code, signal, slot: entry.slot, restartInMs: delayMs }, 'An API process died; starting another');
    setTimeout(() => {
      if (!stopping) fork(entry.slot);
    }, delayMs).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (slots.size === 0) process.exit(0);
    for (const worker of slots.keys()) worker.process.kill(signal);
    setTimeout(() => {
      for (const worker of slots.keys()) {
        logger.error({ workerPid: worker.process.pid }, 'An API process did not stop in time; killing it');
        worker.process.kill('SIGKILL');
      }
    }, config.observability.shutdownDrainMs + config.observability.shutdownGraceMs + STOP_MARGIN_MS).unref();
  };
  process.on('SIGINT', () => stop('SIGTERM'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // The benchmarks' statement counts: each worker writes its own line (the primary has no pool).
  process.on('SIGUSR2', () => {
    for (const worker of listening) worker.process.kill('SIGUSR2');
  });
  serveClusterMetrics();
  for (let slot = 0; slot < config.http.processes; slot += 1) fork(slot);
}

/** One of the primary's workers: the application, listening on the port the primary shares. */
async function runClusterWorker(config: AppConfig): Promise<void> {
  reportQueryStatsOnSignal();
  const first = Number(process.env.JIXIAO_API_SLOT) === FIRST_SLOT;
  const { app, served } = await serve(config, { url: config.database.url ?? '', poolMax: config.database.poolMax }, first);
  const metrics = app.get(ApiMetrics);
  metrics.clusterSource = shareWithPrimary(metrics.service.registry);
  process.send?.({ type: 'jixiao-api-ready', served } satisfies ReadyMessage);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stopServing(app, { graceMs: config.observability.shutdownGraceMs, drainMs: config.observability.shutdownDrainMs });
    process.exit(0);
  };
  // The primary forwards SIGTERM; a Ctrl-C in a terminal reaches every process of the group at once.
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirectoryLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Jixiao failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
