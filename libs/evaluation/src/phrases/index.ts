export * from './phrase.service';
