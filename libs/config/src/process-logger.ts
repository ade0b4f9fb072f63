import type { LoggerService } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';
import type { AppConfig } from './app-config';

/** The process's one pino logger: JSON lines on stdout at the configured level. */
export function createProcessLogger(config: Pick<AppConfig, 'log'>): Pino {
  return pino({ level: config.log.level });
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
