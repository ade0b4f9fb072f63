import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { ReminderPayload } from '@jixiao/mail';
import { MailOutboxStore, Transactor, type NewOutboxRow, type OutboxKind } from '@jixiao/persistence';

export interface CapturedMail {
  messageId: string;
  subject: string;
  from: string;
  to: string;
  text: string;
  html: string;
  outboxKey: string | null;
}

/**
 * A real SMTP server on a loopback port that keeps every message it accepts, parsed with mailparser.
 * `rejecting = true` makes it refuse messages (a temporary failure), as a broken relay would.
 */
export class CapturingSmtpServer {
  readonly messages: CapturedMail[] = [];
  rejecting = false;
  /** Each message is answered this long after it arrived, as a slow relay would. */
  delayMs = 0;
  private readonly server: SMTPServer;
  private port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.rejecting) {
            callback(Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 }));
            return;
          }
          new Promise((wait) => setTimeout(wait, this.delayMs))
            .then(() => simpleParser(Buffer.concat(chunks)))
            .then((parsed) => {
              this.messages.push({
                messageId: parsed.messageId ?? '',
                subject: parsed.subject ?? '',
                from: parsed.from?.text ?? '',
                to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                outboxKey: (parsed.headers.get('x-jixiao-outbox') as string | undefined) ?? null,
              });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Messages that carry this Message-ID. */
  withId(messageId: string): CapturedMail[] {
    return this.messages.filter((m) => m.messageId === messageId);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A reminder payload for tests; the window is the default working hours. */
export function reminderPayload(overrides: Partial<ReminderPayload> = {}): ReminderPayload {
  return {
    taskKind: 'draft_section',
    caseId: randomUUID(),
    unitName: '中共湛江市霞山区委组织部',
    documentNumber: '湛霞财〔2024〕68号',
    campaignTitle: '关于开展2023年度部门整体支出绩效自评的通知',
    sectionCode: '2.1',
    sectionTitle: '项目绩效情况',
    dueDate: '2025-03-14',
    workingDaysLeft: 2,
    assigneeName: null,
    urgedByName: null,
    message: null,
    link: '/cases/x/sections/2.1',
    window: { start: '08:30', end: '17:30' },
    ...overrides,
  };
}

/** Writes one outbox row as the reminder sweep would, due at `sendAfter`; answers its id. */
export async function newOutboxRow(
  app: INestApplication,
  row: { recipientId: string; sendAfter: Date; kind?: OutboxKind; payload?: Partial<ReminderPayload> | object; dedupeKey?: string },
): Promise<string> {
  const store = app.get(MailOutboxStore);
  const insert: NewOutboxRow = {
    dedupeKey: row.dedupeKey ?? `test:${randomUUID()}`,
    kind: row.kind ?? 'reminder',
    recipientId: row.recipientId,
    payload: row.kind === 'digest' ? row.payload : reminderPayload(row.payload as Partial<ReminderPayload>),
    sendAfter: row.sendAfter,
  };
  const id = await app.get(Transactor).run((tx) => store.insert(tx, insert));
  if (!id) throw new Error('outbox row not inserted');
  return id;
}

/** '2025-03-12 10:00' in Asia/Shanghai as an instant. */
export function shanghai(dateTime: string): Date {
  return new Date(`${dateTime.replace(' ', 'T')}:00+08:00`);
}
