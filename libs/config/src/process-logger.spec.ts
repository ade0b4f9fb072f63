import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import pino from 'pino';
import { PinoNestLogger } from './process-logger';

/** Nest's logger calls, as the code makes them, come out as pino JSON lines with their fields. */
describe('Nest logging on pino', () => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });

  beforeAll(() => Logger.overrideLogger(new PinoNestLogger(pino({ level: 'info' }, sink))));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));
  beforeEach(() => lines.splice(0));

  it('merges an object given first and keeps the message and the context', () => {
    new Logger('MailDispatcher').warn({ outboxId: 'row-1', attempts: 2 }, 'Mail not delivered; will retry');
    expect(lines).toEqual([expect.objectContaining({ level: 40, context: 'MailDispatcher', outboxId: 'row-1', attempts: 2, msg: 'Mail not delivered; will retry' })]);
  });

  it('writes a plain message with its context, and leaves out levels below the one configured', () => {
    const logger = new Logger('MailWorker');
    logger.log('Worker started');
    logger.debug('not written at info');
    expect(lines).toEqual([expect.objectContaining({ level: 30, context: 'MailWorker', msg: 'Worker started' })]);
  });

  it('logs an error object as err with its stack, and Nest’s (message, stack, context) form with the stack', () => {
    const logger = new Logger('JobQueue');
    logger.error({ err: new Error('connection lost') }, 'Job queue error');
    logger.error('Startup failed', 'Error: boom\n    at somewhere', 'JobQueue');
    expect(lines[0]).toMatchObject({ level: 50, context: 'JobQueue', msg: 'Job queue error', err: { message: 'connection lost' } });
    expect((lines[0]!.err as { stack: string }).stack).toContain('connection lost');
    expect(lines[1]).toMatchObject({ level: 50, context: 'JobQueue', msg: 'Startup failed', stack: 'Error: boom\n    at somewhere' });
  });
});
