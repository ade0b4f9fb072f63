export * from './notification-writer';
export * from './notification.service';
