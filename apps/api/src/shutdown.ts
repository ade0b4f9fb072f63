import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { ServingState } from './health/serving-state';

/**
 * A shutdown that loses nothing (SIGTERM): readiness turns 503 at once; for `drainMs` the process
 * still takes new connections and answers them (each answer closing its connection: see
 * `closeWhenStopping`), so that a balancer polling readiness stops sending it requests before the
 * listener closes; then the listener stops taking connections, idle keep-alive connections close,
 * and each request in flight is answered. Requests still running `graceMs` after the listener
 * closed lose their connections; a transition's transaction either committed or rolls back with
 * its connection, so nothing is half-written. Then the application closes: the in-process mail
 * worker finishes its round, and the pool closes last.
 */
export async function stopServing(app: INestApplication, { graceMs, drainMs }: { graceMs: number; drainMs: number }): Promise<void> {
  app.get(ServingState).stopping = true;
  if (drainMs > 0) await new Promise((done) => setTimeout(done, drainMs));
  const server = app.getHttpServer() as Server;
  const drained = new Promise<void>((done) => server.close(() => done()));
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await drained;
  clearTimeout(timer);
  await app.close();
}

type Done = () => void;

/**
 * While stopping, every answer closes its connection, so that no client sends another request down
 * it. A Fastify `onRequest` hook; the header goes on Node's response, which every answer carries.
 */
export function closeWhenStopping(serving: ServingState) {
  return (_request: unknown, reply: { raw: { setHeader(name: string, value: string): unknown } }, done: Done): void => {
    if (serving.stopping) reply.raw.setHeader('Connection', 'close');
    done();
  };
}
