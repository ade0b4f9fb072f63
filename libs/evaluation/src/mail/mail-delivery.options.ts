/** How the worker delivers the outbox; read from the configuration (see docs/mail.md). */
export interface MailDeliveryOptions {
  /** Base of the links in mails, e.g. 'https://jixiao.example.gov.cn'. */
  publicUrl: string;
  leaseSeconds: number;
  maxAttempts: number;
  retryBaseSeconds: number;
  batchSize: number;
  pollIntervalMs: number;
  /** Tests of crash recovery only: kill the process at this point of the first delivery. */
  crashAt: 'before-send' | 'after-send' | null;
  /** Tests only: deliver the mail of these organisations' people and leave everyone else's. */
  onlyOrganisationIds: readonly string[] | null;
  /** The worker's daily purge (RETENTION_*). */
  retention: RetentionOptions;
}

/** The periods of the worker's daily purge (RETENTION_* in docs/configuration.md). */
export interface RetentionOptions {
  securityEventsDays: number;
  endedSessionsDays: number;
  idempotencyKeyHours: number;
  mailBodiesDays: number;
}

export const MAIL_DELIVERY_OPTIONS = Symbol('MailDeliveryOptions');

/** The Message-ID of an outbox row's mail: the same on every attempt, so a resend is recognisable. */
export function outboxMessageId(outboxId: string): string {
  return `<outbox.${outboxId}@jixiao>`;
}

/** The delivery options from the application's configuration (its http and worker groups). */
export function mailDeliveryOptions(config: {
  http: { port: number; publicUrl: string | null };
  worker: Omit<MailDeliveryOptions, 'publicUrl' | 'retention'> & { onlyOrganisationIds: readonly string[] | null };
  retention: RetentionOptions;
}): MailDeliveryOptions {
  const { leaseSeconds, maxAttempts, retryBaseSeconds, batchSize, pollIntervalMs, crashAt, onlyOrganisationIds } = config.worker;
  return {
    publicUrl: config.http.publicUrl ?? `http://localhost:${config.http.port}`,
    leaseSeconds,
    maxAttempts,
    retryBaseSeconds,
    batchSize,
    pollIntervalMs,
    crashAt,
    onlyOrganisationIds,
    retention: config.retention,
  };
}
