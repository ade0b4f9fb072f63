export * from './section-comment.service';
