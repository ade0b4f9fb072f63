import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { JobQueue, type ScheduledJob } from '@jixiao/persistence';
import { Clock } from '../clock';
import { DigestComposer } from './digest-composer';
import { MAIL_DELIVERY_OPTIONS, type MailDeliveryOptions } from './mail-delivery.options';
import { MailDispatcher } from './mail-dispatcher';

/**
 * A periodic job of the worker besides mail delivery, such as the reminder sweep that decides
 * which reminders are due and writes them to the outbox. Bound under SWEEPS in MailDeliveryModule.
 */
export interface Sweep {
  /** Queue name, e.g. 'reminder-sweep'. */
  name: string;
  /** Cron expression in Asia/Shanghai; '* * * * *' for every minute. */
  cron: string;
  run(now: Date): Promise<unknown>;
}

export const SWEEPS = Symbol('Sweeps');

/**
 * The worker: schedules on the durable queue (delivery every minute, digests, the sweeps) and an
 * in-process loop that delivers every few seconds so mail leaves soon after it is written. It does
 * nothing until started: `apps/worker` starts it in its own process, and `npm start` inside the API
 * process on the embedded database.
 */
@Injectable()
export class MailWorker implements BeforeApplicationShutdown {
  private readonly logger = new Logger('MailWorker');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private started = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly dispatcher: MailDispatcher,
    private readonly digests: DigestComposer,
    private readonly clock: Clock,
    @Inject(SWEEPS) private readonly sweeps: readonly Sweep[],
    @Inject(MAIL_DELIVERY_OPTIONS) private readonly options: MailDeliveryOptions,
  ) {}

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const jobs: ScheduledJob[] = [
      { name: 'mail-delivery', cron: '* * * * *', run: () => this.round() },
      { name: 'mail-digest', cron: '*/5 * * * *', run: async () => void (await this.digests.compose()) },
      ...this.sweeps.map((sweep) => ({ name: sweep.name, cron: sweep.cron, run: async () => void (await sweep.run(this.clock.now())) })),
    ];
    await this.queue.start(jobs);
    this.schedulePoll(0);
    this.logger.log(`Worker started: delivering every ${this.options.pollIntervalMs} ms; ${this.sweeps.length} sweep(s) scheduled`);
  }

  /** One delivery round: today's digests first, then every due row. Rounds never overlap in one process. */
  round(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.digests.compose();
        const report = await this.dispatcher.deliverDue();
        if (report.sent + report.retried + report.failed > 0) this.logger.log({ ...report }, 'Mail delivery round');
      } catch (error) {
        this.logger.error({ err: error }, 'Mail delivery round failed');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /**
   * Tests only, on a clock that jumps (JIXIAO_TEST_CLOCK_FILE): what the schedule does over a day,
   * at once. Every sweep runs at the clock's time, then digests are composed and every due mail is
   * delivered, batch after batch, until none is left.
   */
  async tick(): Promise<void> {
    const now = this.clock.now();
    for (const sweep of this.sweeps) await sweep.run(now);
    await this.running;
    for (;;) {
      await this.digests.compose();
      const report = await this.dispatcher.deliverDue();
      if (report.sent + report.retried + report.failed === 0) return;
    }
  }

  private schedulePoll(delay: number): void {
    if (!this.started) return;
    this.timer = setTimeout(() => {
      void this.round().then(() => this.schedulePoll(this.options.pollIntervalMs));
    }, delay);
  }

  /** Stops polling and the queue, letting the round in progress finish. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.queue.stop();
    this.logger.log('Worker stopped');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
