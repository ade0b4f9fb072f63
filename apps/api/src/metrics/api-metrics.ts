import type { ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@jixiao/evaluation';
import { Counter, Histogram } from 'prom-client';

type Child = ReturnType<Histogram['labels']>;
/** What `observe` reads of Fastify's request: the method, and the pattern of the route that took it. */
interface RoutedRequest {
  method: string;
  is404: boolean;
  routeOptions: { url?: string };
}

/**
 * Files (the console's, the API documentation's), served by wildcard routes: one label value, so
 * the label set stays bounded.
 */
const UNMATCHED = 'unmatched';
/** Requests that no route took (404s): the label Nest's catch-all route gave them on Express, kept for dashboards. */
const NOT_FOUND = '*path';

/**
 * The api's own metrics, on the registry every process shares (ServiceMetrics): HTTP requests by
 * route pattern, method and status with their latency, and lifecycle events by type and outcome.
 *
 * `observe` runs once per request on the hot path (issue 16): the labelled children are looked up in
 * nested maps keyed by strings and numbers the request already holds, so a request allocates nothing
 * once its route, method and status have been seen.
 */
@Injectable()
export class ApiMetrics {
  private readonly requests: Histogram<'route' | 'method' | 'status'>;
  private readonly lifecycle: Counter<'type' | 'outcome'>;
  private readonly children = new Map<string, Map<string, Map<number, Child>>>();
  /** In a cluster worker: where the whole cluster's metrics come from (see cluster-metrics.ts). */
  clusterSource: (() => Promise<string | null>) | null = null;

  constructor(readonly service: ServiceMetrics) {
    this.requests = new Histogram({
      name: 'jixiao_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status, with their latency',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [service.registry],
    });
    this.lifecycle = new Counter({
      name: 'jixiao_lifecycle_events_total',
      help: 'Lifecycle events sent to cases, by type and outcome (accepted, refused)',
      labelNames: ['type', 'outcome'],
      registers: [service.registry],
    });
  }

  /** This process's metrics, or the whole cluster's through the primary; null when the primary did not answer. */
  async text(): Promise<{ contentType: string; body: string } | null> {
    if (this.clusterSource === null) return this.service.text();
    const body = await this.clusterSource();
    return body === null ? null : { contentType: this.service.registry.contentType, body };
  }

  /** One answered (or abandoned) request; `seconds` from its arrival. */
  observe(request: RoutedRequest, response: ServerResponse, seconds: number): void {
    const pattern = request.routeOptions.url;
    const route = request.is404 ? NOT_FOUND : pattern === undefined || pattern.endsWith('*') ? UNMATCHED : pattern;
    const method = request.method;
    const status = response.headersSent ? response.statusCode : 0;
    let byMethod = this.children.get(route);
    if (byMethod === undefined) this.children.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let child = byStatus.get(status);
    if (child === undefined) byStatus.set(status, (child = this.requests.labels(route, method, String(status))));
    child.observe(seconds);
  }

  /** `type` is one the body's validation accepted: the label set is bounded by the event types. */
  lifecycleEvent(type: string, outcome: 'accepted' | 'refused'): void {
    this.lifecycle.inc({ type, outcome });
  }
}
