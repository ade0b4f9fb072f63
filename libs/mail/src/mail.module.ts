import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createMailer, Mailer, type MailOptions } from './mailer';

export const MAIL_OPTIONS = Symbol('MailOptions');

/** Provides the Mailer: SMTP with SMTP_URL, the local mailbox without. */
@Global()
@Module({})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}

  static forRoot(options: MailOptions): DynamicModule {
    return {
      module: MailModule,
      providers: [
        { provide: MAIL_OPTIONS, useValue: options },
        { provide: Mailer, useFactory: () => createMailer(options) },
      ],
      exports: [Mailer, MAIL_OPTIONS],
    };
  }

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
