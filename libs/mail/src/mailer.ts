import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  /** Names the message in the local mailbox (the outbox row id). */
  key: string;
  /** The Message-ID header with its angle brackets; the same on every attempt for one outbox row. */
  messageId: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  date: Date;
}

/** A message as the local mailbox keeps it beside its .eml file. */
export interface MailboxMessage {
  key: string;
  messageId: string;
  date: string;
  from: string;
  to: string;
  subject: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

export type MailTransportKind = 'smtp' | 'mailbox';

export interface MailOptions {
  smtpUrl: string | null;
  from: string;
  mailboxDir: string;
}

/** The one way out for mail: SMTP when SMTP_URL is set, else the local mailbox. */
export abstract class Mailer {
  abstract readonly transport: MailTransportKind;
  abstract send(mail: OutgoingMail): Promise<void>;
  /** Removes the kept copies of these messages, when this transport keeps any (the retention purge). */
  abstract forget(keys: readonly string[]): Promise<void>;
  abstract close(): void;
}

function message(from: string, mail: OutgoingMail) {
  return {
    from,
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.date,
    headers: { 'X-Jixiao-Outbox': mail.key },
  };
}

export class SmtpMailer extends Mailer {
  readonly transport = 'smtp' as const;
  private readonly transporter: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    super();
    // Pooled connections, each used for up to 100 messages: a working morning of a season queues
    // thousands of reminders at once, and a connection per message held a worker to about ten
    // mails a second (bench/season). A message lost with a broken connection fails on its own
    // and the outbox retries it, as any failed send.
    const url = new URL(smtpUrl);
    this.transporter = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      // A plain smtp:// server that offers STARTTLS is used with it; one that does not (a local catcher) is used as is.
      ignoreTLS: url.searchParams.get('ignoreTLS') === 'true',
      pool: true,
      maxConnections: 2,
      maxMessages: 100,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail(message(this.from, mail));
  }

  /** Sent mail is the mail server's and the recipients' to keep: nothing here. */
  async forget(): Promise<void> {}

  close(): void {
    this.transporter.close();
  }
}

const KEY = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Writes each message as RFC 822 (`<key>.eml`, built by nodemailer exactly as it would be sent)
 * with a JSON copy for the mailbox API (`<key>.json`). A resend of the same row overwrites the
 * same files, so the mailbox holds each message once.
 */
export class LocalMailbox extends Mailer {
  readonly transport = 'mailbox' as const;
  private readonly transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(private readonly dir: string, private readonly from: string) {
    super();
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!KEY.test(mail.key)) throw new Error(`Unusable mailbox key: ${mail.key}`);
    const info = await this.transporter.sendMail(message(this.from, mail));
    const raw = info.message as Buffer;
    const stored: MailboxMessage = {
      key: mail.key,
      messageId: mail.messageId,
      date: mail.date.toISOString(),
      from: this.from,
      to: `${mail.to.name} <${mail.to.address}>`,
      subject: mail.subject,
      headers: headersOf(raw),
      text: mail.text,
      html: mail.html,
    };
    await mkdir(this.dir, { recursive: true });
    await atomicWrite(join(this.dir, `${mail.key}.eml`), raw);
    await atomicWrite(join(this.dir, `${mail.key}.json`), JSON.stringify(stored));
  }

  async forget(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      if (!KEY.test(key)) continue;
      await rm(join(this.dir, `${key}.eml`), { force: true });
      await rm(join(this.dir, `${key}.json`), { force: true });
    }
  }

  /** The stored message, or null when there is none under that key. */
  async read(key: string): Promise<MailboxMessage | null> {
    if (!KEY.test(key)) return null;
    try {
      return JSON.parse(await readFile(join(this.dir, `${key}.json`), 'utf8')) as MailboxMessage;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return null;
      throw error;
    }
  }

  close(): void {
    this.transporter.close();
  }
}

async function atomicWrite(path: string, content: Buffer | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

/** The top-level header fields of a raw message, unfolded; encoded words stay as sent. */
function headersOf(raw: Buffer): Record<string, string> {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function createMailer(options: MailOptions): Mailer {
  return options.smtpUrl ? new SmtpMailer(options.smtpUrl, options.from) : new LocalMailbox(options.mailboxDir, options.from);
}
