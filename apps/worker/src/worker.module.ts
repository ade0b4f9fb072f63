import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@jixiao/config';
import { EvaluationModule, MailDeliveryModule, consoleUrl, mailDeliveryOptions } from '@jixiao/evaluation';
import { MailModule } from '@jixiao/mail';
import { HistoryKeyring, PersistenceModule } from '@jixiao/persistence';

/** The worker process: no HTTP, only the jobs (mail delivery, digests, reminder sweeps). */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, database: { url: string; poolMax: number }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PersistenceModule.forRoot({ url: database.url, poolMax: database.poolMax, logQueries: config.database.logQueries, applicationName: 'jixiao-worker' }, new HistoryKeyring(config.history.key, config.history.oldKeys)),
        EvaluationModule.forRoot({ auth: config.auth, consoleUrl: consoleUrl(config.http) }),
        MailModule.forRoot(config.mail),
        MailDeliveryModule.forRoot(mailDeliveryOptions(config)),
      ],
    };
  }
}
