import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * With API_PROCESSES > 1 the processes share one port, and a scrape reaches any one of them: that
 * process asks the primary, which gathers every process's registry over the cluster's IPC channel
 * (prom-client's AggregatorRegistry: counters and histograms summed, the database figures the
 * largest, event-loop lag averaged) and answers the sum. Counters then never jump between scrapes.
 */
interface MetricsRequest {
  type: 'jixiao-metrics-request';
  id: number;
}

interface MetricsReply {
  type: 'jixiao-metrics-reply';
  id: number;
  body: string | null;
}

/** An answer later than this is given up on (prom-client's own collection waits 5 s at most). */
const REPLY_TIMEOUT_MS = 10_000;

let nextId = 0;
const waiting = new Map<number, (body: string | null) => void>();

/** In a cluster worker: prom-client answers the primary's collection with this registry, and scrapes go through the primary. */
export function shareWithPrimary(registry: Registry): () => Promise<string | null> {
  // Constructing one installs prom-client's answer to the primary's collection in this process.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  process.on('message', (message: MetricsReply) => {
    if (message?.type !== 'jixiao-metrics-reply') return;
    waiting.get(message.id)?.(message.body);
    waiting.delete(message.id);
  });
  return () =>
    new Promise((done) => {
      const id = (nextId += 1);
      const timer = setTimeout(() => {
        waiting.delete(id);
        done(null);
      }, REPLY_TIMEOUT_MS);
      waiting.set(id, (body) => {
        clearTimeout(timer);
        done(body);
      });
      process.send?.({ type: 'jixiao-metrics-request', id } satisfies MetricsRequest);
    });
}

/** In the primary: answers a worker's request with every worker's metrics merged. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: MetricsRequest) => {
    if (message?.type !== 'jixiao-metrics-request') return;
    const reply = (body: string | null) => {
      if (worker.isConnected()) worker.send({ type: 'jixiao-metrics-reply', id: message.id, body } satisfies MetricsReply);
    };
    aggregator.clusterMetrics().then(reply, () => reply(null));
  });
}
