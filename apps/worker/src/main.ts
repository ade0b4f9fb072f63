import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { assertHistoryKey, ConfigError, createProcessLogger, loadConfig, PinoNestLogger } from '@jixiao/config';
import { Clock, fileClock, MailWorker, ServiceMetrics } from '@jixiao/evaluation';
import { migrate } from '@jixiao/persistence';
import { listenForMetrics } from './metrics-listener';
import { WorkerModule } from './worker.module';

/**
 * The worker as its own process, beside the API on a real PostgreSQL (DATABASE_URL). Several may
 * run at once: each mail is claimed by one of them. With the embedded database, `npm start` runs
 * the same worker inside the API process instead.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.database.url === null) {
    throw new ConfigError('DATABASE_URL', 'the worker runs as its own process only on a real PostgreSQL; with the embedded database `npm start` runs it inside the API.');
  }
  assertHistoryKey(config);
  const database = { url: config.database.url, poolMax: Math.min(config.database.poolMax, 5) };
  await migrate({ ...database, poolMax: 1 });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, database), { bufferLogs: true });
  app.useLogger(new PinoNestLogger(createProcessLogger(config)));
  const clockStart = config.worker.clockStart;
  if (clockStart !== null) {
    // Tests only (NODE_ENV=test): time starts at the given instant and runs on.
    const offset = clockStart.getTime() - Date.now();
    const clock = app.get(Clock);
    clock.now = () => new Date(Date.now() + offset);
  }
  const clockFile = config.worker.clockFile;
  if (clockFile !== null) app.get(Clock).now = fileClock(clockFile);
  const { workerMetricsPort, workerMetricsHost, shutdownGraceMs } = config.observability;
  const metricsServer = workerMetricsPort === null ? null : await listenForMetrics(app.get(ServiceMetrics), workerMetricsPort, workerMetricsHost);
  let stopping = false;
  // A stop asked for while the worker is still starting waits for the start to finish: closing the
  // application under a starting queue failed the start and the worker exited 1 instead of 0.
  let starting: Promise<void> = Promise.resolve();
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await starting.catch(() => undefined);
    // The delivery round in progress finishes (its claimed mails are sent and marked); past the grace a
    // mail still claimed is taken over by another worker once its lease ends (docs/mail.md).
    setTimeout(() => {
      process.stderr.write(`The worker did not stop within SHUTDOWN_GRACE_MS (${shutdownGraceMs} ms); exiting\n`);
      process.exit(1);
    }, shutdownGraceMs).unref();
    metricsServer?.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  starting = app.get(MailWorker).start();
  await starting;
  if (clockFile !== null) followClockFile(app.get(MailWorker), app.get(Clock), clockFile, config.worker.pollIntervalMs);
  const metricsNote = metricsServer === null ? '' : `; metrics at http://${workerMetricsHost}:${(metricsServer.address() as { port: number }).port}/metrics`;
  process.stdout.write(`Jixiao worker ${process.pid} is running (mail: ${config.mail.smtpUrl ? 'SMTP' : 'local mailbox'}${metricsNote})\n`);
}

/**
 * Tests only: on a clock that a simulation moves (JIXIAO_TEST_CLOCK_FILE), each new instant gets
 * the day's sweeps and deliveries at once (`MailWorker.tick`), and then `<file>.ack-<pid>` names
 * the instant done, so that the simulation knows every due mail of that moment has left.
 */
function followClockFile(worker: MailWorker, clock: Clock, file: string, intervalMs: number): void {
  let done = '';
  const check = async () => {
    const instant = clock.now().toISOString();
    if (instant !== done) {
      await worker.tick();
      writeFileSync(`${file}.ack-${process.pid}`, instant);
      done = instant;
    }
  };
  const loop = () => {
    check()
      .catch((error: unknown) => process.stderr.write(`The worker's clock-file tick failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`))
      .finally(() => setTimeout(loop, intervalMs).unref());
  };
  loop();
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `The worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
