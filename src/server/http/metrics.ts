// The server's Prometheus metrics: requests by route and status, their latency, and the process.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * One registry per server; `/metrics` serves it.
 *
 * @example
 * const metrics = new HttpMetrics();
 * metrics.observe('PUT', '/api/v1/keys/*', 200, 0.004);
 */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly seconds: Histogram<'method' | 'route'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'setpoint_' });
    this.requests = new Counter({
      name: 'setpoint_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.seconds = new Histogram({
      name: 'setpoint_http_request_duration_seconds',
      help: 'Time from receiving a request to answering it, by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
  }

  /** Counts one answered request; `route` is the pattern (never the URL, which holds key names). */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.seconds.observe({ method, route }, seconds);
  }
}
