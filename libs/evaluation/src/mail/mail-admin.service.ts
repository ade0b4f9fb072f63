import { Injectable } from '@nestjs/common';
import { LocalMailbox, Mailer, type MailboxMessage } from '@jixiao/mail';
import { MailOutboxStore, Transactor, type MailScope, type OutboxKind, type OutboxRow, type OutboxStatus } from '@jixiao/persistence';
import type { Page } from '../campaign.service';
import { Clock } from '../clock';
import { conflict, DomainError, forbidden } from '../errors';
import type { Principal } from '../principal';

export interface OutboxView {
  id: string;
  kind: OutboxKind;
  status: OutboxStatus;
  recipientId: string;
  recipientName: string;
  caseId: string | null;
  dueDate: string | null;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  messageId: string | null;
  digestId: string | null;
  transport: 'smtp' | 'mailbox' | null;
  sentAt: string | null;
  createdAt: string;
}

export interface MailboxEntry {
  id: string;
  kind: OutboxKind;
  recipientId: string;
  recipientName: string;
  messageId: string | null;
  subject: string | null;
  sentAt: string | null;
}

export interface MailboxMessageView extends MailboxEntry {
  from: string;
  to: string;
  date: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

function view(row: OutboxRow): OutboxView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    recipientId: row.recipientId,
    recipientName: row.recipientName,
    caseId: row.caseId,
    dueDate: row.dueDate,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    lastError: row.lastError,
    messageId: row.messageId,
    digestId: row.digestId,
    transport: row.transport,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const mailNotFound = (id: string) => new DomainError('MAIL.NOT_FOUND', `No mail with id ${id} exists, or you may not see it.`, { id });

/**
 * Who administers mail: a unit admin for the people of their unit; a finance officer for the
 * people of their bureau and of every unit a campaign they are bound to covers (the people their
 * reminders and escalations concern). Everyone else sees only their own mail in the mailbox.
 */
export function mailAdminScope(principal: Principal): MailScope | null {
  if (principal.organisationKind === 'unit' && principal.roles.includes('unit_admin')) {
    return { organisationId: principal.organisationId, officerId: null, recipientId: null };
  }
  if (principal.organisationKind === 'finance_bureau' && principal.roles.includes('finance_officer')) {
    return { organisationId: principal.organisationId, officerId: principal.userId, recipientId: null };
  }
  return null;
}

/** Where a mail exists for a person at all: their own organisation (and a finance officer's units). */
function visibleScope(principal: Principal): MailScope {
  return mailAdminScope(principal) ?? { organisationId: principal.organisationId, officerId: null, recipientId: null };
}

/** Failed deliveries for admins, and the retry by hand. */
@Injectable()
export class MailAdminService {
  constructor(
    private readonly transactor: Transactor,
    private readonly outbox: MailOutboxStore,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, status: OutboxStatus | null, page: { limit: number; offset: number }): Promise<Page<OutboxView>> {
    const scope = this.requireAdmin(principal);
    const found = await this.outbox.list(this.transactor.manager, scope, { status, mailboxOnly: false }, page.limit, page.offset);
    return { items: found.items.map(view), total: found.total, limit: page.limit, offset: page.offset };
  }

  /** Puts a failed row back to pending with its attempts reset; the worker sends it on its next round. */
  async retry(principal: Principal, id: string): Promise<OutboxView> {
    return this.transactor.run(async (tx) => {
      if (!(await this.outbox.inScope(tx, id, visibleScope(principal)))) throw mailNotFound(id);
      this.requireAdmin(principal);
      const retried = await this.outbox.retry(tx, id, this.clock.now());
      if (retried) return view(retried);
      const current = await this.outbox.find(tx, id);
      throw conflict('MAIL.NOT_FAILED', `Only a failed delivery can be retried by hand; this one is ${current?.status ?? 'gone'}.`, { status: current?.status ?? null });
    });
  }

  private requireAdmin(principal: Principal): MailScope {
    const scope = mailAdminScope(principal);
    if (!scope) throw forbidden('MAIL.ROLE_NOT_ALLOWED', "Only a unit admin (for the unit's people) or a finance officer (for the bureau and its campaigns' units) may manage mail deliveries.");
    return scope;
  }
}

/**
 * The local mailbox of the embedded default (no SMTP_URL): what would have been sent, readable
 * through the API. A person sees their own mail; a mail admin that of their people.
 */
@Injectable()
export class MailboxService {
  constructor(
    private readonly transactor: Transactor,
    private readonly outbox: MailOutboxStore,
    private readonly mailer: Mailer,
  ) {}

  async list(principal: Principal, page: { limit: number; offset: number }): Promise<Page<MailboxEntry>> {
    const mailbox = this.requireMailbox();
    const found = await this.outbox.list(this.transactor.manager, this.scope(principal), { status: null, mailboxOnly: true }, page.limit, page.offset);
    const items = await Promise.all(found.items.map(async (row) => this.entry(row, await mailbox.read(row.id))));
    return { items, total: found.total, limit: page.limit, offset: page.offset };
  }

  async read(principal: Principal, id: string): Promise<MailboxMessageView> {
    const mailbox = this.requireMailbox();
    const tx = this.transactor.manager;
    const row = (await this.outbox.inScope(tx, id, this.scope(principal))) ? await this.outbox.find(tx, id) : null;
    const message = row && row.transport === 'mailbox' && row.status === 'sent' ? await mailbox.read(row.id) : null;
    if (!row || !message) throw new DomainError('MAILBOX.MESSAGE_NOT_FOUND', `No message with id ${id} is in your mailbox.`, { id });
    return { ...this.entry(row, message), from: message.from, to: message.to, date: message.date, headers: message.headers, text: message.text, html: message.html };
  }

  private entry(row: OutboxRow, message: MailboxMessage | null): MailboxEntry {
    return {
      id: row.id,
      kind: row.kind,
      recipientId: row.recipientId,
      recipientName: row.recipientName,
      messageId: row.messageId,
      subject: message?.subject ?? null,
      sentAt: row.sentAt?.toISOString() ?? null,
    };
  }

  private scope(principal: Principal): MailScope {
    return mailAdminScope(principal) ?? { organisationId: principal.organisationId, officerId: null, recipientId: principal.userId };
  }

  private requireMailbox(): LocalMailbox {
    if (this.mailer instanceof LocalMailbox) return this.mailer;
    throw new DomainError('MAILBOX.NOT_IN_USE', 'Mail goes out through SMTP_URL here; there is no local mailbox. Look in the mail server instead.');
  }
}

/** A person's choice between single mails and one daily digest. */
@Injectable()
export class NotificationPreferences {
  constructor(
    private readonly transactor: Transactor,
    private readonly outbox: MailOutboxStore,
    private readonly clock: Clock,
  ) {}

  async get(principal: Principal): Promise<{ digest: boolean }> {
    return { digest: await this.outbox.digestPreference(this.transactor.manager, principal.userId) };
  }

  async set(principal: Principal, digest: boolean): Promise<{ digest: boolean }> {
    await this.transactor.run((tx) => this.outbox.setDigestPreference(tx, principal.userId, digest, this.clock.now()));
    return { digest };
  }
}
