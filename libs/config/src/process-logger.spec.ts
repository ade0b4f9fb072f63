import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import pino from 'pino';
import { createProcessLogger, PinoNestLogger, SECRET_LOG_FIELDS } from './process-logger';

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

describe('secrets in log lines', () => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createProcessLogger({ log: { level: 'info', pretty: false } }, sink);

  it('censors seal private keys and their encryption key wherever they sit in a logged object', () => {
    const secret = 'ab'.repeat(32);
    logger.info({ privateKey: secret, seal: { private_key_ciphertext: secret, serial: 'A1B2' }, deeper: { row: { privateKeyCiphertext: secret } }, keyEncryptionKey: secret }, 'seal set up');
    expect(JSON.stringify(lines)).not.toContain(secret);
    expect(lines[0]).toMatchObject({ privateKey: '[redacted]', seal: { private_key_ciphertext: '[redacted]', serial: 'A1B2' }, deeper: { row: { privateKeyCiphertext: '[redacted]' } } });
  });

  it("censors a failed query's parameters in an error and keeps the rest of it", () => {
    lines.splice(0);
    const failure = Object.assign(new Error('duplicate key value violates unique constraint'), { query: 'INSERT INTO unit_seals …', parameters: ['unit', Buffer.from('encrypted key bytes')] });
    logger.error({ err: failure }, 'Unexpected error');
    const line = JSON.stringify(lines[0]);
    expect(line).not.toContain('encrypted key bytes');
    expect(line).not.toContain(Buffer.from('encrypted key bytes').toString('base64'));
    expect(lines[0]).toMatchObject({ err: { message: 'duplicate key value violates unique constraint', query: 'INSERT INTO unit_seals …', parameters: '[redacted]' } });
  });

  it('lists the stored column and the configuration variable among the censored fields', () => {
    expect(SECRET_LOG_FIELDS).toEqual(expect.arrayContaining(['private_key_ciphertext', 'SEAL_KEY_ENCRYPTION_KEY']));
  });
});
