import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import type { AppConfig } from './app-config';

/**
 * Fields whose values never reach a log line, wherever they sit in a logged object (up to three
 * levels down): seal private keys, plain or encrypted (the `unit_seals` column and its camel-case
 * forms), and the key that encrypts them.
 */
export const SECRET_LOG_FIELDS = ['privateKey', 'privateKeyCiphertext', 'private_key_ciphertext', 'keyEncryptionKey', 'SEAL_KEY_ENCRYPTION_KEY'] as const;

/**
 * Logged paths censored besides those fields: a failed TypeORM query's parameters, which hold
 * whatever the statement was writing (an encrypted seal key, a token's hash).
 */
const SECRET_LOG_PATHS = ['err.parameters', 'err.driverError.parameters'];

export const LOG_REDACTION = {
  paths: [...SECRET_LOG_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]), ...SECRET_LOG_PATHS],
  censor: '[redacted]',
};

/** The process's one pino logger: JSON lines on stdout (or `destination`) at the configured level. */
export function createProcessLogger(config: Pick<AppConfig, 'log'>, destination?: DestinationStream): Pino {
  const options = { level: config.log.level, redact: LOG_REDACTION };
  return destination ? pino(options, destination) : pino(options);
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's logger on pino (`app.useLogger(new PinoNestLogger(logger))`), so that Nest's own lines and
 * every `new Logger(context)` in the code come out as the same JSON lines. As Nest calls it: the last
 * string argument is the context; an object first is merged into the line, the string after it is
 * the message (`logger.warn({ outboxId }, 'Mail not delivered')`); an Error becomes `err`.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context === undefined ? {} : { context };
    let text: string | undefined;
    if (message instanceof Error) {
      fields.err = message;
    } else if (message !== null && typeof message === 'object') {
      Object.assign(fields, message);
      if (typeof rest[0] === 'string') text = rest.shift() as string;
    } else {
      text = String(message);
    }
    // Nest's error(message, stack, context): a stack string left over is kept with the line.
    if (level === 'error' && typeof rest[0] === 'string' && fields.err === undefined) fields.stack = rest.shift();
    if (text === undefined) this.pino[level](fields);
    else this.pino[level](fields, text);
  }
}
