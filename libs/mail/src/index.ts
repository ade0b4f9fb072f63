/** Mail: the one adapter that talks to SMTP (nodemailer) or the local mailbox, and the Chinese templates. */
export type { DueTaskKind, ReminderPayload, WorkingHours } from './reminder-payload';
export * from './mail-templates';
export * from './invitation-mail';
export * from './mailer';
export * from './mail.module';
