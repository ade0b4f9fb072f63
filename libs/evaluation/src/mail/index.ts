export * from './digest-composer';
export * from './mail-admin.service';
export * from './mail-delivery.module';
export * from './mail-delivery.options';
export * from './mail-dispatcher';
export * from './mail-worker';
export * from './working-days';
export * from './working-hours';
