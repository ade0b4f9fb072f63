import { createServer, type Server } from 'node:http';
import type { ServiceMetrics } from '@jixiao/evaluation';

/**
 * The worker's metrics: GET /metrics in the Prometheus text format on its own small listener
 * (WORKER_METRICS_PORT, bound to WORKER_METRICS_HOST, the loopback unless set). No token: the address
 * is the protection, as the worker serves nothing else. Anything but GET /metrics answers 404.
 */
export async function listenForMetrics(metrics: ServiceMetrics, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    metrics.text().then(
      ({ contentType, body }) => response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body),
      () => response.writeHead(503, { 'Content-Type': 'text/plain' }).end('Metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
